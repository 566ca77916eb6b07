package org.gridscape.server.scene;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.gridscape.scene.model.Building;
import org.gridscape.scene.model.BuildingCounts;
import org.gridscape.scene.model.GridKind;
import org.gridscape.scene.model.GridScene;
import org.gridscape.scene.model.IllegalConstructionStatus;
import org.gridscape.scene.model.RegionLevel;
import org.gridscape.scene.model.RegionNode;
import org.gridscape.scene.model.RoofForm;
import org.gridscape.scene.model.SafetyGrade;
import org.gridscape.server.layer.BuildingFigures;
import org.gridscape.server.scene.SceneStore.BuildingInfo;
import org.gridscape.server.scene.SceneStore.GridInfo;
import org.gridscape.server.scene.SceneStore.RegionInfo;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns stored rows into the scene builder's input: one {@link GridScene} per published grid (its
 * buildings with their layer figures, counts only) and the {@link RegionNode} tree the tileset tree
 * mirrors. A building that cannot be drawn is logged and left out; the grid still builds.
 */
final class SceneInputs {

  private static final Logger LOG = LoggerFactory.getLogger(SceneInputs.class);

  private SceneInputs() {}

  /** The scene of one grid; {@code figures} maps building id to its layer figures (missing: zero). */
  static GridScene gridScene(GridInfo grid, List<BuildingInfo> buildings, Map<String, BuildingFigures> figures) {
    List<Building> out = new ArrayList<>(buildings.size());
    for (BuildingInfo b : buildings) {
      Building building = building(b, figures.get(b.id()));
      if (building != null) {
        out.add(building);
      }
    }
    Polygon boundary = largestPolygon(grid.geom());
    if (boundary == null) {
      throw new IllegalArgumentException("grid " + grid.code() + " has no polygon");
    }
    return new GridScene(grid.code(), grid.name(), kind(grid.kind()), boundary, out);
  }

  /** The sum of the counts of a grid's buildings, from their layer figures (building id to figures). */
  static BuildingCounts totals(Map<String, BuildingFigures> figures) {
    BuildingCounts total = BuildingCounts.ZERO;
    for (BuildingFigures f : figures.values()) {
      total = total.plus(counts(f));
    }
    return total;
  }

  private static BuildingCounts counts(BuildingFigures f) {
    return new BuildingCounts(f.residents(), f.households(), f.partyMembers(), f.partyLinkedHouseholds(),
        f.assistanceHouseholds());
  }

  /** One building, or null (logged) when its stored data cannot be drawn. */
  static Building building(BuildingInfo b, BuildingFigures figures) {
    Polygon footprint = largestPolygon(b.geom());
    if (footprint == null) {
      LOG.warn("building {} in grid {} has no polygon footprint; left out of the scene", b.id(), b.gridCode());
      return null;
    }
    // 0 floors or 0 m mean "unknown" in plan data; the builder then falls back to its defaults.
    Double height = b.height() != null && b.height() > 0 ? Math.min(b.height(), Building.MAX_HEIGHT_METERS) : null;
    Integer floors = b.floors() != null && b.floors() > 0 ? Math.min(b.floors(), Building.MAX_FLOORS) : null;
    BuildingCounts counts = BuildingCounts.ZERO;
    SafetyGrade grade = SafetyGrade.UNKNOWN;
    IllegalConstructionStatus illegal = IllegalConstructionStatus.NONE;
    if (figures != null) {
      counts = counts(figures);
      // Both enums use the scene builder's constant names (see HousingGrade, IllegalConstruction).
      grade = SafetyGrade.valueOf(figures.safetyGrade().name());
      illegal = IllegalConstructionStatus.valueOf(figures.illegalConstruction().name());
    }
    try {
      // The plan's own roof form (flat, gable, hip) when it gives one; else the builder's rule.
      return new Building(b.id(), footprint, height, floors, b.use(), grade, illegal, counts, RoofForm.parse(b.roof()));
    } catch (IllegalArgumentException e) {
      LOG.warn("building {} in grid {} left out of the scene: {}", b.id(), b.gridCode(), e.getMessage());
      return null;
    }
  }

  static GridKind kind(String stored) {
    return GridKind.parse(stored);
  }

  /** The polygon itself, or the largest part of a multi-polygon (grids and footprints should be one part). */
  static Polygon largestPolygon(Geometry geometry) {
    if (geometry == null || geometry.isEmpty()) {
      return null;
    }
    if (geometry instanceof Polygon p) {
      return p;
    }
    Polygon best = null;
    for (int i = 0; i < geometry.getNumGeometries(); i++) {
      if (geometry.getGeometryN(i) instanceof Polygon p && (best == null || p.getArea() > best.getArea())) {
        best = p;
      }
    }
    return best;
  }

