package org.gridscape.server.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.gridscape.scene.model.RoofForm;
import org.gridscape.server.grid.LocalProjection;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Lineal;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.union.UnaryUnionOp;

/**
 * Imports a village plan (一村一图): boundary, roads, buildings and centre points, from GeoJSON (one
 * FeatureCollection whose features carry {@code layer}), a zip of shapefiles named after the layers,
 * or a GeoPackage with tables of those names. All or nothing: any bad feature rejects the upload, and
 * the exception lists every bad feature found (up to 100).
 */
public final class VillagePlanImporter {

  private static final int MAX_DETAILS = 100;

  private VillagePlanImporter() {
  }

  /**
   * @throws IngestException describing why the upload was rejected
   */
  public static VillagePlan importPlan(byte[] content, String mediaType, IngestOptions options) {
    UploadReader.Result upload = UploadReader.read(content, mediaType, options);
    List<FeatureLayer> layers = upload.format() == InputFormat.GEOJSON
        ? LayerNames.splitByLayerProperty(upload.layers().get(0))
        : upload.layers();
    return fromLayers(layers, upload.sourceCrs(), options);
  }

  /** Interprets already converted (WGS84) layers as a plan. */
  public static VillagePlan fromLayers(List<FeatureLayer> layers, String sourceCrs, IngestOptions options) {
    List<IngestProblem> errors = new ArrayList<>();
    List<IngestProblem> repairs = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    List<Geometry> boundaries = new ArrayList<>();
    List<Road> roads = new ArrayList<>();
    List<Building> buildings = new ArrayList<>();
    List<PlanPoint> points = new ArrayList<>();
    List<LandArea> areas = new ArrayList<>();
    for (FeatureLayer layer : layers) {
      String kind = LayerNames.canonical(layer.name());
      if (kind == null || kind.equals(LayerNames.GRIDS)) {
        ignored.add(layer.name());
        continue;
      }
      switch (kind) {
        case LayerNames.BOUNDARY -> {
          for (SourceFeature f : layer.features()) {
            Geometry g = PolygonRules.polygonal(layer.name(), f, f.id(), options.repair(), errors, repairs);
            if (g != null) {
              boundaries.add(g);
            }
          }
        }
        case LayerNames.ROAD -> readRoads(layer, roads, errors);
        case LayerNames.BUILDING -> readBuildings(layer, options, buildings, errors, repairs);
        case LayerNames.WATER, LayerNames.LAND_USE -> readAreas(layer, kind, options, areas, errors, repairs);
        default -> readPoints(layer, points, errors);
      }
    }
    if (errors.isEmpty() && boundaries.isEmpty()) {
      throw new IngestException(IngestException.Kind.MISSING_LAYER,
          "the plan has no village boundary: add a 'boundary' layer (GeoJSON features with \"layer\": \"boundary\", "
              + "boundary.shp, or a GeoPackage table 'boundary')");
    }
    if (errors.isEmpty()) {
      checkDuplicateIds(buildings, errors);
    }
    if (!errors.isEmpty()) {
      throw reject(errors);
    }
    Geometry boundary = boundaries.size() == 1 ? boundaries.get(0) : UnaryUnionOp.union(boundaries);
    return new VillagePlan(boundary, roads, buildings, points, areas, sourceCrs, repairs, ignored);
  }

  static IngestException reject(List<IngestProblem> errors) {
    List<IngestProblem> shown = errors.size() > MAX_DETAILS ? errors.subList(0, MAX_DETAILS) : errors;
    IngestProblem first = errors.get(0);
    IngestException.Kind kind = first.rule().startsWith("attribute.") ? IngestException.Kind.INVALID_ATTRIBUTE
        : first.rule().equals("geometry.multi_part") ? IngestException.Kind.MULTI_PART_GRID
        : IngestException.Kind.INVALID_GEOMETRY;
    String where = first.layer() == null ? "" : first.layer() + (first.featureIndex() == null ? "" : " feature " + first.featureIndex()) + ": ";
    String more = errors.size() > 1 ? " (and " + (errors.size() - 1) + " more problems)" : "";
    return new IngestException(kind, where + first.message() + more, shown);
  }

