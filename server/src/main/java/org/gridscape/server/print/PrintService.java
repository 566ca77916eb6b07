package org.gridscape.server.print;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gridscape.server.Version;
import org.gridscape.server.grid.RegionScope;
import org.gridscape.server.imagery.basemap.BaseMapRenderer;
import org.gridscape.server.ogc.Feature;
import org.gridscape.server.ogc.Layer;
import org.gridscape.server.ogc.LayerCache;
import org.gridscape.server.ogc.Layers;
import org.gridscape.server.store.GeographyStore;
import org.gridscape.server.store.GeographyStore.GridRow;
import org.gridscape.server.store.GeographyStore.RegionRow;
import org.gridscape.server.store.Sql;
import org.locationtech.jts.geom.Envelope;

/**
 * Printed maps: reads what a sheet shows from the published revision (grids, plans, people, grid
 * workers), then draws and writes it on a worker thread. The font is checked first, so a server
 * without one answers 503 at once.
 */
public final class PrintService {

  /** The district's clock for the print date. */
  public static final ZoneId DISTRICT_TIME = ZoneId.of("Asia/Shanghai");

  /** What to write: the PDF, or the same page as a PNG. */
  public enum Output { PDF, PNG }

  /**
   * A finished print with what it cost.
   *
   * @param loadMillis   reading the data
   * @param renderMillis drawing and writing the file
   */
  public record Printed(byte[] bytes, String fileName, long loadMillis, long renderMillis) {}

  private final Vertx vertx;
  private final GeographyStore geography;
  private final PrintStore store;
  private final LayerCache layers;
  private final PrintFonts fonts;
  private final Clock clock;

  public PrintService(Vertx vertx, Sql sql, GeographyStore geography, LayerCache layers, PrintFonts fonts,
      Clock clock) {
    this.vertx = vertx;
    this.geography = geography;
    this.store = new PrintStore(sql);
    this.layers = layers;
    this.fonts = fonts;
    this.clock = clock;
  }

  /** The village's 网格分布图; 404 for a code that is not a village. */
  public Future<Printed> village(String code, PageFormat format, VillageSheet.WorkerNames names, Output output,
      float dpi) {
    long start = System.nanoTime();
    return vertx.executeBlocking(fonts::choice, false)
        .compose(font -> geography.region(code))
        .compose(found -> {
          RegionRow village = found.filter(r -> r.level().equals("village"))
              .orElseThrow(() -> PrintException.notFound(code, "no village " + code));
          return villageSheet(village, names, format);
        })
        .compose(sheet -> {
          long loaded = System.nanoTime();
          return vertx.executeBlocking(() -> {
            try (RenderedSheet rendered = VillageMapRenderer.render(sheet, format, fonts)) {
              byte[] bytes = output == Output.PDF ? rendered.pdf() : rendered.png(dpi);
              return new Printed(bytes, fileName(code, format, output), millis(start, loaded),
                  millis(loaded, System.nanoTime()));
            }
          }, false);
        });
  }

  /** The district's overview of villages and their grid counts; {@code code} null for the only district. */
  public Future<Printed> district(String code, PageFormat format, Output output, float dpi) {
    long start = System.nanoTime();
    return vertx.executeBlocking(fonts::choice, false)
        .compose(font -> geography.regions())
        .compose(regions -> {
          List<RegionRow> districts = regions.stream().filter(r -> r.level().equals("district")).toList();
          RegionRow district;
          if (code != null) {
            district = districts.stream().filter(r -> r.code().equals(code)).findFirst()
                .orElseThrow(() -> PrintException.notFound(code, "no district " + code));
          } else if (districts.size() == 1) {
            district = districts.get(0);
          } else if (districts.isEmpty()) {
            throw PrintException.notFound("district", "no district has been imported yet");
          } else {
            throw PrintException.invalid("district", "there are " + districts.size() + " districts: name one with "
                + "?district=CODE");
          }
          return Future.all(store.gridsPerVillage(), store.residentsPerVillage())
              .map(all -> districtSheet(district, regions, all.resultAt(0), all.resultAt(1)));
        })
        .compose(sheet -> {
          long loaded = System.nanoTime();
          return vertx.executeBlocking(() -> {
            try (RenderedSheet rendered = DistrictMapRenderer.render(sheet, format, fonts)) {
              byte[] bytes = output == Output.PDF ? rendered.pdf() : rendered.png(dpi);
              return new Printed(bytes, fileName(sheet.code(), format, output), millis(start, loaded),
                  millis(loaded, System.nanoTime()));
            }
          }, false);
        });
  }

