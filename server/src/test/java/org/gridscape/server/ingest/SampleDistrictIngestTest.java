package org.gridscape.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.gridscape.server.grid.GridValidator;
import org.gridscape.server.grid.ResidentBuilding;
import org.gridscape.server.grid.ValidationInput;
import org.gridscape.server.grid.ValidationIssue;
import org.gridscape.server.grid.ValidationResult;
import org.gridscape.server.testing.SampleDistrict;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;

/**
 * End to end over the generated sample district: every village's plan and grid file imports, and the
 * validation of every village finds no errors, with residents taken from households.csv.
 */
@Tag("slow")
class SampleDistrictIngestTest {

  private static Path dir;

  @BeforeAll
  static void generate() {
    dir = SampleDistrict.files();
  }

  private static Map<String, Integer> residentsByBuilding() throws IOException {
    Map<String, Integer> residents = new HashMap<>();
    List<String> lines = Files.readAllLines(dir.resolve("households.csv"));
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",");
      residents.merge(cells[1], Integer.parseInt(cells[2].trim()), Integer::sum);
    }
    return residents;
  }

  @Test
  void everyVillageImportsAndValidatesWithoutErrors() throws IOException {
    Map<String, Integer> residents = residentsByBuilding();
    Map<String, Integer> warningsByRule = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    int villages = 0;
    int grids = 0;
    int buildings = 0;
    long residentsInGrids = 0;
    try (Stream<Path> plans = Files.list(dir.resolve("plans"))) {
      for (Path planFile : plans.sorted().toList()) {
        String code = planFile.getFileName().toString().replace(".geojson", "");
        VillagePlan plan;
        GridSet set;
        try {
          plan = VillagePlanImporter.importPlan(Files.readAllBytes(planFile), "application/geo+json", IngestOptions.defaults());
          set = GridSetImporter.importGrids(Files.readAllBytes(dir.resolve("grids").resolve(code + ".geojson")),
              "application/geo+json", GridSetImporter.Context.fresh(code), IngestOptions.defaults());
        } catch (IngestException e) {
          failures.add(code + " import " + e.code() + ": " + e.getMessage());
          continue;
        }
        assertThat(set.assignedCodes()).as("codes of %s", code).isEmpty();
        List<ResidentBuilding> people = plan.buildings().stream()
            .map(b -> new ResidentBuilding(b.id(), b.footprint(), residents.getOrDefault(b.id(), 0))).toList();
        List<Geometry> roads = plan.roads().stream().map(Road::line).toList();
        ValidationResult result = GridValidator.validate(new ValidationInput(code, plan.boundary(), set.grids(), people, roads));
        for (ValidationIssue e : result.errors()) {
          failures.add(code + " " + e.rule() + ": " + e.message());
        }
        for (ValidationIssue w : result.warnings()) {
          warningsByRule.merge(w.rule(), 1, Integer::sum);
        }
        residentsInGrids += result.metrics().residentsTotal();
        villages++;
        grids += set.grids().size();
        buildings += plan.buildings().size();
      }
    }
    System.out.printf("sample district: %d villages, %d grids, %d buildings; warnings %s%n", villages, grids, buildings, warningsByRule);
    assertThat(failures).as("validation errors").isEmpty();
    assertThat(villages).isEqualTo(78);
    assertThat(grids).isEqualTo(381);
    // every resident of households.csv lives in a building that lies in exactly one grid
    assertThat(residentsInGrids).isEqualTo(residents.values().stream().mapToLong(Integer::longValue).sum());
  }
}