  private static void readRoads(FeatureLayer layer, List<Road> roads, List<IngestProblem> errors) {
    for (SourceFeature f : layer.features()) {
      Geometry g = f.geometry();
      if (g == null || !(g instanceof Lineal)) {
        errors.add(IngestProblem.feature(g == null ? "geometry.missing" : "geometry.wrong_type",
            "a road must be a LineString or MultiLineString" + (g == null ? "" : ", got " + g.getGeometryType()),
            layer.name(), f.index(), f.id()));
        continue;
      }
      if (g.isEmpty() || g.getLength() == 0) {
        errors.add(IngestProblem.feature("geometry.empty", "the road line has no length", layer.name(), f.index(), f.id()));
        continue;
      }
      Map<String, Object> p = f.properties();
      roads.add(new Road(f.index(),
          AttributeValues.text(LayerNames.property(p, "name", "名称", "道路名称", "路名")),
          AttributeValues.text(LayerNames.property(p, "class", "road_class", "roadclass", "highway", "等级", "道路等级", "道路类型")),
          g));
    }
  }

  /** Width given to a river drawn as a line without a width attribute. */
  private static final double DEFAULT_RIVER_WIDTH_M = 8;

  private static void readAreas(FeatureLayer layer, String kind, IngestOptions options, List<LandArea> areas,
      List<IngestProblem> errors, List<IngestProblem> repairs) {
    for (SourceFeature f : layer.features()) {
      Map<String, Object> p = f.properties();
      Geometry g;
      if (kind.equals(LayerNames.WATER) && f.geometry() instanceof Lineal && !f.geometry().isEmpty()) {
        // a river or canal drawn as its centre line: the water is the line widened to its width
        Double width;
        try {
          width = AttributeValues.number(LayerNames.property(p, "width", "宽度", "河宽"));
        } catch (AttributeValues.BadValue e) {
          errors.add(IngestProblem.feature("attribute.invalid", e.getMessage(), layer.name(), f.index(), f.id()));
          continue;
        }
        if (width != null && !(width > 0 && width <= 2000)) {
          errors.add(IngestProblem.feature("attribute.invalid", "width " + width + " is out of range 0-2000 m",
              layer.name(), f.index(), f.id()));
          continue;
        }
        LocalProjection local = LocalProjection.around(f.geometry());
        g = local.toLonLat(local.toMetres(f.geometry()).buffer((width == null ? DEFAULT_RIVER_WIDTH_M : width) / 2, 4));
      } else {
        g = PolygonRules.polygonal(layer.name(), f, f.id(), options.repair(), errors, repairs);
      }
      if (g == null) {
        continue;
      }
      String what = AttributeValues.text(LayerNames.property(p, "kind", "type", "class", "类型", "类别", "地类"));
      if (what != null && (what.length() > 32 || !what.matches("[\\p{L}\\p{N}_ -]+"))) {
        errors.add(IngestProblem.feature("attribute.invalid", "kind must be a short word (at most 32 letters, "
            + "digits, '_' or '-'), got '" + what + "'", layer.name(), f.index(), f.id()));
        continue;
      }
      String name = AttributeValues.text(LayerNames.property(p, "name", "名称"));
      if (name != null && name.length() > 200) {
        name = name.substring(0, 200);
      }
      areas.add(new LandArea(f.index(), kind, what != null ? what.toLowerCase(java.util.Locale.ROOT)
          : kind.equals(LayerNames.WATER) ? "water" : "other", name, g));
    }
  }

  private static void readPoints(FeatureLayer layer, List<PlanPoint> points, List<IngestProblem> errors) {
    for (SourceFeature f : layer.features()) {
      Geometry g = f.geometry();
      Point point = g instanceof Point p ? p
          : g instanceof MultiPoint mp && mp.getNumGeometries() == 1 ? (Point) mp.getGeometryN(0) : null;
      if (point == null || point.isEmpty()) {
        errors.add(IngestProblem.feature(g == null ? "geometry.missing" : "geometry.wrong_type",
            "a centre must be a Point" + (g == null ? "" : ", got " + g.getGeometryType()), layer.name(), f.index(), f.id()));
        continue;
      }
      Map<String, Object> p = f.properties();
      points.add(new PlanPoint(f.index(),
          AttributeValues.text(LayerNames.property(p, "kind", "type", "类型", "类别")),
          AttributeValues.text(LayerNames.property(p, "name", "名称")),
          point));
    }
  }

