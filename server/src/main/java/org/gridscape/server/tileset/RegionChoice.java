package org.gridscape.server.tileset;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gridscape.server.store.GeographyStore.RegionRow;
import org.gridscape.server.tileset.TilesetException.Kind;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;

/**
 * The region an imported tileset belongs to: the lowest region (village, work area, township,
 * district) whose polygon holds the centre of the tileset's footprint. A footprint that meets no
 * region lies outside the district and is refused.
 */
final class RegionChoice {

  private static final Map<String, Integer> DEPTH = Map.of("village", 0, "workarea", 1, "township", 2, "district", 3);
  private static final GeometryFactory GEOMETRY = new GeometryFactory();

  private RegionChoice() {}

  static RegionRow pick(List<RegionRow> regions, Footprint footprint) {
    Geometry box = GEOMETRY.toGeometry(new Envelope(footprint.west(), footprint.east(), footprint.south(),
        footprint.north()));
    Point centre = GEOMETRY.createPoint(new org.locationtech.jts.geom.Coordinate(footprint.centreLon(),
        footprint.centreLat()));
    List<RegionRow> meeting = regions.stream().filter(r -> r.geom() != null && r.geom().intersects(box)).toList();
    if (meeting.isEmpty()) {
      Envelope district = new Envelope();
      regions.stream().filter(r -> r.geom() != null).forEach(r -> district.expandToInclude(r.geom().getEnvelopeInternal()));
      throw new TilesetException(Kind.OUTSIDE_DISTRICT, "the tileset lies outside the district: its bounds "
          + footprint.describe() + " meet no region" + (district.isNull() ? " (no regions have been imported yet)"
          : String.format(Locale.ROOT, " (the district's regions cover [%.6f, %.6f, %.6f, %.6f])", district.getMinX(),
              district.getMinY(), district.getMaxX(), district.getMaxY())));
    }
    Comparator<RegionRow> lowestFirst = Comparator.<RegionRow>comparingInt(r -> DEPTH.getOrDefault(r.level(), 4))
        .thenComparing(RegionRow::code);
    return meeting.stream().filter(r -> r.geom().covers(centre)).min(lowestFirst)
        // the centre is in no region (the tileset straddles the district's edge): the region it overlaps most
        .orElseGet(() -> meeting.stream().max(Comparator.<RegionRow>comparingDouble(
            r -> r.geom().intersection(box).getArea()).thenComparing(lowestFirst.reversed())).orElseThrow());
  }
}
