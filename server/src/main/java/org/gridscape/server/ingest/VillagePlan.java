package org.gridscape.server.ingest;

import java.util.List;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygonal;

/**
 * A village plan (一村一图) after import: everything valid and in WGS84 lon/lat.
 *
 * @param boundary      the village boundary, a valid Polygon or MultiPolygon (several boundary
 *                      features are unioned)
 * @param roads         road centre lines
 * @param buildings     building footprints with attributes
 * @param points        named points (centres)
 * @param areas         water and land-use areas
 * @param sourceCrs     the coordinate system the upload was in, e.g. {@code EPSG:4549}
 * @param repairs       geometries that were repaired (only with {@code repair=true})
 * @param ignoredLayers layers of the upload that are not part of a plan and were skipped
 */
public record VillagePlan(Geometry boundary, List<Road> roads, List<Building> buildings, List<PlanPoint> points,
                          List<LandArea> areas, String sourceCrs, List<IngestProblem> repairs, List<String> ignoredLayers) {

  public VillagePlan {
    if (!(boundary instanceof Polygonal) || boundary.isEmpty()) {
      throw new IllegalArgumentException("a plan needs a polygonal boundary");
    }
    roads = List.copyOf(roads);
    buildings = List.copyOf(buildings);
    points = List.copyOf(points);
    areas = List.copyOf(areas);
    repairs = List.copyOf(repairs);
    ignoredLayers = List.copyOf(ignoredLayers);
  }
}
