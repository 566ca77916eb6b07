package org.gridscape.server.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridscape.server.grid.GridFeature;

/**
 * Turns grids and plans back into layers with the same layer and attribute names the importers read,
 * so an export opened in QGIS, edited and uploaded again round-trips. Write the layers with
 * {@code GeoJson.write}, {@code ShapefileZip.write} or {@code GeoPackageFormat.write}.
 */
public final class ExportLayers {

  private ExportLayers() {
  }

  /** One layer {@code grids} with code, name and kind. */
  public static FeatureLayer grids(List<GridFeature> grids) {
    List<SourceFeature> features = new ArrayList<>();
    for (GridFeature g : grids) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("code", g.code());
      p.put("name", g.name());
      p.put("kind", g.kind().code());
      features.add(new SourceFeature(features.size(), g.code(), g.geometry(), p));
    }
    return new FeatureLayer(LayerNames.GRIDS, null, features);
  }

  /** Layers {@code boundary}, {@code road}, {@code water}, {@code landuse}, {@code building} and {@code centre} (empty ones left out). */
  public static List<FeatureLayer> plan(VillagePlan plan) {
    List<FeatureLayer> layers = new ArrayList<>();
    layers.add(new FeatureLayer(LayerNames.BOUNDARY, null,
        List.of(new SourceFeature(0, null, plan.boundary(), Map.of("layer", LayerNames.BOUNDARY)))));
    List<SourceFeature> roads = new ArrayList<>();
    for (Road r : plan.roads()) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("layer", LayerNames.ROAD);
      p.put("name", r.name());
      p.put("class", r.roadClass());
      roads.add(new SourceFeature(roads.size(), null, r.line(), p));
    }
    List<SourceFeature> buildings = new ArrayList<>();
    for (Building b : plan.buildings()) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("layer", LayerNames.BUILDING);
      p.put("id", b.id());
      p.put("floors", b.floors() == null ? null : b.floors().longValue());
      p.put("height", b.height());
      p.put("use", b.use());
      p.put("structure", b.structure());
      p.put("roof", b.roof());
      p.put("year", b.year() == null ? null : b.year().longValue());
      buildings.add(new SourceFeature(buildings.size(), b.id(), b.footprint(), p));
    }
    List<SourceFeature> points = new ArrayList<>();
    for (PlanPoint c : plan.points()) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("layer", LayerNames.CENTRE);
      p.put("kind", c.kind());
      p.put("name", c.name());
      points.add(new SourceFeature(points.size(), null, c.point(), p));
    }
    Map<String, List<SourceFeature>> areas = new LinkedHashMap<>();
    for (LandArea a : plan.areas()) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("layer", a.layer());
      p.put("kind", a.kind());
      p.put("name", a.name());
      List<SourceFeature> list = areas.computeIfAbsent(a.layer(), k -> new ArrayList<>());
      list.add(new SourceFeature(list.size(), null, a.area(), p));
    }
    if (!roads.isEmpty()) {
      layers.add(new FeatureLayer(LayerNames.ROAD, null, roads));
    }
    areas.forEach((name, features) -> layers.add(new FeatureLayer(name, null, features)));
    if (!buildings.isEmpty()) {
      layers.add(new FeatureLayer(LayerNames.BUILDING, null, buildings));
    }
    if (!points.isEmpty()) {
      layers.add(new FeatureLayer(LayerNames.CENTRE, null, points));
    }
    return layers;
  }

  /** All plan layers merged into one layer for a single GeoJSON FeatureCollection (features keep {@code layer}). */
  public static FeatureLayer planAsOneLayer(VillagePlan plan) {
    List<SourceFeature> all = new ArrayList<>();
    for (FeatureLayer layer : plan(plan)) {
      for (SourceFeature f : layer.features()) {
        all.add(new SourceFeature(all.size(), f.id(), f.geometry(), f.properties()));
      }
    }
    return new FeatureLayer("plan", null, all);
  }
}
