package org.gridscape.server.ogc;

import static org.gridscape.server.ogc.LayerProperty.Type.BOOLEAN;
import static org.gridscape.server.ogc.LayerProperty.Type.DATETIME;
import static org.gridscape.server.ogc.LayerProperty.Type.INTEGER;
import static org.gridscape.server.ogc.LayerProperty.Type.NUMBER;
import static org.gridscape.server.ogc.LayerProperty.Type.STRING;

import java.util.List;
import org.gridscape.scene.model.GridKind;
import org.gridscape.server.event.Escalation;
import org.gridscape.server.event.EventCategory;
import org.gridscape.server.event.EventLevel;
import org.gridscape.server.event.Step;
import java.util.Optional;

/**
 * The catalog of layers published to other systems. No layer carries personal data: no names of
 * people, ID numbers, phones, reporters, assignees, free-text event descriptions or sensitive tags;
 * buildings carry their plan attributes only.
 */
public final class Layers {

  private static final String REGION_SIGNATURE =
      "SELECT COUNT(*) AS n, SUM(minx) AS a, SUM(maxy) AS b, MAX(name) AS c FROM region WHERE level = '%s'";
  /** Plans and grid sets bump their village version on every import, which also reassigns buildings to grids. */
  private static final String PLAN_SIGNATURE = "SELECT COUNT(*) AS n, SUM(plan_version) AS p, SUM(grids_version) AS g, "
      + "MAX(plan_at) AS pa, MAX(grids_at) AS ga FROM village_state";
  /** Inspections and illegal-construction cases are imported on their own, so buildings watch them too. */
  private static final String BUILDING_SIGNATURE = "SELECT * FROM (" + PLAN_SIGNATURE + ") p CROSS JOIN "
      + "(SELECT COUNT(*) AS ic, MAX(inspected_on) AS im, SUM(ASCII(grade) * (1 + MOD(LENGTH(building_id), 7))) AS ig "
      + "FROM inspection) i CROSS JOIN (SELECT COUNT(*) AS cc, MAX(found_on) AS cm, "
      + "SUM(LENGTH(status) * (1 + MOD(LENGTH(building_id), 7))) AS cs FROM illegal_case) c";
  /** Grade of the building's latest inspection (as the 3D scenes and statistics take it). */
  private static final String SAFETY_GRADE = "COALESCE((SELECT CAST(i.grade AS VARCHAR(1)) FROM inspection i "
      + "WHERE i.building_id = building.id ORDER BY i.inspected_on DESC LIMIT 1), 'unknown')";
  private static final String INSPECTED_ON = "SELECT CAST(MAX(i.inspected_on) AS VARCHAR(10)) FROM inspection i "
      + "WHERE i.building_id = building.id";
  /** The worst state of the building's cases: open, then remediating, then remediated; none without cases. */
  private static final String ILLEGAL_CONSTRUCTION = "CASE (SELECT MAX(CASE c.status WHEN 'open' THEN 3 "
      + "WHEN 'remediating' THEN 2 ELSE 1 END) FROM illegal_case c WHERE c.building_id = building.id) "
      + "WHEN 3 THEN 'open' WHEN 2 THEN 'remediating' WHEN 1 THEN 'remediated' ELSE 'none' END";

  private static final String[] GRID_KINDS = java.util.Arrays.stream(GridKind.values()).map(GridKind::code)
      .toArray(String[]::new);

  public static final Layer TOWNSHIPS = region("townships", "Townships", "乡镇 of the district", "township", 0);
  public static final Layer WORKAREAS = region("workareas", "Work areas", "工作片: groups of villages", "workarea", 9);
  public static final Layer VILLAGES = region("villages", "Villages and communities", "村/社区 with their 12-digit codes",
      "village", 8);

  public static final Layer GRIDS = new Layer("grids", "Unit grids", "单元网格 with their 15-digit codes (retired grids left out)",
      GeometryKind.POLYGON, "grid", "code", false, "status <> 'retired'", List.of(
          LayerProperty.of("code", STRING, "15-digit grid code"),
          LayerProperty.of("name", STRING, "grid name"),
          LayerProperty.of("kind", STRING, "standard, resettlement, residential_compound or enterprise")
              .withValues(GRID_KINDS),
          LayerProperty.of("status", STRING, "draft or published").withValues("draft", "published"),
          LayerProperty.of("version", INTEGER, "edit version"),
          LayerProperty.of("village_code", STRING, "12-digit code of the village"),
          LayerProperty.of("updated_at", DATETIME, "last change")),
      "SELECT COUNT(*) AS n, SUM(version) AS v, MAX(updated_at) AS u FROM grid", true, 10, "updated_at", "code");

