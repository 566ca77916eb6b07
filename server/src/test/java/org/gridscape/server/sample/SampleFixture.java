package org.gridscape.server.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gridscape.server.grid.LocalProjection;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;

/**
 * The published sample (scale 1, default seed), generated once per test JVM into a temporary
 * directory, and small readers that load it back the way an importer would: from the files only.
 */
final class SampleFixture {

  static final GeometryFactory LON_LAT = new GeometryFactory(new PrecisionModel(1e7), 4326);
  private static final LocalProjection PLANE = LocalProjection.equirectangular(118.74, 24.93);
  private static SampleFixture instance;

  final Path dir;
  final SampleSummary summary;
  final List<String> progress = new ArrayList<>();

  private SampleFixture(Path dir) {
    this.dir = dir;
    this.summary = SampleDistrictGenerator.generate(SampleOptions.defaults(dir), progress::add);
  }

  private SampleFixture(Path dir, SampleSummary summary) {
    this.dir = dir;
    this.summary = summary;
  }

  /** Readers over a sample some other test generated. */
  static SampleFixture at(Path dir) {
    return new SampleFixture(dir, null);
  }

  static synchronized SampleFixture get() {
    if (instance == null) {
      try {
        Path dir = Files.createTempDirectory("gridscape-sample-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
        instance = new SampleFixture(dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  static void delete(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a temp directory left behind is harmless
    }
  }

  /** A GeoJSON feature read back: its properties as text and its geometry. */
  record Feature(Map<String, String> props, Geometry geometry) {
    String get(String key) {
      return props.get(key);
    }
  }

  List<Feature> features(String relative) {
    return readFeatures(dir.resolve(relative));
  }

  static List<Feature> readFeatures(Path file) {
    try {
      JsonNode fc = new ObjectMapper().readTree(file.toFile());
      List<Feature> out = new ArrayList<>();
      for (JsonNode f : fc.get("features")) {
        Map<String, String> props = new LinkedHashMap<>();
        f.get("properties").fields().forEachRemaining(e ->
            props.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        out.add(new Feature(props, geometry(f.get("geometry"))));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Geometry geometry(JsonNode g) {
    JsonNode c = g.get("coordinates");
    return switch (g.get("type").asText()) {
      case "Point" -> LON_LAT.createPoint(coordinate(c));
      case "LineString" -> LON_LAT.createLineString(coordinates(c));
      case "Polygon" -> polygon(c);
      case "MultiPolygon" -> {
        Polygon[] ps = new Polygon[c.size()];
        for (int i = 0; i < ps.length; i++) {
          ps[i] = polygon(c.get(i));
        }
        yield LON_LAT.createMultiPolygon(ps);
      }
      default -> throw new IllegalArgumentException(g.get("type").asText());
    };
  }

  private static Polygon polygon(JsonNode rings) {
    LinearRing shell = LON_LAT.createLinearRing(coordinates(rings.get(0)));
    LinearRing[] holes = new LinearRing[rings.size() - 1];
    for (int i = 1; i < rings.size(); i++) {
      holes[i - 1] = LON_LAT.createLinearRing(coordinates(rings.get(i)));
    }
    return LON_LAT.createPolygon(shell, holes);
  }

  private static Coordinate[] coordinates(JsonNode a) {
    Coordinate[] cs = new Coordinate[a.size()];
    for (int i = 0; i < cs.length; i++) {
      cs[i] = coordinate(a.get(i));
    }
    return cs;
  }

  private static Coordinate coordinate(JsonNode p) {
    return new Coordinate(p.get(0).asDouble(), p.get(1).asDouble());
  }

  /** CSV rows (RFC 4180) as maps from header name to value; the header row is checked. */
  List<Map<String, String>> csv(String name, String expectedHeader) {
    try {
      List<String> lines = Files.readAllLines(dir.resolve(name), StandardCharsets.UTF_8);
      if (!lines.get(0).equals(expectedHeader)) {
        throw new AssertionError(name + " header is " + lines.get(0));
      }
      List<String> header = parseLine(lines.get(0));
      List<Map<String, String>> rows = new ArrayList<>(lines.size());
      for (String line : lines.subList(1, lines.size())) {
        List<String> fields = parseLine(line);
        if (fields.size() != header.size()) {
          throw new AssertionError(name + ": wrong field count in " + line);
        }
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
          row.put(header.get(i), fields.get(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> parseLine(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    out.add(field.toString());
    return out;
  }

  /**
   * The geometry in metres, in the generator's own plane (equirectangular around the district's
   * middle): good to well under 0.1 % over the district, which is all area and distance checks need.
   */
  static Geometry metric(Geometry lonLat) {
    return PLANE.toMetres(lonLat, new GeometryFactory());
  }
}