  private static void readBuildings(FeatureLayer layer, IngestOptions options, List<Building> buildings,
                                    List<IngestProblem> errors, List<IngestProblem> repairs) {
    AttributeMapping mapping = options.buildingMapping();
    Set<String> available = LayerNames.propertyNames(layer.features());
    Map<String, String> source = new HashMap<>();
    for (String target : AttributeMapping.TARGETS) {
      String field = mapping.sourceField(target, available);
      if (field == null && mapping.explicit().containsKey(target) && !layer.features().isEmpty()) {
        errors.add(new IngestProblem("attribute.mapping_field_missing", "the mapping takes " + target + " from field '"
            + mapping.explicit().get(target) + "', which the building layer does not have (it has " + available + ")",
            layer.name(), null, null));
      }
      source.put(target, field);
    }
    for (SourceFeature f : layer.features()) {
      Map<String, Object> p = f.properties();
      String id = source.get("id") == null ? f.id() : AttributeValues.text(p.get(source.get("id")));
      Geometry g = PolygonRules.polygonal(layer.name(), f, id, options.repair(), errors, repairs);
      if (g == null) {
        continue;
      }
      Polygon footprint = PolygonRules.singlePolygonOrNull(g);
      if (footprint == null) {
        if (!options.repair()) {
          errors.add(IngestProblem.feature("geometry.multi_part_building",
              "a building footprint must be one polygon, got " + g.getNumGeometries() + " parts", layer.name(), f.index(), id));
          continue;
        }
        footprint = largestPart(g);
        repairs.add(IngestProblem.feature("geometry.repaired",
            "kept the largest of " + g.getNumGeometries() + " parts of the footprint", layer.name(), f.index(), id));
      }
      try {
        Integer floors = AttributeValues.wholeNumber(value(p, source, "floors"));
        Double height = AttributeValues.number(value(p, source, "height"));
        Integer year = AttributeValues.year(value(p, source, "year"));
        if (floors != null && (floors < 0 || floors > 300)) {
          throw new AttributeValues.BadValue("floors " + floors + " is out of range 0-300");
        }
        if (height != null && !(height >= 0 && height <= 1000)) {
          throw new AttributeValues.BadValue("height " + height + " is out of range 0-1000 m");
        }
        String roofText = AttributeValues.text(value(p, source, "roof"));
        RoofForm roof = RoofForm.parse(roofText);
        if (roofText != null && roof == null) {
          throw new AttributeValues.BadValue("roof '" + roofText + "' is not one of flat, gable, hip (平顶, 双坡, 四坡)");
        }
        buildings.add(new Building(f.index(), id, footprint, floors, height,
            AttributeValues.text(value(p, source, "use")), AttributeValues.text(value(p, source, "structure")), year,
            roof == null ? null : roof.name().toLowerCase(Locale.ROOT)));
      } catch (AttributeValues.BadValue e) {
        errors.add(IngestProblem.feature("attribute.invalid", e.getMessage(), layer.name(), f.index(), id));
      }
    }
  }

  private static Object value(Map<String, Object> p, Map<String, String> source, String target) {
    String field = source.get(target);
    return field == null ? null : p.get(field);
  }

  private static Polygon largestPart(Geometry g) {
    Polygon best = null;
    for (int i = 0; i < g.getNumGeometries(); i++) {
      Polygon p = (Polygon) g.getGeometryN(i);
      if (best == null || p.getArea() > best.getArea()) {
        best = p;
      }
    }
    return best;
  }

  private static void checkDuplicateIds(List<Building> buildings, List<IngestProblem> errors) {
    Map<String, Integer> seen = new HashMap<>();
    for (Building b : buildings) {
      if (b.id() == null) {
        continue;
      }
      Integer first = seen.putIfAbsent(b.id(), b.featureIndex());
      if (first != null) {
        errors.add(IngestProblem.feature("attribute.duplicate_id", "building id " + b.id()
            + " is used by features " + first + " and " + b.featureIndex(), LayerNames.BUILDING, b.featureIndex(), b.id()));
      }
    }
  }
}