  private Future<VillageSheet> villageSheet(RegionRow village, VillageSheet.WorkerNames names, PageFormat format) {
    String code = village.code();
    Future<List<RegionRow>> parents = parents(village.parentCode(), new ArrayList<>());
    Future<List<GridRow>> grids = geography.gridsOfVillage(code, false);
    Future<Map<String, Integer>> residents = store.residentsPerGrid(code);
    Future<Map<String, List<VillageSheet.Worker>>> workers = store.workersPerGrid(code,
        names != VillageSheet.WorkerNames.HIDDEN);
    Future<VillageSheet.Revision> revision = store.revision(code);
    Envelope area = groundArea(village, grids, format);
    return Future.all(parents, grids, residents, workers, revision).compose(all -> {
      Envelope box = area != null ? area : groundArea(village, grids, format);
      return ground(box).map(ground -> {
        String township = null;
        String district = null;
        for (RegionRow parent : parents.result()) {
          if (parent.level().equals("township")) {
            township = parent.name();
          } else if (parent.level().equals("district")) {
            district = parent.name();
          }
        }
        List<VillageSheet.Grid> sheetGrids = new ArrayList<>();
        for (GridRow g : grids.result().stream().sorted(Comparator.comparing(GridRow::code)).toList()) {
          sheetGrids.add(new VillageSheet.Grid(g.code(), g.name(), g.kind(), g.geom(),
              residents.result().getOrDefault(g.code(), 0),
              masked(workers.result().getOrDefault(g.code(), List.of()), names)));
        }
        return new VillageSheet(code, village.name(), township, district, village.geom(), sheetGrids, ground,
            revision.result(), names, LocalDate.now(clock.withZone(DISTRICT_TIME)), Version.VERSION);
      });
    });
  }

  /** The village, its regions up to the district, read one level at a time (four at most). */
  private Future<List<RegionRow>> parents(String code, List<RegionRow> found) {
    if (code == null || found.size() >= 4) {
      return Future.succeededFuture(found);
    }
    return geography.region(code).compose(row -> {
      if (row.isEmpty()) {
        return Future.succeededFuture(found);
      }
      found.add(row.get());
      return parents(row.get().parentCode(), found);
    });
  }

  /**
   * The area whose ground is drawn: what the sheet's map frame shows around the village (its boundary,
   * else its grids). Null while the grids are still loading for a village without a boundary.
   */
  private static Envelope groundArea(RegionRow village, Future<List<GridRow>> grids, PageFormat format) {
    Envelope env = new Envelope();
    if (village.geom() != null) {
      env.expandToInclude(village.geom().getEnvelopeInternal());
    } else if (grids.succeeded()) {
      grids.result().forEach(g -> env.expandToInclude(g.geom().getEnvelopeInternal()));
    } else {
      return null;
    }
    return env.isNull() ? env : VillageMapRenderer.frame(env, format).lonLatEnvelope();
  }

  private Future<BaseMapRenderer.Content> ground(Envelope box) {
    if (box.isNull()) {
      return Future.succeededFuture(new BaseMapRenderer.Content(List.of(), List.of(), List.of(), List.of(), List.of(),
          List.of(), List.of()));
    }
    Future<List<Feature>> townships = meeting(Layers.TOWNSHIPS, box);
    Future<List<Feature>> villages = meeting(Layers.VILLAGES, box);
    Future<List<Feature>> landUse = meeting(Layers.LAND_USE, box);
    Future<List<Feature>> water = meeting(Layers.WATER, box);
    Future<List<Feature>> roads = meeting(Layers.ROADS, box);
    Future<List<Feature>> buildings = meeting(Layers.BUILDINGS, box);
    return Future.all(List.of(townships, villages, landUse, water, roads, buildings))
        .map(all -> new BaseMapRenderer.Content(townships.result(), villages.result(), landUse.result(),
            water.result(), roads.result(), buildings.result(), List.of()));
  }

  private Future<List<Feature>> meeting(Layer layer, Envelope box) {
    return layers.signature(layer).compose(signature -> layers.store().meeting(layer, box, signature, RegionScope.ALL));
  }

  private static List<VillageSheet.Worker> masked(List<VillageSheet.Worker> workers, VillageSheet.WorkerNames names) {
    if (names != VillageSheet.WorkerNames.MASKED) {
      return workers;
    }
    return workers.stream().map(w -> new VillageSheet.Worker(w.type(),
        org.gridscape.server.layer.Masking.name(w.name()))).toList();
  }

  private DistrictSheet districtSheet(RegionRow district, List<RegionRow> regions, Map<String, Integer> grids,
      Map<String, Integer> residents) {
    Map<String, RegionRow> byCode = new HashMap<>();
    regions.forEach(r -> byCode.put(r.code(), r));
    List<DistrictSheet.Township> townships = new ArrayList<>();
    List<DistrictSheet.Village> villages = new ArrayList<>();
    for (RegionRow r : regions) {
      if (r.level().equals("township") && district.code().equals(r.parentCode())) {
        townships.add(new DistrictSheet.Township(r.code(), r.name(), r.geom()));
      }
    }
    for (RegionRow r : regions) {
      if (!r.level().equals("village")) {
        continue;
      }
      String township = null;
      RegionRow up = byCode.get(r.parentCode());
      for (int i = 0; up != null && i < 4; i++) {
        if (up.level().equals("township")) {
          township = up.code();
          break;
        }
        up = byCode.get(up.parentCode());
      }
      String finalTownship = township;
      if (township != null && townships.stream().anyMatch(t -> t.code().equals(finalTownship))) {
        villages.add(new DistrictSheet.Village(r.code(), r.name(), township, r.geom(), grids.getOrDefault(r.code(), 0),
            residents.getOrDefault(r.code(), 0)));
      }
    }
    return new DistrictSheet(district.code(), district.name(), townships, villages,
        LocalDate.now(clock.withZone(DISTRICT_TIME)), Version.VERSION);
  }

  private static String fileName(String code, PageFormat format, Output output) {
    return code + "-" + format.paper().name() + "-" + (format.landscape() ? "landscape" : "portrait")
        + (output == Output.PDF ? ".pdf" : ".png");
  }

  private static long millis(long from, long to) {
    return (to - from) / 1_000_000;
  }
}
