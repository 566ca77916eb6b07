package org.gridscape.scene.gltf;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.gridscape.scene.mesh.MeshBuffer;

/**
 * Assembles one GLB from triangle primitives and the feature property table: glTF 2.0 with
 * EXT_mesh_features (per-vertex feature IDs in {@code _FEATURE_ID_0}) and EXT_structural_metadata
 * (one schema, one property table). The JSON is written field by field in a fixed order and floats
 * are written as exact decimals, so the same input always gives the same bytes. Stateless.
 */
public final class GlbAssembler {
  public static final String EXT_MESH_FEATURES = "EXT_mesh_features";
  public static final String EXT_STRUCTURAL_METADATA = "EXT_structural_metadata";
  public static final String KHR_MESH_QUANTIZATION = "KHR_mesh_quantization";
  public static final String EXT_MESHOPT_COMPRESSION = "EXT_meshopt_compression";
  /** The finest position step: {@link MeshBuffer} already snaps positions to it. */
  public static final double FINEST_POSITION_STEP = MeshBuffer.POSITION_QUANTUM;
  public static final String GENERATOR = "GridScape scene-builder";

  private static final JsonFactory JSON = new JsonFactory();
  private static final int BYTE = 5120;
  private static final int UNSIGNED_BYTE = 5121;
  private static final int FLOAT = 5126;
  private static final int UNSIGNED_SHORT = 5123;
  private static final int UNSIGNED_INT = 5125;

  /** A triangle list with its material; its vertices carry feature IDs into the table. */
  public record Primitive(MeshBuffer mesh, Material material) {
    public Primitive {
      Objects.requireNonNull(mesh, "mesh");
      Objects.requireNonNull(material, "material");
      if (mesh.vertexCount() == 0 || mesh.indexCount() == 0) {
        throw new IllegalArgumentException("primitive has no triangles");
      }
    }
  }

  private record Accessor(
      int bufferView, int componentType, boolean normalized, int count, String type, int[] min,
      int[] max) {}

  /**
   * How the 16-bit positions map back to metres: {@code p = origin + q * step}, written as the
   * node's translation and uniform scale (uniform, so normals need no correction). The step is a
   * power of two, so origin and step are exact short decimals and the arithmetic is exact.
   */
  record Quantization(double[] origin, double step) {
    /** The finest power-of-two step at which every vertex of every primitive fits 16 bits. */
    static Quantization of(List<Primitive> primitives) {
      double[] min = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
      double[] max = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
      for (Primitive primitive : primitives) {
        for (int axis = 0; axis < 3; axis++) {
          min[axis] = Math.min(min[axis], primitive.mesh().minPosition(axis));
          max[axis] = Math.max(max[axis], primitive.mesh().maxPosition(axis));
        }
      }
      double step = FINEST_POSITION_STEP;
      while (true) {
        double[] origin = new double[3];
        boolean fits = true;
        for (int axis = 0; axis < 3; axis++) {
          origin[axis] = Math.floor(min[axis] / step) * step;
          fits &= Math.round((max[axis] - origin[axis]) / step) <= 0xFFFF;
        }
        if (fits) {
          return new Quantization(origin, step);
        }
        step *= 2;
      }
    }
  }

  /** Accessor indices of a primitive; {@code color} is -1 when it has no COLOR_0. */
  private record EncodedPrimitive(
      int position, int normal, int color, int featureId, int indices, int material) {}

  private GlbAssembler() {}

  /**
   * Encodes the primitives and the feature table as GLB bytes.
   *
   * @param rows one row per feature; every feature ID in the primitives must be below its size
   */
  public static byte[] assemble(List<Primitive> primitives, List<FeatureRow> rows) {
    return assemble(primitives, rows, null);
  }

