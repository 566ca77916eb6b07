package org.gridscape.server.ogc;

import static org.gridscape.server.ogc.LayerProperty.Type.BOOLEAN;
import static org.gridscape.server.ogc.LayerProperty.Type.DATETIME;
import static org.gridscape.server.ogc.LayerProperty.Type.INTEGER;
import static org.gridscape.server.ogc.LayerProperty.Type.NUMBER;
import static org.gridscape.server.ogc.LayerProperty.Type.STRING;

import java.util.List;
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

  public static final Layer TOWNSHIPS = region("townships", "Townships", "乡镇 of the district", "township", 0);
  public static final Layer WORKAREAS = region("workareas", "Work areas", "工作片: groups of villages", "workarea", 9);
  public static final Layer VILLAGES = region("villages", "Villages and communities", "村/社区 with their 12-digit codes",
      "village", 8);

  public static final Layer GRIDS = new Layer("grids", "Unit grids", "单元网格 with their 15-digit codes (retired grids left out)",
      GeometryKind.POLYGON, "grid", "code", false, "status <> 'retired'", List.of(
          LayerProperty.of("code", STRING, "15-digit grid code"),
          LayerProperty.of("name", STRING, "grid name"),
          LayerProperty.of("kind", STRING, "standard, resettlement, residential_compound or enterprise"),
          LayerProperty.of("status", STRING, "draft or published"),
          LayerProperty.of("version", INTEGER, "edit version"),
          LayerProperty.of("village_code", STRING, "12-digit code of the village"),
          LayerProperty.of("updated_at", DATETIME, "last change")),
      "SELECT COUNT(*) AS n, SUM(version) AS v, MAX(updated_at) AS u FROM grid", true, 10, "updated_at");

  public static final Layer BUILDINGS = new Layer("buildings", "Buildings", "Building footprints of the village plans",
      GeometryKind.POLYGON, "building", "id", false, "", List.of(
          LayerProperty.of("id", STRING, "building id"),
          LayerProperty.of("grid_code", STRING, "code of the unit grid the building lies in"),
          LayerProperty.of("village_code", STRING, "12-digit code of the village"),
          LayerProperty.of("floors", INTEGER, "number of floors"),
          LayerProperty.of("height", NUMBER, "height in metres"),
          new LayerProperty("use", "use_kind", STRING, "use (residential, commercial ...)"),
          LayerProperty.of("structure", STRING, "structure type"),
          LayerProperty.of("built_year", INTEGER, "year built")),
      PLAN_SIGNATURE, true, 13, null);

  public static final Layer ROADS = new Layer("roads", "Roads", "Road centre lines of the village plans",
      GeometryKind.LINE, "road", "id", true, "", List.of(
          LayerProperty.of("name", STRING, "road name"),
          LayerProperty.of("road_class", STRING, "road class"),
          LayerProperty.of("village_code", STRING, "12-digit code of the village")),
      PLAN_SIGNATURE, true, 11, null);

  public static final Layer EVENTS = new Layer("events", "Events", "Events (事) of the seven-step loop: category, "
      + "state and place only (no reporter, assignee or description)",
      GeometryKind.POINT, "event", "id", false, "", List.of(
          LayerProperty.of("category", STRING, "event category"),
          LayerProperty.of("level", STRING, "simple, general, prominent or major"),
          LayerProperty.of("step", STRING, "step of the seven-step loop, or closed"),
          LayerProperty.of("escalation", STRING, "none, township or district"),
          LayerProperty.of("supervised", BOOLEAN, "under supervision"),
          LayerProperty.of("grid_code", STRING, "code of the unit grid"),
          LayerProperty.of("village_code", STRING, "12-digit code of the village"),
          LayerProperty.of("reported_at", DATETIME, "when it was reported"),
          LayerProperty.of("deadline", DATETIME, "deadline"),
          LayerProperty.of("closed_at", DATETIME, "when it was closed")),
      "SELECT COUNT(*) AS n, SUM(version) AS v, MAX(updated_at) AS u FROM event", true, 10, "reported_at");

  public static final Layer NEIGHBOURHOOD_CENTRES = new Layer("neighbourhood-centres", "Neighbourhood centres",
      "\"Party building +\" neighbourhood centres (党建+邻里中心) of the village plans",
      GeometryKind.POINT, "plan_point", "id", true, "kind = 'neighbourhood_centre'", List.of(
          LayerProperty.of("name", STRING, "name of the centre"),
          LayerProperty.of("village_code", STRING, "12-digit code of the village")),
      PLAN_SIGNATURE, false, 10, null);

  /** Every layer, in the order the collections are listed. */
  public static final List<Layer> ALL = List.of(TOWNSHIPS, WORKAREAS, VILLAGES, GRIDS, BUILDINGS, ROADS, EVENTS,
      NEIGHBOURHOOD_CENTRES);

  private Layers() {}

  public static Optional<Layer> find(String id) {
    return ALL.stream().filter(layer -> layer.id().equals(id)).findFirst();
  }

  /** The layers offered as vector tiles. */
  public static List<Layer> vectorTileLayers() {
    return ALL.stream().filter(Layer::vectorTiles).toList();
  }

  private static Layer region(String id, String title, String description, String level, int minZoom) {
    return new Layer(id, title, description, GeometryKind.POLYGON, "region", "code", false,
        "level = '" + level + "'", List.of(
            LayerProperty.of("code", STRING, "statistical division code"),
            LayerProperty.of("name", STRING, "name"),
            LayerProperty.of("full_name", STRING, "full name"),
            new LayerProperty("parent_code", "parent_code", STRING, "code of the parent region")),
        String.format(REGION_SIGNATURE, level), !id.equals("workareas"), minZoom, null);
  }
}
