package org.gridscape.scene.gltf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Test-side GLB reader that asserts the container rules while parsing: header, chunk types,
 * lengths and padding (spaces after JSON, zeros after BIN).
 */
public final class GlbFile {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public final JsonNode json;
  public final ByteBuffer bin;

  private GlbFile(JsonNode json, ByteBuffer bin) {
    this.json = json;
    this.bin = bin;
  }

  public static GlbFile parse(byte[] glb) {
    ByteBuffer in = ByteBuffer.wrap(glb).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(in.getInt()).as("magic").isEqualTo(0x46546C67);
    assertThat(in.getInt()).as("version").isEqualTo(2);
    assertThat(in.getInt()).as("total length").isEqualTo(glb.length);
    int jsonLength = in.getInt();
    assertThat(in.getInt()).as("first chunk type").isEqualTo(0x4E4F534A);
    assertThat(jsonLength % 4).as("JSON chunk length is a multiple of 4").isZero();
    byte[] jsonBytes = Arrays.copyOfRange(glb, 20, 20 + jsonLength);
    String text = new String(jsonBytes, StandardCharsets.UTF_8);
    String trimmed = text.stripTrailing();
    assertThat(text.substring(trimmed.length())).as("JSON padding").matches(" {0,3}");
    JsonNode json;
    try {
      json = MAPPER.readTree(trimmed);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    in.position(20 + jsonLength);
    int binLength = in.getInt();
    assertThat(in.getInt()).as("second chunk type").isEqualTo(0x004E4942);
    assertThat(binLength % 4).as("BIN chunk length is a multiple of 4").isZero();
    assertThat(20 + jsonLength + 8 + binLength).as("chunks fill the file").isEqualTo(glb.length);
    int bufferLength = json.path("buffers").path(0).path("byteLength").asInt();
    assertThat(bufferLength).isPositive().isLessThanOrEqualTo(binLength);
    assertThat(binLength - bufferLength).as("BIN padding at most 3 bytes").isLessThan(4);
    int binStart = 28 + jsonLength;
    for (int i = binStart + bufferLength; i < binStart + binLength; i++) {
      assertThat(glb[i]).as("BIN padding byte").isZero();
    }
    ByteBuffer bin = ByteBuffer.wrap(glb, binStart, bufferLength).slice().order(ByteOrder.LITTLE_ENDIAN);
    return new GlbFile(json, bin);
  }

  /** Decoded EXT_meshopt_compression views, by view index (see {@link MeshoptDecoding}). */
  private final java.util.Map<Integer, ByteBuffer> decoded = new java.util.HashMap<>();

  /** The bytes of bufferView {@code index}, little-endian. */
  public ByteBuffer view(int index) {
    JsonNode view = json.path("bufferViews").path(index);
    JsonNode meshopt = view.path("extensions").path("EXT_meshopt_compression");
    if (!meshopt.isMissingNode()) {
      return decoded.computeIfAbsent(index, i -> decode(view, meshopt)).duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }
    assertThat(view.path("buffer").asInt()).as("uncompressed views lie in the GLB buffer").isZero();
    int offset = view.path("byteOffset").asInt(0);
    int length = view.path("byteLength").asInt();
    return bin.duplicate().position(offset).limit(offset + length).slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  private ByteBuffer decode(JsonNode view, JsonNode meshopt) {
    assertThat(meshopt.path("buffer").asInt()).as("compressed data in the GLB buffer").isZero();
    int count = meshopt.path("count").asInt();
    int stride = meshopt.path("byteStride").asInt();
    assertThat(view.path("byteLength").asInt()).isEqualTo(count * stride);
    if (view.has("byteStride")) {
      assertThat(view.path("byteStride").asInt()).isEqualTo(stride);
    }
    JsonNode fallback = json.path("buffers").path(view.path("buffer").asInt());
    assertThat(fallback.path("extensions").path("EXT_meshopt_compression").path("fallback").asBoolean())
        .as("compressed views point into the fallback buffer").isTrue();
    assertThat(fallback.has("uri")).isFalse();
    assertThat(view.path("byteOffset").asInt(0) + view.path("byteLength").asInt())
        .isLessThanOrEqualTo(fallback.path("byteLength").asInt());
    byte[] source = new byte[meshopt.path("byteLength").asInt()];
    bin.get(meshopt.path("byteOffset").asInt(0), source);
    byte[] bytes = switch (meshopt.path("mode").asText()) {
      case "ATTRIBUTES" -> MeshoptDecoding.attributes(source, count, stride);
      case "INDICES", "TRIANGLES" -> {
        int[] values = meshopt.path("mode").asText().equals("INDICES")
            ? MeshoptDecoding.indices(source, count) : MeshoptDecoding.triangles(source, count);
        ByteBuffer out = ByteBuffer.allocate(count * stride).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
          if (stride == 2) {
            out.putShort((short) v);
          } else {
            out.putInt(v);
          }
        }
        yield out.array();
      }
      default -> throw new AssertionError("unexpected meshopt mode " + meshopt);
    };
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  public JsonNode accessor(int index) {
    return json.path("accessors").path(index);
  }

  /** FLOAT accessor values, tightly packed. */
  public float[] floats(int accessorIndex) {
    JsonNode accessor = accessor(accessorIndex);
    assertThat(accessor.path("componentType").asInt()).isEqualTo(5126);
    int components = switch (accessor.path("type").asText()) {
      case "SCALAR" -> 1;
      case "VEC3" -> 3;
      default -> throw new AssertionError(accessor);
    };
    ByteBuffer data = view(accessor.path("bufferView").asInt());
    data.position(accessor.path("byteOffset").asInt(0));
    float[] values = new float[accessor.path("count").asInt() * components];
    data.asFloatBuffer().get(values);
    return values;
  }

  /** Components per element of an accessor type. */
  private static int components(JsonNode accessor) {
    return switch (accessor.path("type").asText()) {
      case "SCALAR" -> 1;
      case "VEC2" -> 2;
      case "VEC3" -> 3;
      case "VEC4" -> 4;
      default -> throw new AssertionError(accessor);
    };
  }

  private static int componentBytes(int componentType) {
    return switch (componentType) {
      case 5120, 5121 -> 1;
      case 5122, 5123 -> 2;
      case 5125, 5126 -> 4;
      default -> throw new AssertionError("component type " + componentType);
    };
  }

  /**
   * Any accessor's values as read by a client, honouring byteStride: integers as they are, or
   * mapped to [-1, 1] / [0, 1] when {@code normalized} (glTF 2.0, 3.11).
   */
  public double[] values(int accessorIndex) {
    JsonNode accessor = accessor(accessorIndex);
    int type = accessor.path("componentType").asInt();
    int components = components(accessor);
    int size = componentBytes(type);
    JsonNode view = json.path("bufferViews").path(accessor.path("bufferView").asInt());
    int stride = view.path("byteStride").asInt(components * size);
    boolean normalized = accessor.path("normalized").asBoolean(false);
    ByteBuffer data = view(accessor.path("bufferView").asInt());
    int offset = accessor.path("byteOffset").asInt(0);
    int count = accessor.path("count").asInt();
    assertThat(offset + (count - 1) * stride + components * size).as("accessor %d fits its view", accessorIndex)
        .isLessThanOrEqualTo(data.remaining());
    double[] out = new double[count * components];
    for (int i = 0; i < count; i++) {
      for (int c = 0; c < components; c++) {
        int at = offset + i * stride + c * size;
        double raw = switch (type) {
          case 5120 -> data.get(at);
          case 5121 -> Byte.toUnsignedInt(data.get(at));
          case 5122 -> data.getShort(at);
          case 5123 -> Short.toUnsignedInt(data.getShort(at));
          case 5125 -> Integer.toUnsignedLong(data.getInt(at));
          default -> data.getFloat(at);
        };
        if (normalized) {
          raw = switch (type) {
            case 5120 -> Math.max(raw / 127.0, -1);
            case 5121 -> raw / 255.0;
            case 5122 -> Math.max(raw / 32767.0, -1);
            case 5123 -> raw / 65535.0;
            default -> throw new AssertionError("normalized " + type);
          };
        }
        out[i * components + c] = raw;
      }
    }
    return out;
  }

  /**
   * POSITION of a primitive of mesh 0 in the mesh's node frame, i.e. with that node's scale and
   * translation applied (how KHR_mesh_quantization carries the dequantization here). A parent
   * node's matrix (an overview placing itself) is not applied: see {@link #rootMatrix()}.
   */
  public double[] positions(JsonNode primitive) {
    double[] p = values(primitive.path("attributes").path("POSITION").asInt());
    JsonNode node = meshNode();
    assertThat(node.has("matrix")).as("no matrix, only TRS").isFalse();
    assertThat(node.has("rotation")).as("no rotation").isFalse();
    for (int i = 0; i < p.length; i++) {
      int axis = i % 3;
      p[i] = p[i] * node.path("scale").path(axis).asDouble(1) + node.path("translation").path(axis).asDouble(0);
    }
    return p;
  }

  /** The node holding mesh 0 (node 0, or the child of a root node with a matrix). */
  public JsonNode meshNode() {
    for (JsonNode node : json.path("nodes")) {
      if (node.has("mesh")) {
        return node;
      }
    }
    throw new AssertionError("no node holds a mesh");
  }

  /** The scene's root node matrix (column-major), or null when the root is the mesh node itself. */
  public double[] rootMatrix() {
    JsonNode root = json.path("nodes").path(json.path("scenes").path(0).path("nodes").path(0).asInt());
    if (!root.has("matrix")) {
      return null;
    }
    double[] m = new double[16];
    for (int i = 0; i < 16; i++) {
      m[i] = root.path("matrix").path(i).asDouble();
    }
    return m;
  }

  public int[] indices(int accessorIndex) {
    JsonNode accessor = accessor(accessorIndex);
    ByteBuffer data = view(accessor.path("bufferView").asInt());
    int[] values = new int[accessor.path("count").asInt()];
    int type = accessor.path("componentType").asInt();
    for (int i = 0; i < values.length; i++) {
      values[i] = type == 5123 ? Short.toUnsignedInt(data.getShort()) : data.getInt();
    }
    return values;
  }

  /** The strings of a STRING property of property table 0. */
  public String[] strings(String property) {
    JsonNode table = propertyTable();
    JsonNode p = table.path("properties").path(property);
    assertThat(p.path("stringOffsetType").asText("UINT32")).isEqualTo("UINT32");
    ByteBuffer values = view(p.path("values").asInt());
    ByteBuffer offsets = view(p.path("stringOffsets").asInt());
    int count = table.path("count").asInt();
    assertThat(offsets.remaining()).isEqualTo((count + 1) * 4);
    String[] strings = new String[count];
    int start = offsets.getInt(0);
    assertThat(start).isZero();
    for (int i = 0; i < count; i++) {
      int end = offsets.getInt((i + 1) * 4);
      assertThat(end).as("string offsets increase").isGreaterThanOrEqualTo(start)
          .isLessThanOrEqualTo(values.remaining());
      byte[] utf8 = new byte[end - start];
      values.get(start, utf8);
      strings[i] = new String(utf8, StandardCharsets.UTF_8);
      start = end;
    }
    return strings;
  }

  /** Unsigned integer values of a SCALAR or ENUM property of property table 0. */
  public long[] unsigned(String property, int width) {
    JsonNode table = propertyTable();
    ByteBuffer values = view(table.path("properties").path(property).path("values").asInt());
    int count = table.path("count").asInt();
    assertThat(values.remaining()).as("%s values length", property).isEqualTo(Math.max(1, count * width));
    long[] out = new long[count];
    for (int i = 0; i < count; i++) {
      out[i] = switch (width) {
        case 1 -> Byte.toUnsignedInt(values.get(i));
        case 2 -> Short.toUnsignedInt(values.getShort(i * 2));
        default -> Integer.toUnsignedLong(values.getInt(i * 4));
      };
    }
    return out;
  }

  public float[] float32(String property) {
    JsonNode table = propertyTable();
    ByteBuffer values = view(table.path("properties").path(property).path("values").asInt());
    int count = table.path("count").asInt();
    assertThat(values.remaining()).isEqualTo(count * 4);
    float[] out = new float[count];
    values.asFloatBuffer().get(out);
    return out;
  }

  public JsonNode propertyTable() {
    return json.path("extensions").path("EXT_structural_metadata").path("propertyTables").path(0);
  }

  public JsonNode schema() {
    return json.path("extensions").path("EXT_structural_metadata").path("schema");
  }
}
