package org.gridscape.server.grid;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.geom.util.GeometryFixer;

/**
 * What a village's grid sets are measured against, projected and buffered once: the village outline
 * and the bands the rules need, the road zone, and the building footprints with their residents. The
 * editor validates a new grid set on every vertex drag; everything here depends only on the village's
 * plan and residents, so {@link GridValidator#run(PreparedVillage, List)} is left with the work that
 * depends on the grids. Immutable and safe to share between threads (prepared geometries are
 * thread-safe in JTS; the projection, which is not, is made anew for each use).
 */
public final class PreparedVillage {

  /** A footprint in local metres with what the rules read of it. */
  record Building(ResidentBuilding source, Geometry metres, Point inside, double area) {}

  private final String villageCode;
  private final Geometry boundary;
  private final ValidationSettings settings;
  private final Geometry metres;
  private final double area;
  private final PreparedGeometry allowed;
  private final Geometry allowedArea;
  private final Geometry inner;
  private final NearLines outline;
  private final NearLines roads;
  private final List<Building> buildings;
  private final int givenBuildings;

  private PreparedVillage(String villageCode, Geometry boundary, List<ResidentBuilding> buildings, List<Geometry> roads,
                          ValidationSettings settings) {
    GridCode.requireVillageCode(villageCode);
    if (!(boundary instanceof Polygonal) || boundary.isEmpty()) {
      throw new IllegalArgumentException("the village boundary must be a non-empty polygon");
    }
    this.villageCode = villageCode;
    this.boundary = boundary;
    this.settings = settings;
    LocalProjection projection = projection();
    Geometry village = projection.toMetres(boundary);
    this.metres = village.isValid() ? village : GeometryFixer.fix(village);
    this.area = metres.getArea();
    this.allowedArea = metres.buffer(settings.outsideTolerance());
    this.allowed = PreparedGeometryFactory.prepare(allowedArea);
    // slivers narrower than the tolerance along the village boundary are digitising noise
    this.inner = metres.buffer(-settings.outsideTolerance());
    // the village's own outline is given, not chosen, so only boundaries between grids are judged
    this.outline = new NearLines(List.of(metres), Math.max(1.0, 2 * settings.outsideTolerance()));
    List<Geometry> projectedRoads = new ArrayList<>();
    for (Geometry r : roads) {
      if (r != null && !r.isEmpty()) {
        projectedRoads.add(projection.toMetres(r));
      }
    }
    this.roads = new NearLines(projectedRoads, settings.roadDistance());
    List<Building> measured = new ArrayList<>(buildings.size());
    for (ResidentBuilding b : buildings) {
      Geometry footprint = projection.toMetres(b.footprint());
      if (!footprint.isValid()) {
        footprint = GeometryFixer.fix(footprint);
      }
      if (!footprint.isEmpty()) {
        measured.add(new Building(b, footprint, footprint.getInteriorPoint(), footprint.getArea()));
      }
    }
    this.buildings = List.copyOf(measured);
    this.givenBuildings = buildings.size();
  }

  /**
   * Prepares a village for validating grid sets with {@code settings}.
   *
   * @param buildings buildings with residents (empty when not known: the size rule is then skipped)
   * @param roads     road centre lines
   */
  public static PreparedVillage of(String villageCode, Geometry boundary, List<ResidentBuilding> buildings,
                                   List<Geometry> roads, ValidationSettings settings) {
    return new PreparedVillage(villageCode, boundary, buildings == null ? List.of() : buildings,
        roads == null ? List.of() : roads, settings);
  }

  public String villageCode() {
    return villageCode;
  }

  public ValidationSettings settings() {
    return settings;
  }

  /** A new projection centred on the village (projections are not thread-safe). */
  LocalProjection projection() {
    return LocalProjection.around(boundary);
  }

  /** The village in local metres, repaired if it was invalid. */
  Geometry metres() {
    return metres;
  }

  double area() {
    return area;
  }

  /** The village grown by the outside tolerance: what a grid must lie within. */
  PreparedGeometry allowed() {
    return allowed;
  }

  Geometry allowedArea() {
    return allowedArea;
  }

  /** The village shrunk by the outside tolerance: what the grids must cover. */
  Geometry inner() {
    return inner;
  }

  /** Within a metre or so of the village outline: left out when judging boundaries between grids. */
  NearLines outline() {
    return outline;
  }

  /** Within the road distance of a road centre line. */
  NearLines roads() {
    return roads;
  }

  /** The number of buildings given, measurable or not. */
  int givenBuildings() {
    return givenBuildings;
  }

  /** The buildings with a measurable footprint. */
  List<Building> buildings() {
    return buildings;
  }
}
