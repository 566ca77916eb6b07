package org.gridscape.server.ingest.geojson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridscape.server.ingest.FeatureLayer;
import org.gridscape.server.ingest.IngestException;
import org.gridscape.server.ingest.IngestProblem;
import org.gridscape.server.ingest.SourceFeature;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * GeoJSON (RFC 7946) features in and out. Reading accepts a FeatureCollection or a single Feature, and
 * honours the pre-RFC {@code crs} member ({@code {"type":"name","properties":{"name":"EPSG:4549"}}})
 * that QGIS still writes for projected exports; without it coordinates are WGS84 lon/lat. Writing puts
 * outer rings counter-clockwise and holes clockwise (the RFC's right-hand rule).
 */
public final class GeoJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private GeoJson() {
  }

  /**
   * Reads all features into one layer called {@code name}.
   *
   * @throws IngestException 400 {@code malformed_json} for bad JSON or structure, 422
   *                         {@code invalid_geometry} for rings that are not closed or too short
   */
  public static FeatureLayer read(String name, byte[] json, GeometryFactory factory) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IngestException(IngestException.Kind.MALFORMED_JSON, "malformed JSON: " + e.getOriginalMessage()
          + locationOf(e));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (root == null || !root.isObject()) {
      throw new IngestException(IngestException.Kind.MALFORMED_JSON, "expected a GeoJSON object");
    }
    String type = root.path("type").asText("");
    List<JsonNode> featureNodes = new ArrayList<>();
    switch (type) {
      case "FeatureCollection" -> {
        JsonNode features = root.get("features");
        if (features == null || !features.isArray()) {
          throw new IngestException(IngestException.Kind.MALFORMED_JSON, "a FeatureCollection needs a 'features' array");
        }
        features.forEach(featureNodes::add);
      }
      case "Feature" -> featureNodes.add(root);
      default -> throw new IngestException(IngestException.Kind.MALFORMED_JSON,
          "expected a GeoJSON FeatureCollection or Feature, got type '" + type + "'");
    }
    List<SourceFeature> features = new ArrayList<>(featureNodes.size());
    for (int i = 0; i < featureNodes.size(); i++) {
      features.add(feature(name, i, featureNodes.get(i), factory));
    }
    return new FeatureLayer(name, crsMember(root), features);
  }

  private static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }

  private static String crsMember(JsonNode root) {
    JsonNode crs = root.get("crs");
    if (crs == null || crs.isNull()) {
      return null;
    }
    JsonNode nameNode = crs.path("properties").path("name");
    if (!nameNode.isTextual()) {
      throw new IngestException(IngestException.Kind.UNSUPPORTED_CRS, "the 'crs' member must be a named CRS");
    }
    return nameNode.asText();
  }

  private static SourceFeature feature(String layer, int index, JsonNode node, GeometryFactory factory) {
    if (!node.isObject() || !"Feature".equals(node.path("type").asText())) {
      throw new IngestException(IngestException.Kind.MALFORMED_JSON, "feature " + index + " is not a GeoJSON Feature",
          List.of(IngestProblem.feature("geojson.not_feature", "not a Feature object", layer, index, null)));
    }
    JsonNode idNode = node.get("id");
    String id = idNode == null || idNode.isNull() ? null : idNode.asText();
    Map<String, Object> properties = new LinkedHashMap<>();
    JsonNode props = node.get("properties");
    if (props != null && props.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = props.properties().iterator();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> e = fields.next();
        properties.put(e.getKey(), value(e.getValue()));
      }
    } else if (props != null && !props.isNull()) {
      throw malformedFeature(layer, index, id, "'properties' must be an object or null");
    }
    JsonNode geometryNode = node.get("geometry");
    Geometry geometry = null;
    if (geometryNode != null && !geometryNode.isNull()) {
      try {
        geometry = geometry(geometryNode, factory);
      } catch (GeometryShapeException e) {
        throw malformedFeature(layer, index, id, e.getMessage());
      } catch (IllegalArgumentException e) {
        // JTS refuses rings that are not closed or have fewer than four points
        throw new IngestException(IngestException.Kind.INVALID_GEOMETRY, "feature " + index + ": " + e.getMessage(),
            List.of(IngestProblem.feature("geometry.invalid_ring", e.getMessage(), layer, index, id)));
      }
    }
    return new SourceFeature(index, id, geometry, properties);
  }

  private static IngestException malformedFeature(String layer, int index, String id, String message) {
    return new IngestException(IngestException.Kind.MALFORMED_JSON, "feature " + index + ": " + message,
        List.of(IngestProblem.feature("geojson.malformed", message, layer, index, id)));
  }

  private static Object value(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isTextual()) {
      return v.asText();
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.asLong();
    }
    if (v.isNumber()) {
      return v.asDouble();
    }
    return v.toString();
  }

  /** Structure that is not GeoJSON (as opposed to a well-formed but invalid shape). */
  private static final class GeometryShapeException extends RuntimeException {
    GeometryShapeException(String message) {
      super(message);
    }
  }

  /** Parses a GeoJSON geometry object. */
  public static Geometry geometry(JsonNode g, GeometryFactory factory) {
    String type = g.path("type").asText("");
    if (type.equals("GeometryCollection")) {
      JsonNode members = g.get("geometries");
      if (members == null || !members.isArray()) {
        throw new GeometryShapeException("a GeometryCollection needs a 'geometries' array");
      }
      Geometry[] parts = new Geometry[members.size()];
      for (int i = 0; i < parts.length; i++) {
        parts[i] = geometry(members.get(i), factory);
      }
      return factory.createGeometryCollection(parts);
    }
    JsonNode c = g.get("coordinates");
    if (c == null || !c.isArray()) {
      throw new GeometryShapeException("geometry of type '" + type + "' needs a 'coordinates' array");
    }
    switch (type) {
      case "Point" -> {
        return c.isEmpty() ? factory.createPoint() : factory.createPoint(position(c));
      }
      case "MultiPoint" -> {
        return factory.createMultiPointFromCoords(positions(c));
      }
      case "LineString" -> {
        return factory.createLineString(positions(c));
      }
      case "MultiLineString" -> {
        LineString[] lines = new LineString[c.size()];
        for (int i = 0; i < lines.length; i++) {
          lines[i] = factory.createLineString(positions(c.get(i)));
        }
        return factory.createMultiLineString(lines);
      }
      case "Polygon" -> {
        return polygon(c, factory);
      }
      case "MultiPolygon" -> {
        Polygon[] polygons = new Polygon[c.size()];
        for (int i = 0; i < polygons.length; i++) {
          polygons[i] = polygon(c.get(i), factory);
        }
        return factory.createMultiPolygon(polygons);
      }
      default -> throw new GeometryShapeException("unknown geometry type '" + type + "'");
    }
  }

  private static Polygon polygon(JsonNode rings, GeometryFactory factory) {
    if (!rings.isArray()) {
      throw new GeometryShapeException("polygon rings must be arrays");
    }
    if (rings.isEmpty()) {
      return factory.createPolygon();
    }
    LinearRing shell = factory.createLinearRing(positions(rings.get(0)));
    LinearRing[] holes = new LinearRing[rings.size() - 1];
    for (int i = 1; i < rings.size(); i++) {
      holes[i - 1] = factory.createLinearRing(positions(rings.get(i)));
    }
    return factory.createPolygon(shell, holes);
  }

  private static Coordinate[] positions(JsonNode array) {
    if (!array.isArray()) {
      throw new GeometryShapeException("expected an array of positions");
    }
    Coordinate[] out = new Coordinate[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = position(array.get(i));
    }
    return out;
  }

  private static Coordinate position(JsonNode p) {
    if (!p.isArray() || p.size() < 2 || !p.get(0).isNumber() || !p.get(1).isNumber()) {
      throw new GeometryShapeException("a position must be an array of at least two numbers");
    }
    return new Coordinate(p.get(0).asDouble(), p.get(1).asDouble());
  }

  /** Writes a layer as a FeatureCollection (UTF-8 bytes). */
  public static byte[] write(FeatureLayer layer) {
    try {
      return MAPPER.writeValueAsBytes(featureCollection(layer.features()));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A FeatureCollection node for the features. */
  public static ObjectNode featureCollection(List<SourceFeature> features) {
    ObjectNode fc = JsonNodeFactory.instance.objectNode();
    fc.put("type", "FeatureCollection");
    ArrayNode array = fc.putArray("features");
    for (SourceFeature f : features) {
      ObjectNode node = array.addObject();
      node.put("type", "Feature");
      if (f.id() != null) {
        node.put("id", f.id());
      }
      node.set("geometry", f.geometry() == null ? null : toJson(f.geometry()));
      node.set("properties", MAPPER.valueToTree(f.properties()));
    }
    return fc;
  }

  /** A GeoJSON geometry node, with RFC 7946 ring orientation. */
  public static ObjectNode toJson(Geometry g) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    if (g instanceof Point p) {
      node.put("type", "Point");
      ArrayNode coords = node.putArray("coordinates");
      if (!p.isEmpty()) {
        coords.add(p.getX()).add(p.getY());
      }
    } else if (g instanceof LineString l) {
      node.put("type", "LineString");
      node.set("coordinates", positionsJson(l.getCoordinates(), false, false));
    } else if (g instanceof Polygon p) {
      node.put("type", "Polygon");
      node.set("coordinates", polygonJson(p));
    } else if (g instanceof MultiPoint mp) {
      node.put("type", "MultiPoint");
      node.set("coordinates", positionsJson(mp.getCoordinates(), false, false));
    } else if (g instanceof MultiLineString ml) {
      node.put("type", "MultiLineString");
      ArrayNode lines = node.putArray("coordinates");
      for (int i = 0; i < ml.getNumGeometries(); i++) {
        lines.add(positionsJson(ml.getGeometryN(i).getCoordinates(), false, false));
      }
    } else if (g instanceof MultiPolygon mp) {
      node.put("type", "MultiPolygon");
      ArrayNode polygons = node.putArray("coordinates");
      for (int i = 0; i < mp.getNumGeometries(); i++) {
        polygons.add(polygonJson((Polygon) mp.getGeometryN(i)));
      }
    } else if (g instanceof GeometryCollection gc) {
      node.put("type", "GeometryCollection");
      ArrayNode members = node.putArray("geometries");
      for (int i = 0; i < gc.getNumGeometries(); i++) {
        members.add(toJson(gc.getGeometryN(i)));
      }
    } else {
      throw new IllegalArgumentException("cannot write " + g.getGeometryType());
    }
    return node;
  }

  private static ArrayNode polygonJson(Polygon p) {
    ArrayNode rings = JsonNodeFactory.instance.arrayNode();
    if (p.isEmpty()) {
      return rings;
    }
    rings.add(positionsJson(p.getExteriorRing().getCoordinates(), true, true));
    for (int i = 0; i < p.getNumInteriorRing(); i++) {
      rings.add(positionsJson(p.getInteriorRingN(i).getCoordinates(), true, false));
    }
    return rings;
  }

  private static ArrayNode positionsJson(Coordinate[] coords, boolean ring, boolean counterClockwise) {
    boolean reverse = ring && coords.length >= 4 && Orientation.isCCW(coords) != counterClockwise;
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i < coords.length; i++) {
      Coordinate c = coords[reverse ? coords.length - 1 - i : i];
      array.addArray().add(c.x).add(c.y);
    }
    return array;
  }
}
