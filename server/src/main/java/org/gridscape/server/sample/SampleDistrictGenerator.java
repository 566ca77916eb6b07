package org.gridscape.server.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.gridscape.scene.model.GridKind;
import org.gridscape.server.sample.BuildingPlan.Building;
import org.gridscape.server.sample.BuildingPlan.Centre;
import org.gridscape.server.sample.DistrictLayout.Road;
import org.gridscape.server.sample.DistrictLayout.TownshipArea;
import org.gridscape.server.sample.DistrictLayout.VillageArea;
import org.gridscape.server.sample.DistrictLayout.WorkArea;
import org.gridscape.server.sample.GridPlan.Grid;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

/**
 * Writes the sample district (泉州台商投资区) as ordinary files in the formats of
 * docs/DATA-FORMATS.md: regions, one plan and one grid file per village, and the CSV layers.
 * Pure and deterministic: no database, no clock, no hash ordering; the same options give the same
 * bytes.
 */
public final class SampleDistrictGenerator {

  private SampleDistrictGenerator() {
  }

  /**
   * Generates the sample into {@code o.out()} (created if missing; files of the same name are
   * overwritten, other files are left alone, so use an empty directory).
   *
   * @param progress receives a few human-readable progress lines; nothing is printed
   */
  public static SampleSummary generate(SampleOptions o, Consumer<String> progress) {
    Path dir = o.out();
    try {
      Files.createDirectories(dir.resolve("plans"));
      Files.createDirectories(dir.resolve("grids"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ReferenceGeography ref = ReferenceGeography.load(DistrictLayout.LON_LAT);
    DistrictLayout layout = DistrictLayout.build(ref, o.seed(), progress);
    GridPlan plan = new GridPlan(layout, o.seed());
    progress.accept("sample: " + plan.grids.size() + " grids planned");
    BuildingPlan buildings = new BuildingPlan(layout, plan, o.seed());
    progress.accept("sample: " + buildings.buildings.size() + " buildings placed");
    PartyPlan party = new PartyPlan(layout, plan);
    List<String> townshipCodes = ref.townships().stream().map(ReferenceGeography.Township::code).toList();
    List<String> villageCodes = layout.villages.stream().map(v -> v.ref.code()).toList();
    List<Replica> replicas = new ArrayList<>();
    for (int r = 0; r < o.scale(); r++) {
      replicas.add(Replica.of(r, o.scale(), townshipCodes));
    }

    Tally tally = new Tally();
    writeRegions(dir, layout, replicas, tally);
    // The village GeoJSON files are independent of the CSV layers: write them on a second thread.
    ExecutorService geoJsonWriter = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "sample-geojson");
      t.setDaemon(true);
      return t;
    });
    try (Outputs out = new Outputs(dir)) {
      for (Replica rep : replicas) {
        Future<Long> roads = geoJsonWriter.submit(() -> writeVillageFiles(dir, layout, plan, buildings, rep));
        SplittableRandom rng = new SplittableRandom(o.seed() * 1_000_003L + rep.index());
        SyntheticIdentity ids = new SyntheticIdentity(rep.index());
        Population population = new Population(plan, buildings, party, rep, rng, ids, out, villageCodes);
        population.run();
        writePartyOrgs(out, layout, plan, party, population, rep, tally);
        SplittableRandom partyRng = new SplittableRandom(o.seed() * 2_750_159L + 7_368_787L * (rep.index() + 1));
        Governance governance = new Governance(layout, plan, buildings, population, rep, rng, partyRng, ids, out);
        governance.run();
        EmergencyResources.write(layout, plan, rep, out.emergencyResources);
        SamplePatrols patrols = new SamplePatrols(layout, plan, rep, o.seed());
        patrols.write(governance.patrolWorkers, out.patrols);
        progress.accept("sample: " + patrols.patrols + " patrols with " + patrols.points + " positions");
        SampleField field = new SampleField(plan, buildings, population.homes, rep, o.seed());
        field.write(governance.patrolWorkers, out.visits, out.collections);
        population.homes.clear();
        progress.accept("sample: " + field.visits + " visits, " + field.collections + " proposals; "
            + governance.partyMemberWorkers + " grid workers are Party members");
        SampleDutyPoints points = new SampleDutyPoints(party, population.membersByGrid, rep, o.seed());
        points.write(plan.byVillage.stream().flatMap(List::stream).toList(), out.dutyPoints);
        population.membersByGrid.clear();
        progress.accept("sample: " + points.entries + " duty-points entries recorded");
        tally.add(population, governance);
        tally.roads += join(roads);
        progress.accept("sample: copy " + (rep.index() + 1) + "/" + o.scale() + " written");
      }
    } finally {
      geoJsonWriter.shutdownNow();
    }
    SampleSummary summary = tally.summary(o, plan, buildings);
    writeManifest(dir, summary);
    return summary;
  }

  // ---------------------------------------------------------------- regions