  /** Buildings grouped by grid code, each list in id order. */
  static Map<String, List<BuildingInfo>> byGrid(Collection<BuildingInfo> buildings) {
    Map<String, List<BuildingInfo>> out = new HashMap<>();
    for (BuildingInfo b : buildings) {
      if (b.gridCode() != null) {
        out.computeIfAbsent(b.gridCode(), k -> new ArrayList<>()).add(b);
      }
    }
    out.values().forEach(list -> list.sort(Comparator.comparing(BuildingInfo::id)));
    return out;
  }

  /**
   * The region tree holding the given grids, from the one top region down to the villages. Regions
   * without any of the grids below them are left out. Returns null when no grid sits in a known
   * village.
   *
   * @throws IllegalStateException when the grids sit under more than one top region
   */
  static RegionNode regionTree(List<RegionInfo> regions, Collection<GridInfo> grids) {
    Map<String, RegionInfo> byCode = new HashMap<>();
    regions.forEach(r -> byCode.put(r.code(), r));
    Map<String, List<String>> gridsByVillage = new TreeMap<>();
    for (GridInfo g : grids) {
      RegionInfo village = byCode.get(g.villageCode());
      if (village == null || level(village.level()) != RegionLevel.VILLAGE) {
        LOG.warn("grid {} belongs to {}, which is not a known village; left out of the scene", g.code(),
            g.villageCode());
        continue;
      }
      gridsByVillage.computeIfAbsent(g.villageCode(), k -> new ArrayList<>()).add(g.code());
    }
    Map<String, List<RegionInfo>> children = new TreeMap<>();
    List<RegionInfo> roots = new ArrayList<>();
    for (RegionInfo r : regions) {
      if (r.parentCode() == null || !byCode.containsKey(r.parentCode())) {
        roots.add(r);
      } else {
        children.computeIfAbsent(r.parentCode(), k -> new ArrayList<>()).add(r);
      }
    }
    List<RegionNode> nonEmpty = new ArrayList<>();
    for (RegionInfo root : roots) {
      RegionNode node = node(root, children, gridsByVillage, Set.of());
      if (node != null) {
        nonEmpty.add(node);
      }
    }
    if (nonEmpty.isEmpty()) {
      return null;
    }
    if (nonEmpty.size() > 1) {
      throw new IllegalStateException("published grids sit under " + nonEmpty.size() + " top regions "
          + nonEmpty.stream().map(RegionNode::code).toList() + "; a scene has one root (the district)");
    }
    return nonEmpty.get(0);
  }

  private static RegionNode node(RegionInfo region, Map<String, List<RegionInfo>> children,
      Map<String, List<String>> gridsByVillage, Set<String> ancestors) {
    RegionLevel level = level(region.level());
    if (level == null || ancestors.contains(region.code())) {
      return null;
    }
    Set<String> path = new java.util.HashSet<>(ancestors);
    path.add(region.code());
    List<RegionNode> kids = new ArrayList<>();
    for (RegionInfo child : children.getOrDefault(region.code(), List.of())) {
      RegionLevel childLevel = level(child.level());
      if (childLevel == null || !level.isAbove(childLevel)) {
        LOG.warn("region {} ({}) cannot sit below {} ({}); left out of the scene", child.code(), child.level(),
            region.code(), region.level());
        continue;
      }
      RegionNode node = node(child, children, gridsByVillage, path);
      if (node != null) {
        kids.add(node);
      }
    }
    // Sorted, so the same regions and grids always give the same tree (and the same fingerprint).
    kids.sort(Comparator.comparing(RegionNode::code));
    List<String> gridCodes = level == RegionLevel.VILLAGE
        ? gridsByVillage.getOrDefault(region.code(), List.of()).stream().sorted().toList() : List.of();
    if (kids.isEmpty() && gridCodes.isEmpty()) {
      return null;
    }
    return new RegionNode(region.code(), region.name(), level, kids, gridCodes);
  }

  static RegionLevel level(String stored) {
    return switch (stored) {
      case "district" -> RegionLevel.DISTRICT;
      case "township" -> RegionLevel.TOWNSHIP;
      case "workarea" -> RegionLevel.WORK_AREA;
      case "village" -> RegionLevel.VILLAGE;
      default -> null;
    };
  }
}