  public static final Layer BUILDINGS = new Layer("buildings", "Buildings", "Building footprints of the village plans",
      GeometryKind.POLYGON, "building", "id", false, "", List.of(
          LayerProperty.of("id", STRING, "building id"),
          LayerProperty.of("grid_code", STRING, "code of the unit grid the building lies in"),
          LayerProperty.of("village_code", STRING, "12-digit code of the village"),
          LayerProperty.of("floors", INTEGER, "number of floors"),
          LayerProperty.of("height", NUMBER, "height in metres"),
          new LayerProperty("use", "use_kind", STRING, "use (residential, commercial ...)"),
          LayerProperty.of("structure", STRING, "structure type"),
          LayerProperty.of("built_year", INTEGER, "year built"),
          LayerProperty.computed("safety_grade", STRING, "housing-safety grade of the latest inspection (JGJ 125): "
              + "A, B, C, D, or unknown when never inspected", SAFETY_GRADE).withValues("A", "B", "C", "D", "unknown"),
          LayerProperty.computed("inspected_on", STRING, "date of the latest inspection (YYYY-MM-DD), or null",
              INSPECTED_ON),
          LayerProperty.computed("illegal_construction", STRING, "illegal-construction (两违) status, the worst of the "
              + "building's cases: none, remediated, remediating or open", ILLEGAL_CONSTRUCTION)
              .withValues("none", "remediated", "remediating", "open")),
      BUILDING_SIGNATURE, true, 13, null, "village_code");

  public static final Layer ROADS = new Layer("roads", "Roads", "Road centre lines of the village plans",
      GeometryKind.LINE, "road", "id", true, "", List.of(
          LayerProperty.of("name", STRING, "road name"),
          LayerProperty.of("road_class", STRING, "road class"),
          LayerProperty.of("village_code", STRING, "12-digit code of the village")),
      PLAN_SIGNATURE, true, 11, null, "village_code");

  public static final Layer WATER = landAreas("water", "Water", "Rivers, ponds and other water of the village plans",
      "river, pond, lake, canal ...");

  public static final Layer LAND_USE = landAreas("landuse", "Land use",
      "Land-use parcels of the village plans (farmland, forest, park ...)",
      "farmland, orchard, tea, forest, grass, park, industrial ...");

  public static final Layer EVENTS = new Layer("events", "Events", "Events (事) of the seven-step loop: category, "
      + "state and place only (no reporter, assignee or description)",
      GeometryKind.POINT, "event", "id", false, "", List.of(
          LayerProperty.of("category", STRING, "event category").withValues(codes(EventCategory.values())),
          LayerProperty.of("level", STRING, "simple, general, prominent or major")
              .withValues(codes(EventLevel.values())),
          LayerProperty.of("step", STRING, "step of the seven-step loop, or closed").withValues(codes(Step.values())),
          LayerProperty.of("escalation", STRING, "none, township or district")
              .withValues(codes(Escalation.values())),
          LayerProperty.of("supervised", BOOLEAN, "under supervision"),
          LayerProperty.of("grid_code", STRING, "code of the unit grid"),
          LayerProperty.of("village_code", STRING, "12-digit code of the village"),
          LayerProperty.of("reported_at", DATETIME, "when it was reported"),
          LayerProperty.of("deadline", DATETIME, "deadline"),
          LayerProperty.of("closed_at", DATETIME, "when it was closed")),
      "SELECT COUNT(*) AS n, SUM(version) AS v, MAX(updated_at) AS u FROM event", true, 10, "reported_at",
      "village_code");

  public static final Layer NEIGHBOURHOOD_CENTRES = new Layer("neighbourhood-centres", "Neighbourhood centres",
      "\"Party building +\" neighbourhood centres (党建+邻里中心) of the village plans",
      GeometryKind.POINT, "plan_point", "id", true, "kind = 'neighbourhood_centre'", List.of(
          LayerProperty.of("name", STRING, "name of the centre"),
          LayerProperty.of("village_code", STRING, "12-digit code of the village")),
      PLAN_SIGNATURE, false, 10, null, "village_code");

  /** Every layer, in the order the collections are listed. */
  public static final List<Layer> ALL = List.of(TOWNSHIPS, WORKAREAS, VILLAGES, GRIDS, BUILDINGS, ROADS, WATER,
      LAND_USE, EVENTS, NEIGHBOURHOOD_CENTRES);

  private Layers() {}

  /** The lower-case codes of an enum's constants (as the database holds them). */
  private static String[] codes(Enum<?>[] constants) {
    return java.util.Arrays.stream(constants).map(c -> c.name().toLowerCase(java.util.Locale.ROOT))
        .toArray(String[]::new);
  }

  public static Optional<Layer> find(String id) {
    return ALL.stream().filter(layer -> layer.id().equals(id)).findFirst();
  }

  /** The layers offered as vector tiles. */
  public static List<Layer> vectorTileLayers() {
    return ALL.stream().filter(Layer::vectorTiles).toList();
  }

  /** A layer of the plans' water and land-use areas (table land_area, column layer = the id). */
  private static Layer landAreas(String id, String title, String description, String kinds) {
    return new Layer(id, title, description, GeometryKind.POLYGON, "land_area", "id", true, "layer = '" + id + "'",
        List.of(LayerProperty.of("kind", STRING, kinds), LayerProperty.of("name", STRING, "name"),
            LayerProperty.of("village_code", STRING, "12-digit code of the village")),
        PLAN_SIGNATURE, true, 10, null, "village_code");
  }

  private static Layer region(String id, String title, String description, String level, int minZoom) {
    return new Layer(id, title, description, GeometryKind.POLYGON, "region", "code", false,
        "level = '" + level + "'", List.of(
            LayerProperty.of("code", STRING, "statistical division code"),
            LayerProperty.of("name", STRING, "name"),
            LayerProperty.of("full_name", STRING, "full name"),
            new LayerProperty("parent_code", "parent_code", STRING, "code of the parent region")),
        String.format(REGION_SIGNATURE, level), !id.equals("workareas"), minZoom, null, "code");
  }
}