  /**
   * As {@link #assemble(List, List)}, with the mesh's node under a root node carrying
   * {@code rootMatrix} (16 numbers, column-major): content that places itself, for a tile with no
   * transform of its own.
   */
  public static byte[] assemble(List<Primitive> primitives, List<FeatureRow> rows, double[] rootMatrix) {
    if (rootMatrix != null && rootMatrix.length != 16) {
      throw new IllegalArgumentException("a node matrix has 16 numbers, not " + rootMatrix.length);
    }
    if (primitives.isEmpty()) {
      throw new IllegalArgumentException("a GLB needs at least one primitive");
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("a GLB needs at least one feature");
    }
    BinaryBuffer buffer = new BinaryBuffer();
    List<Accessor> accessors = new ArrayList<>();
    List<Material> materials = new ArrayList<>();
    List<EncodedPrimitive> encoded = new ArrayList<>();
    Quantization quantization = Quantization.of(primitives);
    // Feature IDs fit UNSIGNED_SHORT in any real grid; FLOAT (exact below 2^24) beyond that.
    boolean shortFeatureIds = rows.size() <= 0x10000;
    for (Primitive primitive : primitives) {
      MeshBuffer mesh = primitive.mesh();
      int vertices = mesh.vertexCount();
      for (int v = 0; v < vertices; v++) {
        if (mesh.featureId(v) < 0 || mesh.featureId(v) >= rows.size()) {
          throw new IllegalArgumentException(
              "feature ID " + mesh.featureId(v) + " outside the table of " + rows.size());
        }
      }
      int positionView = buffer.addCompressedView(vertices, 8, BinaryBuffer.ARRAY_BUFFER, 8,
          out -> mesh.writePositionsUint16(out, quantization.origin(), quantization.step()));
      int[] min = new int[3];
      int[] max = new int[3];
      for (int axis = 0; axis < 3; axis++) {
        min[axis] = Integer.MAX_VALUE;
        max[axis] = Integer.MIN_VALUE;
        for (int v = 0; v < vertices; v++) {
          int q = mesh.quantisedPosition(v, axis, quantization.origin(), quantization.step());
          min[axis] = Math.min(min[axis], q);
          max[axis] = Math.max(max[axis], q);
        }
      }
      int position = add(accessors, new Accessor(positionView, UNSIGNED_SHORT, false, vertices, "VEC3", min, max));
      int normalView = buffer.addCompressedView(vertices, 4, BinaryBuffer.ARRAY_BUFFER, 4, mesh::writeNormalsInt8);
      int normal = add(accessors, new Accessor(normalView, BYTE, true, vertices, "VEC3", null, null));
      int color = -1;
      if (mesh.hasColors()) {
        int colorView = buffer.addCompressedView(vertices, 4, BinaryBuffer.ARRAY_BUFFER, 4, mesh::writeColorsUint8);
        color = add(accessors, new Accessor(colorView, UNSIGNED_BYTE, true, vertices, "VEC3", null, null));
      }
      int featureView = shortFeatureIds
          ? buffer.addCompressedView(vertices, 4, BinaryBuffer.ARRAY_BUFFER, 4, mesh::writeFeatureIdsUint16)
          : buffer.addCompressedView(vertices, 4, BinaryBuffer.ARRAY_BUFFER, 4, mesh::writeFeatureIds);
      int featureId = add(accessors, new Accessor(
          featureView, shortFeatureIds ? UNSIGNED_SHORT : FLOAT, false, vertices, "SCALAR", null, null));
      boolean shortIndices = vertices <= 65536;
      int indexView = shortIndices
          ? buffer.addCompressedView(mesh.indexCount(), 2, BinaryBuffer.ELEMENT_ARRAY_BUFFER, 0, mesh::writeIndicesUint16)
          : buffer.addCompressedView(mesh.indexCount(), 4, BinaryBuffer.ELEMENT_ARRAY_BUFFER, 0, mesh::writeIndicesUint32);
      int indices = add(accessors, new Accessor(
          indexView, shortIndices ? UNSIGNED_SHORT : UNSIGNED_INT, false, mesh.indexCount(), "SCALAR", null, null));
      int material = materials.indexOf(primitive.material());
      if (material < 0) {
        materials.add(primitive.material());
        material = materials.size() - 1;
      }
      encoded.add(new EncodedPrimitive(position, normal, color, featureId, indices, material));
    }
    List<BuildingMetadata.EncodedProperty> table = BuildingMetadata.encode(rows, buffer);
    byte[] bin = buffer.bytes();
    byte[] json = json(rows.size(), quantization, rootMatrix, encoded, accessors, materials, table, buffer);
    return GlbWriter.write(json, bin);
  }

