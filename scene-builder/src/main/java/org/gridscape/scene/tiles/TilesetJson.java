package org.gridscape.scene.tiles;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.gridscape.scene.geo.BoundingRegion;

/**
 * Writes 3D Tiles 1.1 tileset.json files. Numbers are formatted from their exact binary value with
 * a fixed number of decimals, so output does not depend on the JDK's double-to-string algorithm;
 * regions are rounded outwards so a written region still contains what it bounds.
 */
final class TilesetJson {
  static final String VERSION = "1.1";
  /** 1e-12 rad is about 6 micrometres on the ground. */
  private static final int RADIAN_DECIMALS = 12;
  private static final int METRE_DECIMALS = 3;
  private static final int ROTATION_DECIMALS = 15;
  private static final int TRANSLATION_DECIMALS = 4;
  private static final JsonFactory JSON = new JsonFactory();

  /** A child tile pointing at another tileset.json. */
  record ExternalChild(String uri, BoundingRegion region, double geometricError) {}

  private TilesetJson() {}

  static String requireVersion(String tilesetVersion) {
    if (tilesetVersion == null || tilesetVersion.isBlank() || tilesetVersion.length() > 200) {
      throw new IllegalArgumentException("tilesetVersion must be 1-200 characters: " + tilesetVersion);
    }
    return tilesetVersion;
  }

  /**
   * Geometric error of a tile covering {@code region}: a tenth of its diagonal, so a client
   * refines into a grid's buildings within a few kilometres and into a village's grids a little
   * further out. Rounded to the millimetre so comparisons between levels are exact.
   */
  static double geometricError(BoundingRegion region) {
    double error = Math.max(1, region.diagonalMeters() / 10);
    return new BigDecimal(error).setScale(METRE_DECIMALS, RoundingMode.HALF_EVEN).doubleValue();
  }

  /** The tileset of one grid: a single tile with the GLB, its ENU frame as transform, error 0. */
  static byte[] gridTileset(GridTile tile, String tilesetVersion) {
    requireVersion(tilesetVersion);
    String self = TilePaths.grid(tile.gridCode());
    return write(json -> {
      writeAsset(json, tilesetVersion);
      json.writeFieldName("geometricError");
      json.writeNumber(decimal(geometricError(tile.region()), METRE_DECIMALS, RoundingMode.HALF_EVEN));
      json.writeObjectFieldStart("root");
      writeRegion(json, tile.region());
      json.writeArrayFieldStart("transform");
      double[] matrix = tile.frame().enuToEcefColumnMajor();
      for (int i = 0; i < 16; i++) {
        int decimals = i >= 12 ? TRANSLATION_DECIMALS : ROTATION_DECIMALS;
        json.writeNumber(decimal(matrix[i], decimals, RoundingMode.HALF_EVEN));
      }
      json.writeEndArray();
      json.writeNumberField("geometricError", 0);
      json.writeStringField("refine", "ADD");
      json.writeObjectFieldStart("content");
      json.writeStringField("uri", TilePaths.relative(self, tile.contentPath()));
      json.writeEndObject();
      json.writeEndObject();
    });
  }

  /**
   * A region's tileset: a root tile whose children point at the tilesets below. With
   * {@code contentUri} (the region's overview) the root shows it and refines by REPLACE; without,
   * it is empty and refines by ADD.
   */
  static byte[] regionTileset(
      String tilesetVersion, BoundingRegion region, double geometricError, String contentUri,
      List<ExternalChild> children) {
    requireVersion(tilesetVersion);
    return write(json -> {
      writeAsset(json, tilesetVersion);
      json.writeFieldName("geometricError");
      json.writeNumber(decimal(geometricError, METRE_DECIMALS, RoundingMode.HALF_EVEN));
      json.writeObjectFieldStart("root");
      writeRegion(json, region);
      json.writeFieldName("geometricError");
      json.writeNumber(decimal(geometricError, METRE_DECIMALS, RoundingMode.HALF_EVEN));
      json.writeStringField("refine", contentUri == null ? "ADD" : "REPLACE");
      if (contentUri != null) {
        json.writeObjectFieldStart("content");
        json.writeStringField("uri", contentUri);
        json.writeEndObject();
      }
      json.writeArrayFieldStart("children");
      for (ExternalChild child : children) {
        json.writeStartObject();
        writeRegion(json, child.region());
        json.writeFieldName("geometricError");
        json.writeNumber(decimal(child.geometricError(), METRE_DECIMALS, RoundingMode.HALF_EVEN));
        json.writeObjectFieldStart("content");
        json.writeStringField("uri", child.uri());
        json.writeEndObject();
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    });
  }

  @FunctionalInterface
  private interface Body {
    void write(JsonGenerator json) throws IOException;
  }

  private static byte[] write(Body body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
    try (JsonGenerator json = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
      json.writeStartObject();
      body.write(json);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  private static void writeAsset(JsonGenerator json, String tilesetVersion) throws IOException {
    json.writeObjectFieldStart("asset");
    json.writeStringField("version", VERSION);
    json.writeStringField("tilesetVersion", tilesetVersion);
    json.writeEndObject();
  }

  private static void writeRegion(JsonGenerator json, BoundingRegion region) throws IOException {
    json.writeObjectFieldStart("boundingVolume");
    json.writeArrayFieldStart("region");
    json.writeNumber(decimal(region.west(), RADIAN_DECIMALS, RoundingMode.FLOOR));
    json.writeNumber(decimal(region.south(), RADIAN_DECIMALS, RoundingMode.FLOOR));
    json.writeNumber(decimal(region.east(), RADIAN_DECIMALS, RoundingMode.CEILING));
    json.writeNumber(decimal(region.north(), RADIAN_DECIMALS, RoundingMode.CEILING));
    json.writeNumber(decimal(region.minHeight(), METRE_DECIMALS, RoundingMode.FLOOR));
    json.writeNumber(decimal(region.maxHeight(), METRE_DECIMALS, RoundingMode.CEILING));
    json.writeEndArray();
    json.writeEndObject();
  }

  static String decimal(double value, int decimals, RoundingMode rounding) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("not a finite number: " + value);
    }
    String text = new BigDecimal(value).setScale(decimals, rounding).stripTrailingZeros().toPlainString();
    return text.equals("-0") ? "0" : text;
  }
}
