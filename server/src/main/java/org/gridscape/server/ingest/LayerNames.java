package org.gridscape.server.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Layer and attribute names as they appear in English and Chinese data. */
final class LayerNames {

  static final String BOUNDARY = "boundary";
  static final String ROAD = "road";
  static final String BUILDING = "building";
  static final String CENTRE = "centre";
  static final String GRIDS = "grids";
  static final String WATER = LandArea.WATER;
  static final String LAND_USE = LandArea.LAND_USE;

  private static final Map<String, String> ALIASES = new LinkedHashMap<>();

  static {
    for (String n : List.of("boundary", "boundaries", "village", "village_boundary", "村界", "村域", "边界", "村边界")) {
      ALIASES.put(n, BOUNDARY);
    }
    for (String n : List.of("road", "roads", "street", "streets", "道路", "路网")) {
      ALIASES.put(n, ROAD);
    }
    for (String n : List.of("building", "buildings", "house", "houses", "建筑", "建筑物", "房屋")) {
      ALIASES.put(n, BUILDING);
    }
    for (String n : List.of("centre", "centres", "center", "centers", "point", "points", "poi", "中心", "服务中心", "点位")) {
      ALIASES.put(n, CENTRE);
    }
    for (String n : List.of("water", "waters", "water_area", "river", "rivers", "pond", "ponds", "水系", "水体", "水域",
        "河流", "坑塘", "水塘")) {
      ALIASES.put(n, WATER);
    }
    for (String n : List.of("landuse", "land_use", "landuses", "用地", "土地利用", "地类", "用地现状")) {
      ALIASES.put(n, LAND_USE);
    }
    for (String n : List.of("grids", "grid", "unit_grids", "网格", "单元网格")) {
      ALIASES.put(n, GRIDS);
    }
  }

  private LayerNames() {
  }

  /** The canonical layer a name stands for, or null. */
  static String canonical(String name) {
    if (name == null) {
      return null;
    }
    return ALIASES.get(name.strip().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_'));
  }

  /** The first present property among the names (case-insensitive), as raw value. */
  static Object property(Map<String, Object> properties, String... names) {
    for (String n : names) {
      if (properties.containsKey(n)) {
        return properties.get(n);
      }
    }
    for (String n : names) {
      for (Map.Entry<String, Object> e : properties.entrySet()) {
        if (e.getKey().equalsIgnoreCase(n)) {
          return e.getValue();
        }
      }
    }
    return null;
  }

  /**
   * GeoJSON plans come as one collection whose features carry a {@code layer} property; this splits
   * them into layers, keeping each feature's index in the collection for error messages.
   */
  static List<FeatureLayer> splitByLayerProperty(FeatureLayer all) {
    Map<String, List<SourceFeature>> byLayer = new LinkedHashMap<>();
    for (SourceFeature f : all.features()) {
      Object layer = property(f.properties(), "layer", "图层", "layer_name");
      String name = layer == null || layer.toString().isBlank() ? "(no layer)" : layer.toString().strip();
      byLayer.computeIfAbsent(name, k -> new ArrayList<>()).add(f);
    }
    List<FeatureLayer> out = new ArrayList<>();
    for (Map.Entry<String, List<SourceFeature>> e : byLayer.entrySet()) {
      out.add(new FeatureLayer(e.getKey(), all.crs(), e.getValue()));
    }
    return out;
  }

  static Set<String> propertyNames(List<SourceFeature> features) {
    Set<String> names = new LinkedHashSet<>();
    for (SourceFeature f : features) {
      names.addAll(f.properties().keySet());
    }
    return names;
  }
}
