package org.gridscape.server.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

/**
 * The real facts the sample district is built from: the 4 townships and 78 villages of
 * 泉州台商投资区 with their statistical codes, names and (for 31 villages) centre points, and the
 * approximate township polygons. The files are a copy of data/qtiz (CC BY 4.0, see its README).
 */
record ReferenceGeography(List<Township> townships, List<Village> villages) {

  static final String DISTRICT_CODE = "350521000000";
  static final String DISTRICT_NAME = "泉州台商投资区";
  static final String ATTRIBUTION =
      "Division codes, names and centre points: Vonng/adcode (CC BY 4.0); township polygons are"
          + " approximate and not official boundaries. All people, buildings and events are synthetic.";

  /** Islands smaller than this are dropped: they would only hold slivers of a village. */
  private static final double MIN_PART_AREA_DEG2 = 1.0e6 / (111_000.0 * 101_000.0);

  ReferenceGeography {
    townships = List.copyOf(townships);
    villages = List.copyOf(villages);
  }

  /** A township with its approximate polygon (lon/lat, largest part only). */
  record Township(String code, String name, double lon, double lat, Polygon polygon) {
    Township {
      Objects.requireNonNull(polygon, "polygon");
      if (code.length() != 12) {
        throw new IllegalArgumentException("township code must have 12 digits: " + code);
      }
    }

    String prefix9() {
      return code.substring(0, 9);
    }
  }

  /** A village; {@code hasCentre} tells whether lon/lat are the published centre. */
  record Village(String code, String townshipCode, String fullName, boolean hasCentre, double lon,
      double lat) {
    Village {
      if (code.length() != 12 || !code.startsWith(townshipCode.substring(0, 9))) {
        throw new IllegalArgumentException("bad village code " + code + " in " + townshipCode);
      }
    }

    /** 洛阳村委会 -> 洛阳村, 某居委会 -> 某社区: the name officials use on maps. */
    String displayName() {
      if (fullName.endsWith("村委会")) {
        return fullName.substring(0, fullName.length() - 2);
      }
      if (fullName.endsWith("居委会")) {
        return fullName.substring(0, fullName.length() - 3) + "社区";
      }
      return fullName;
    }
  }

  static ReferenceGeography load(GeometryFactory lonLatFactory) {
    List<String[]> rows = readCsv("qtiz/divisions.csv");
    List<Township> townships = new ArrayList<>();
    List<Village> villages = new ArrayList<>();
    JsonNode polygons = readJson("qtiz/townships-approx-wgs84.geojson");
    for (String[] r : rows) {
      boolean centre = r.length > 5 && !r[4].isEmpty();
      double lon = centre ? Double.parseDouble(r[4]) : Double.NaN;
      double lat = centre ? Double.parseDouble(r[5]) : Double.NaN;
      if (r[3].equals("town")) {
        townships.add(new Township(r[0], r[2], lon, lat, townshipPolygon(polygons, r[0], lonLatFactory)));
      } else if (r[3].equals("village")) {
        villages.add(new Village(r[0], r[1], r[2], centre, lon, lat));
      }
    }
    // The CSV is not sorted (后见村 sits among 洛阳镇's villages); code order is the stable order.
    townships.sort(Comparator.comparing(Township::code));
    villages.sort(Comparator.comparing(Village::code));
    return new ReferenceGeography(townships, villages);
  }

  List<Village> villagesOf(Township t) {
    return villages.stream().filter(v -> v.townshipCode().equals(t.code())).toList();
  }

  private static Polygon townshipPolygon(JsonNode fc, String code, GeometryFactory f) {
    for (JsonNode feature : fc.get("features")) {
      if (!feature.get("properties").get("code12").asText().equals(code)) {
        continue;
      }
      JsonNode geom = feature.get("geometry");
      List<JsonNode> parts = new ArrayList<>();
      if (geom.get("type").asText().equals("Polygon")) {
        parts.add(geom.get("coordinates"));
      } else {
        geom.get("coordinates").forEach(parts::add);
      }
      Polygon best = null;
      for (JsonNode part : parts) {
        // Only the outer ring: the approximate polygons carry no holes.
        Polygon p = f.createPolygon(ring(part.get(0), f));
        if (p.getArea() >= MIN_PART_AREA_DEG2 && (best == null || p.getArea() > best.getArea())) {
          best = p;
        }
      }
      return best;
    }
    throw new IllegalStateException("no polygon for township " + code);
  }

  private static LinearRing ring(JsonNode coords, GeometryFactory f) {
    Coordinate[] cs = new Coordinate[coords.size()];
    for (int i = 0; i < cs.length; i++) {
      cs[i] = new Coordinate(coords.get(i).get(0).asDouble(), coords.get(i).get(1).asDouble());
    }
    return f.createLinearRing(cs);
  }

  private static List<String[]> readCsv(String resource) {
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(open(resource), StandardCharsets.UTF_8))) {
      r.readLine(); // header
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isBlank()) {
          rows.add(line.split(",", -1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  private static JsonNode readJson(String resource) {
    try (InputStream in = open(resource)) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream open(String resource) {
    InputStream in = ReferenceGeography.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("missing classpath resource " + resource);
    }
    return in;
  }
}
