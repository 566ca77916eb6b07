package org.gridscape.server.ingest;

import java.util.List;
import java.util.Set;
import org.gridscape.server.grid.GridFeature;

/**
 * A village's grid boundaries after import: valid single polygons in WGS84, every grid coded.
 *
 * @param villageCode   the 12-digit village code
 * @param grids         the grids in upload order
 * @param assignedCodes the codes this import assigned (grids that came without one)
 * @param sourceCrs     the coordinate system the upload was in
 * @param repairs       geometries that were repaired (only with {@code repair=true})
 */
public record GridSet(String villageCode, List<GridFeature> grids, Set<String> assignedCodes, String sourceCrs,
                      List<IngestProblem> repairs) {

  public GridSet {
    grids = List.copyOf(grids);
    assignedCodes = Set.copyOf(assignedCodes);
    repairs = List.copyOf(repairs);
  }
}
