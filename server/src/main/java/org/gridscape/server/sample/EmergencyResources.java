package org.gridscape.server.sample;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.gridscape.server.sample.DistrictLayout.TownshipArea;
import org.gridscape.server.sample.GridPlan.Grid;
import org.locationtech.jts.geom.Coordinate;

/**
 * The emergency resources of the sample (平战转换): per township one shelter space (应急避难场所) in
 * its largest grid, the open land of the township, and one supply depot (应急物资储备点) in its most
 * populous grid, stocked in proportion to the township's residents. Written to
 * emergency-resources.csv in the format of {@code POST /api/v1/imports/emergency-resources}. No
 * random numbers: the other files do not change when this one is added.
 */
final class EmergencyResources {

  /** Stock per 1,000 residents of the township, as item:quantity. */
  private static final String[] ITEMS = {"tent", "folding_bed", "quilt", "drinking_water_box", "rice_kg",
      "life_jacket", "sandbag", "generator"};
  private static final double[] PER_THOUSAND = {6, 12, 25, 40, 150, 8, 200, 0.2};

  private EmergencyResources() {}

  static void write(DistrictLayout layout, GridPlan plan, Replica rep, CsvOut out) {
    for (TownshipArea t : layout.townships) {
      List<Grid> grids = new ArrayList<>();
      for (int v : t.villages()) {
        plan.byVillage.get(v).forEach(gi -> grids.add(plan.grids.get(gi)));
      }
      if (grids.isEmpty()) {
        continue;
      }
      long residents = grids.stream().mapToLong(g -> g.residents).sum();
      String township = rep.township(t.ref().code());
      String name = rep.name(t.ref().name());

      Grid open = grids.stream().max(Comparator.comparingDouble((Grid g) -> g.metric.getArea())
          .thenComparing(g -> g.code)).orElseThrow();
      Coordinate shelter = open.polygon.getInteriorPoint().getCoordinate();
      // room for 3% of the township's people, in steps of 50
      long capacity = Math.max(200, Math.round(residents * 0.03 / 50) * 50);
      out.row("ER" + township.substring(0, 9) + "S", "space", name + "应急避难场所（" + rep.name(open.name) + "）",
          lonLat(shelter.x, rep.dxUnits()), lonLat(shelter.y, rep.dyUnits()), rep.grid(open.code), capacity, "");

      Grid dense = grids.stream().max(Comparator.comparingInt((Grid g) -> g.residents).thenComparing(g -> g.code))
          .orElseThrow();
      Coordinate depot = layout.faces.get(dense.coreFace).getInteriorPoint().getCoordinate();
      StringBuilder stock = new StringBuilder();
      for (int i = 0; i < ITEMS.length; i++) {
        stock.append(i == 0 ? "" : ";").append(ITEMS[i]).append(':')
            .append(Math.max(1, Math.round(residents / 1000.0 * PER_THOUSAND[i])));
      }
      out.row("ER" + township.substring(0, 9) + "D", "supply", name + "应急物资储备点", lonLat(depot.x, rep.dxUnits()),
          lonLat(depot.y, rep.dyUnits()), rep.grid(dense.code), "", stock.toString());
    }
  }

  /** Degrees with 7 decimals after the copy's shift, as the other sample files write them. */
  private static String lonLat(double v, long shiftUnits) {
    long units = Math.round(v * 1e7) + shiftUnits;
    return (units < 0 ? "-" : "") + Math.abs(units) / 10_000_000L + "." + Digits.pad(Math.abs(units) % 10_000_000L, 7);
  }
}