  private static void writeRegions(Path dir, DistrictLayout layout, List<Replica> replicas, Tally tally) {
    try (GeoJsonOut regions = new GeoJsonOut(dir.resolve("regions.geojson"), 0, 0)) {
      regions.feature(districtGeometry(layout.district, replicas), region(ReferenceGeography.DISTRICT_CODE,
          ReferenceGeography.DISTRICT_NAME, "district", null));
      for (Replica rep : replicas) {
        for (TownshipArea t : layout.townships) {
          regions.feature(t.polygon(), rep.dxUnits(), rep.dyUnits(), region(rep.township(t.ref().code()),
              rep.name(t.ref().name()), "township", ReferenceGeography.DISTRICT_CODE));
          tally.townships++;
        }
      }
      for (Replica rep : replicas) {
        for (WorkArea w : layout.workAreas) {
          regions.feature(w.polygon(), rep.dxUnits(), rep.dyUnits(), region(rep.workArea(w.code()), rep.name(w.name()),
              "workarea", rep.township(w.township().code())));
          tally.workAreas++;
        }
      }
      for (Replica rep : replicas) {
        for (VillageArea v : layout.villages) {
          Map<String, Object> p = region(rep.village(v.ref.code()), rep.name(v.ref.displayName()), "village",
              rep.workArea(v.workAreaCode));
          p.put("full_name", rep.name(v.ref.fullName()));
          regions.feature(v.polygon, rep.dxUnits(), rep.dyUnits(), p);
          tally.villages++;
        }
      }
    }
  }

