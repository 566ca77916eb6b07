package org.gridscape.server.patrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.gridscape.server.store.Geometries;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * {@link Coverage} against the plain JTS reading of its definition: buffer the track by d in the
 * grid's frame, intersect with the grid's roads, compare lengths; and the building rule by distance.
 */
class CoverageTest {

  private static final WKTReader WKT = new WKTReader(Geometries.FACTORY);

  private static Geometry wkt(String text) {
    try {
      return WKT.read(text);
    } catch (ParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** A 400 m square grid with a cross of roads through it and one road that leaves it. */
  private static final Geometry GRID = wkt("POLYGON((118.700 24.960, 118.704 24.960, 118.704 24.9636, 118.700 24.9636,"
      + " 118.700 24.960))");
  private static final List<Geometry> ROADS = List.of(
      wkt("LINESTRING(118.699 24.9618, 118.705 24.9618)"),
      wkt("LINESTRING(118.702 24.9590, 118.702 24.9620, 118.7035 24.9634)"),
      wkt("LINESTRING(118.7005 24.9605, 118.7010 24.9612, 118.7008 24.9630)"));

  /** Independent: buffer the track by d, intersect it with the clipped roads, length ratio. */
  static double bufferShare(Geometry grid, List<Geometry> roads, double[] lonLat, double d) {
    GroundFrame frame = GroundFrame.around(grid);
    Geometry g = frame.toMetres(grid);
    double total = 0;
    double covered = 0;
    Coordinate[] cs = new Coordinate[lonLat.length / 2];
    for (int i = 0; i < cs.length; i++) {
      cs[i] = new Coordinate(frame.x(lonLat[2 * i]), frame.y(lonLat[2 * i + 1]));
    }
    Geometry zone = new org.locationtech.jts.geom.GeometryFactory().createLineString(cs).buffer(d, 32);
    for (Geometry road : roads) {
      Geometry clipped = g.intersection(frame.toMetres(road));
      total += clipped.getLength();
      covered += clipped.intersection(zone).getLength();
    }
    return covered / total;
  }

  @Test
  void roadCoverageAgreesWithBufferingTheTrack() {
    Random random = new Random(7);
    for (int round = 0; round < 20; round++) {
      // a walk along parts of the roads with GPS noise, and a detour across the fields
      List<Double> walk = new ArrayList<>();
      for (Geometry road : ROADS) {
        if (random.nextDouble() < 0.35) {
          continue;
        }
        LineString line = (LineString) road;
        double from = random.nextDouble() * 0.5;
        double to = from + 0.2 + random.nextDouble() * 0.5;
        for (double f = from; f <= Math.min(1, to); f += 0.03) {
          Coordinate c = new org.locationtech.jts.linearref.LengthIndexedLine(line).extractPoint(f * line.getLength());
          walk.add(c.x + random.nextGaussian() * 0.00005);
          walk.add(c.y + random.nextGaussian() * 0.00005);
        }
      }
      if (walk.size() < 4) {
        continue;
      }
      double[] lonLat = walk.stream().mapToDouble(Double::doubleValue).toArray();
      Coverage coverage = Coverage.of(List.of(new Coverage.Track("w", lonLat)), 30);
      Coverage.GridCoverage c = coverage.grid(new Coverage.GridInput("g", GRID, ROADS, List.of()));
      double expected = bufferShare(GRID, ROADS, lonLat, 30);
      assertThat(c.roadShare()).as("round %d", round).isCloseTo(expected, within(0.01));
      assertThat(c.roadByWorker().getOrDefault("w", 0.0)).isCloseTo(c.coveredRoad(), within(1e-6));
    }
  }

  @Test
  void buildingsCountWhenTheirFootprintIsWithinTheDistance() {
    // the track runs along latitude 24.9618 (the east-west road)
    double[] track = {118.7000, 24.9618, 118.7040, 24.9618};
    Geometry near = wkt("POLYGON((118.7010 24.9620, 118.7012 24.9620, 118.7012 24.9622, 118.7010 24.9622,"
        + " 118.7010 24.9620))"); // its south edge 22 m from the track
    Geometry far = wkt("POLYGON((118.7010 24.9623, 118.7012 24.9623, 118.7012 24.9625, 118.7010 24.9625,"
        + " 118.7010 24.9623))"); // 55 m
    Coverage coverage = Coverage.of(List.of(new Coverage.Track("w", track)), 30);
    Coverage.GridCoverage c = coverage.grid(new Coverage.GridInput("g", GRID, ROADS, List.of(near, far)));
    assertThat(c.buildings()).isEqualTo(2);
    assertThat(c.coveredBuildings()).isEqualTo(1);
    assertThat(c.buildingShare()).isEqualTo(0.5);
  }

  @Test
  void aGridWithoutTracksOrRoadsHasNoShareToInvent() {
    Coverage none = Coverage.of(List.of(), 30);
    Coverage.GridCoverage c = none.grid(new Coverage.GridInput("g", GRID, ROADS, List.of()));
    assertThat(c.coveredRoad()).isZero();
    assertThat(c.roadShare()).isZero();
    Coverage.GridCoverage empty = none.grid(new Coverage.GridInput("g", GRID, List.of(), List.of()));
    assertThat(empty.roadShare()).isNull();
    assertThat(empty.buildingShare()).isNull();
  }

  @Test
  void eachWorkerIsCreditedWithWhatTheirOwnTracksReached() {
    double[] west = {118.7000, 24.9618, 118.7020, 24.9618};
    double[] east = {118.7020, 24.9618, 118.7040, 24.9618};
    Coverage coverage = Coverage.of(List.of(new Coverage.Track("a", west), new Coverage.Track("b", east)), 30);
    Coverage.GridCoverage c = coverage.grid(new Coverage.GridInput("g", GRID, List.of(ROADS.get(0)), List.of()));
    assertThat(c.roadShare()).isCloseTo(1.0, within(0.001));
    double a = c.roadByWorker().get("a");
    double b = c.roadByWorker().get("b");
    // they overlap for 30 m on either side of the meeting point
    assertThat(a + b).isCloseTo(c.roadLength() + 60, within(3.0));
  }
}