  private static int add(List<Accessor> accessors, Accessor accessor) {
    accessors.add(accessor);
    return accessors.size() - 1;
  }

  private static byte[] json(
      int featureCount, Quantization quantization, double[] rootMatrix, List<EncodedPrimitive> primitives,
      List<Accessor> accessors, List<Material> materials, List<BuildingMetadata.EncodedProperty> table, BinaryBuffer buffer) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
    try (JsonGenerator json = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
      json.writeStartObject();
      json.writeObjectFieldStart("asset");
      json.writeStringField("generator", GENERATOR);
      json.writeStringField("version", "2.0");
      json.writeEndObject();
      json.writeArrayFieldStart("extensionsUsed");
      json.writeString(EXT_MESH_FEATURES);
      json.writeString(EXT_STRUCTURAL_METADATA);
      json.writeString(KHR_MESH_QUANTIZATION);
      json.writeString(EXT_MESHOPT_COMPRESSION);
      json.writeEndArray();
      // Integer positions and byte normals are not core glTF, and the geometry exists only
      // compressed (the fallback buffer has no bytes): a client must understand both.
      json.writeArrayFieldStart("extensionsRequired");
      json.writeString(KHR_MESH_QUANTIZATION);
      json.writeString(EXT_MESHOPT_COMPRESSION);
      json.writeEndArray();
      json.writeObjectFieldStart("extensions");
      json.writeObjectFieldStart(EXT_STRUCTURAL_METADATA);
      json.writeFieldName("schema");
      BuildingMetadata.writeSchema(json);
      json.writeArrayFieldStart("propertyTables");
      BuildingMetadata.writePropertyTable(json, featureCount, table);
      json.writeEndArray();
      json.writeEndObject();
      json.writeEndObject();
      json.writeNumberField("scene", 0);
      json.writeArrayFieldStart("scenes");
      json.writeStartObject();
      json.writeArrayFieldStart("nodes");
      json.writeNumber(0);
      json.writeEndArray();
      json.writeEndObject();
      json.writeEndArray();
      json.writeArrayFieldStart("nodes");
      if (rootMatrix != null) {
        json.writeStartObject();
        json.writeArrayFieldStart("children");
        json.writeNumber(1);
        json.writeEndArray();
        // Rotation to 1e-15, translation to 0.1 mm: short, and far below the positions' step.
        json.writeArrayFieldStart("matrix");
        for (int i = 0; i < 16; i++) {
          json.writeNumber(new BigDecimal(rootMatrix[i]).setScale(i >= 12 ? 4 : 15, RoundingMode.HALF_EVEN)
              .stripTrailingZeros().toPlainString());
        }
        json.writeEndArray();
        json.writeEndObject();
      }
      json.writeStartObject();
      json.writeNumberField("mesh", 0);
      double[] origin = quantization.origin();
      writeExact(json, "scale", quantization.step(), quantization.step(), quantization.step());
      writeExact(json, "translation", origin[0], origin[1], origin[2]);
      json.writeEndObject();
      json.writeEndArray();
      json.writeArrayFieldStart("meshes");
      json.writeStartObject();
      json.writeArrayFieldStart("primitives");
      for (EncodedPrimitive primitive : primitives) {
        writePrimitive(json, primitive, featureCount);
      }
      json.writeEndArray();
      json.writeEndObject();
      json.writeEndArray();
      json.writeArrayFieldStart("materials");
      for (Material material : materials) {
        material.write(json);
      }
      json.writeEndArray();
      json.writeArrayFieldStart("accessors");
      for (Accessor accessor : accessors) {
        writeAccessor(json, accessor);
      }
      json.writeEndArray();
      json.writeArrayFieldStart("bufferViews");
      for (BinaryBuffer.View view : buffer.views()) {
        json.writeStartObject();
        json.writeNumberField("buffer", view.buffer());
        json.writeNumberField("byteOffset", view.byteOffset());
        json.writeNumberField("byteLength", view.byteLength());
        if (view.byteStride() != 0) {
          json.writeNumberField("byteStride", view.byteStride());
        }
        if (view.target() != 0) {
          json.writeNumberField("target", view.target());
        }
        if (view.compressed() != null) {
          BinaryBuffer.Compressed compressed = view.compressed();
          json.writeObjectFieldStart("extensions");
          json.writeObjectFieldStart(EXT_MESHOPT_COMPRESSION);
          json.writeNumberField("buffer", 0);
          json.writeNumberField("byteOffset", compressed.byteOffset());
          json.writeNumberField("byteLength", compressed.byteLength());
          json.writeNumberField("byteStride", compressed.byteStride());
          json.writeNumberField("count", compressed.count());
          json.writeStringField("mode", compressed.mode());
          json.writeEndObject();
          json.writeEndObject();
        }
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeArrayFieldStart("buffers");
      json.writeStartObject();
      json.writeNumberField("byteLength", buffer.byteLength());
      json.writeEndObject();
      if (buffer.fallbackByteLength() > 0) {
        json.writeStartObject();
        json.writeNumberField("byteLength", buffer.fallbackByteLength());
        json.writeObjectFieldStart("extensions");
        json.writeObjectFieldStart(EXT_MESHOPT_COMPRESSION);
        json.writeBooleanField("fallback", true);
        json.writeEndObject();
        json.writeEndObject();
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  private static void writePrimitive(JsonGenerator json, EncodedPrimitive primitive, int featureCount)
      throws IOException {
    json.writeStartObject();
    json.writeObjectFieldStart("attributes");
    json.writeNumberField("POSITION", primitive.position());
    json.writeNumberField("NORMAL", primitive.normal());
    if (primitive.color() >= 0) {
      json.writeNumberField("COLOR_0", primitive.color());
    }
    json.writeNumberField("_FEATURE_ID_0", primitive.featureId());
    json.writeEndObject();
    json.writeNumberField("indices", primitive.indices());
    json.writeNumberField("material", primitive.material());
    json.writeNumberField("mode", 4);
    json.writeObjectFieldStart("extensions");
    json.writeObjectFieldStart(EXT_MESH_FEATURES);
    json.writeArrayFieldStart("featureIds");
    json.writeStartObject();
    json.writeNumberField("featureCount", featureCount);
    json.writeNumberField("attribute", 0);
    json.writeNumberField("propertyTable", 0);
    json.writeEndObject();
    json.writeEndArray();
    json.writeEndObject();
    json.writeEndObject();
    json.writeEndObject();
  }

  private static void writeAccessor(JsonGenerator json, Accessor accessor) throws IOException {
    json.writeStartObject();
    json.writeNumberField("bufferView", accessor.bufferView());
    json.writeNumberField("componentType", accessor.componentType());
    if (accessor.normalized()) {
      json.writeBooleanField("normalized", true);
    }
    json.writeNumberField("count", accessor.count());
    json.writeStringField("type", accessor.type());
    if (accessor.min() != null) {
      json.writeArrayFieldStart("min");
      for (int value : accessor.min()) {
        json.writeNumber(value);
      }
      json.writeEndArray();
      json.writeArrayFieldStart("max");
      for (int value : accessor.max()) {
        json.writeNumber(value);
      }
      json.writeEndArray();
    }
    json.writeEndObject();
  }

  /**
   * Exact decimal expansion of each value (dyadic fractions here): independent of the JDK's
   * double-to-string algorithm, so the same input always gives the same bytes.
   */
  private static void writeExact(JsonGenerator json, String field, double... values)
      throws IOException {
    json.writeArrayFieldStart(field);
    for (double value : values) {
      json.writeNumber(new BigDecimal(value == 0 ? 0.0 : value).toPlainString());
    }
    json.writeEndArray();
  }
}