  private static Map<String, Object> region(String code, String name, String level, String parent) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("code", code);
    p.put("name", name);
    p.put("level", level);
    p.put("parent", parent);
    return p;
  }

  /** The district of a scaled sample is all copies side by side: a MultiPolygon. */
  private static Geometry districtGeometry(Geometry base, List<Replica> replicas) {
    if (replicas.size() == 1) {
      return base;
    }
    List<Polygon> parts = new ArrayList<>();
    for (Replica rep : replicas) {
      Geometry copy = base.copy();
      copy.apply((org.locationtech.jts.geom.CoordinateFilter) c -> {
        c.x = (Math.round(c.x * 1e7) + rep.dxUnits()) / 1e7;
        c.y = (Math.round(c.y * 1e7) + rep.dyUnits()) / 1e7;
      });
      copy.geometryChanged();
      for (int i = 0; i < copy.getNumGeometries(); i++) {
        parts.add((Polygon) copy.getGeometryN(i));
      }
    }
    return DistrictLayout.LON_LAT.createMultiPolygon(parts.toArray(new Polygon[0]));
  }

  // ---------------------------------------------------------------- village plans and grids

  private static <T> T join(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing village files", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Writes the plan and grid file of every village of one copy; returns the roads written. */
  private static long writeVillageFiles(Path dir, DistrictLayout layout, GridPlan plan, BuildingPlan buildings,
      Replica rep) {
    long roads = 0;
    for (VillageArea v : layout.villages) {
      String code = rep.village(v.ref.code());
      try (GeoJsonOut out = new GeoJsonOut(dir.resolve("plans").resolve(code + ".geojson"), rep.dxUnits(),
          rep.dyUnits())) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("layer", "boundary");
        b.put("code", code);
        b.put("name", rep.name(v.ref.displayName()));
        out.feature(v.polygon, b);
        for (Road r : v.roads) {
          Map<String, Object> p = new LinkedHashMap<>();
          p.put("layer", "road");
          p.put("name", rep.name(r.name()));
          p.put("class", r.roadClass());
          out.feature(r.line(), p);
          roads++;
        }
        List<Geometry> obstacles = new ArrayList<>();
        v.roads.forEach(r -> obstacles.add(r.line()));
        int pondNo = 0;
        for (int gi : plan.byVillage.get(v.index)) {
          buildings.byGrid.get(gi).forEach(bi -> obstacles.add(buildings.buildings.get(bi).footprint));
        }
        List<Polygon> ponds = Ponds.of(v.polygon, obstacles, v.ref.code());
        for (Geometry pond : ponds) {
          Map<String, Object> p = new LinkedHashMap<>();
          p.put("layer", "water");
          p.put("kind", "pond");
          p.put("name", rep.name(v.ref.displayName() + (++pondNo == 1 ? "" : String.valueOf(pondNo)) + "塘"));
          out.feature(pond, p);
        }
        for (Polygon field : Ponds.fields(v.polygon, obstacles, ponds)) {
          Map<String, Object> p = new LinkedHashMap<>();
          p.put("layer", "landuse");
          p.put("kind", Ponds.fieldKind(field));
          out.feature(field, p);
        }
        for (int gi : plan.byVillage.get(v.index)) {
          for (int bi : buildings.byGrid.get(gi)) {
            Building bd = buildings.buildings.get(bi);
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("layer", "building");
            p.put("id", BuildingPlan.buildingId(code, bd.seq));
            p.put("floors", bd.floors);
            p.put("height", bd.height);
            p.put("use", bd.use);
            p.put("structure", bd.structure);
            p.put("year", bd.year);
            out.feature(bd.footprint, p);
          }
        }
        for (Centre c : buildings.centres) {
          if (c.village() == v.index) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("layer", "centre");
            p.put("kind", c.kind());
            p.put("name", rep.name(c.name()));
            out.feature(c.lonLat(), p);
          }
        }
      }
      try (GeoJsonOut out = new GeoJsonOut(dir.resolve("grids").resolve(code + ".geojson"), rep.dxUnits(),
          rep.dyUnits())) {
        for (int gi : plan.byVillage.get(v.index)) {
          Grid g = plan.grids.get(gi);
          Map<String, Object> p = new LinkedHashMap<>();
          p.put("code", rep.grid(g.code));
          p.put("name", rep.name(g.name));
          p.put("kind", g.kind.code());
          out.feature(g.polygon, p);
        }
      }
    }
    return roads;
  }

  // ---------------------------------------------------------------- Party organisations

  private static void writePartyOrgs(Outputs out, DistrictLayout layout, GridPlan plan, PartyPlan party,
      Population population, Replica rep, Tally tally) {
    for (VillageArea v : layout.villages) {
      String code = rep.village(v.ref.code());
      out.partyOrgs.row("PV" + code, "village_org", rep.name(v.ref.displayName()) + "党委", null, code, "alone");
      tally.villageOrgs++;
    }
    for (Grid g : plan.grids) {
      String formation = party.formation[g.index];
      if (formation == null) {
        continue;
      }
      String suffix = switch (formation) {
        case "joint" -> "联合党支部";
        case "upgraded" -> "党总支";
        default -> "党支部";
      };
      String village = rep.village(layout.villages.get(g.village).ref.code());
      out.partyOrgs.row("PB" + rep.grid(g.code), "grid_branch", rep.name(g.name) + suffix, "PV" + village,
          rep.grid(g.code), formation);
      tally.branches++;
    }
    for (String[] group : population.buildingGroups) {
      out.partyOrgs.row(group[0], "building_group", group[1], group[2], group[3], "alone");
      tally.buildingGroups++;
    }
  }

  // ---------------------------------------------------------------- manifest

  private static void writeManifest(Path dir, SampleSummary summary) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("generator", "GridScape sample district generator");
    m.put("formats", "docs/DATA-FORMATS.md");
    m.put("district", ReferenceGeography.DISTRICT_CODE);
    m.put("reference_date", Governance.REFERENCE.toLocalDate().toString());
    m.put("seed", summary.seed());
    m.put("scale", summary.scale());
    m.put("attribution", ReferenceGeography.ATTRIBUTION);
    m.put("counts", summary);
    try {
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      String json = mapper.writeValueAsString(m).replace("\r\n", "\n") + "\n";
      Files.writeString(dir.resolve("manifest.json"), json, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Running totals over all copies. */
  private static final class Tally {
    int townships;
    int workAreas;
    int villages;
    long roads;
    int villageOrgs;
    int branches;
    int buildingGroups;
    long households;
    long residents;
    long members;
    long links;
    long assistance;
    long inspections;
    long illegal;
    int comprehensive;
    int police;
    int community;
    int partTime;
    int cadres;
    int organs;
    long events;
    long eventsClosed;

    void add(Population p, Governance g) {
      households += p.households;
      residents += p.residents;
      members += p.members;
      links += p.links;
      assistance += p.assistanceCases;
      inspections += g.inspections;
      illegal += g.illegalCases;
      comprehensive += g.comprehensive;
      police += g.police;
      community += g.community;
      partTime += g.partTime;
      cadres += g.cadres;
      organs += g.organs;
      events += g.events;
      eventsClosed += g.eventsClosed;
    }

    SampleSummary summary(SampleOptions o, GridPlan plan, BuildingPlan buildings) {
      int n = o.scale();
      int[] kinds = new int[GridKind.values().length];
      for (Grid g : plan.grids) {
        kinds[g.kind.ordinal()] += n;
      }
      long centres = buildings.centres.stream().filter(c -> c.kind().equals("neighbourhood_centre")).count() * n;
      long service = buildings.centres.stream().filter(c -> c.kind().equals("party_service_centre")).count() * n;
      return new SampleSummary(o.seed(), n, townships, workAreas, villages,
          new SampleSummary.GridCounts(kinds[0], kinds[1], kinds[2], kinds[3]), (long) buildings.buildings.size() * n,
          roads, households, residents, villageOrgs, branches, buildingGroups, members, links,
          new SampleSummary.WorkerCounts(comprehensive, police, community, partTime), organs, cadres, assistance,
          inspections, illegal, events, eventsClosed, (int) centres, (int) service);
    }
  }
}
