package org.gridscape.server.cli;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.gridscape.server.config.ServerConfig;
import org.gridscape.server.ingest.IngestOptions;

/**
 * {@code bench ingest}: import a village plan of 2,000 buildings and validate a village, on a fresh
 * database in a work directory. It prints timings; BENCHMARKS.md records them with the command.
 * ({@code bench sample} is {@link org.gridscape.server.bench.SampleBenchmark}.)
 */
final class LoadBenchmarks {

  private LoadBenchmarks() {}

  static int ingest(Path work, String dbUrl, int buildings, int rounds, PrintStream out) {
    String village = "350521104201";
    try (Offline offline = Offline.open(config(work, dbUrl))) {
      Offline.await(offline.grids().importRegions(regions(village)), 60);
      byte[] plan = plan(buildings);
      byte[] grids = grids();
      double[] importMs = new double[rounds];
      double[] validateMs = new double[rounds];
      for (int i = 0; i < rounds; i++) {
        long a = System.nanoTime();
        JsonObject result = Offline.await(offline.grids().importPlan(village, plan, "application/geo+json",
            IngestOptions.defaults(), Offline.CLI, false), 120);
        long b = System.nanoTime();
        if (i == 0) {
          Offline.await(offline.grids().importGrids(village, grids, "application/geo+json", IngestOptions.defaults(),
              Offline.CLI, false), 120);
          out.println("  imported " + result.getJsonObject("counts").encode());
        }
        long c = System.nanoTime();
        JsonObject validation = Offline.await(offline.grids().validate(village), 120);
        long d = System.nanoTime();
        importMs[i] = (b - a) / 1e6;
        validateMs[i] = (d - c) / 1e6;
        if (i == 0) {
          out.println("  validation ok=" + validation.getBoolean("ok") + " grids="
              + validation.getJsonObject("metrics").getInteger("gridCount"));
        }
      }
      out.printf(Locale.ROOT, "village plan of %d buildings: import median %.0f ms (min %.0f); validate median %.0f ms "
          + "(min %.0f) over %d rounds%n", buildings, median(importMs), min(importMs), median(validateMs),
          min(validateMs), rounds);
    }
    return 0;
  }

  private static ServerConfig config(Path work, String dbUrl) {
    return ServerConfig.forTest(work.resolve("data"), dbUrl);
  }

  /** A 1.2 km square village with a street every 60 m and houses of 10 m x 12 m along them. */
  static byte[] plan(int buildings) {
    double x0 = 118.700, y0 = 24.960, size = 0.012;
    StringBuilder sb = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
    sb.append(feature("{\"layer\":\"boundary\"}", box(x0, y0, x0 + size, y0 + size)));
    for (int i = 1; i < 20; i++) {
      double x = x0 + size * i / 20;
      sb.append(",{\"type\":\"Feature\",\"properties\":{\"layer\":\"road\",\"name\":\"路").append(i)
          .append("\"},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[").append(x).append(',').append(y0)
          .append("],[").append(x).append(',').append(y0 + size).append("]]}}");
    }
    int perRow = (int) Math.ceil(Math.sqrt(buildings));
    double step = size / (perRow + 1);
    for (int i = 0; i < buildings; i++) {
      double x = x0 + step * (1 + i % perRow);
      double y = y0 + step * (1 + i / perRow);
      sb.append(',').append(feature("{\"layer\":\"building\",\"id\":\"BENCH-" + i + "\",\"层数\":" + (2 + i % 5) + "}",
          box(x, y, x + 0.0001, y + 0.00011)));
    }
    return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] grids() {
    double x0 = 118.700, y0 = 24.960, half = 0.006;
    StringBuilder sb = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
    for (int i = 0; i < 4; i++) {
      double x = x0 + half * (i % 2);
      double y = y0 + half * (1 - i / 2);
      sb.append(i == 0 ? "" : ",").append(feature("{\"name\":\"网格" + (i + 1) + "\",\"kind\":\"standard\"}",
          box(x, y, x + half, y + half)));
    }
    return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] regions(String village) {
    String district = feature("{\"code\":\"350521000000\",\"name\":\"区\",\"level\":\"district\"}",
        box(118.6, 24.9, 118.8, 25.0));
    String township = feature("{\"code\":\"350521104000\",\"name\":\"镇\",\"level\":\"township\",\"parent\":\"350521000000\"}",
        box(118.6, 24.9, 118.8, 25.0));
    String area = feature("{\"code\":\"350521104W01\",\"name\":\"片\",\"level\":\"workarea\",\"parent\":\"350521104000\"}",
        box(118.6, 24.9, 118.8, 25.0));
    String v = feature("{\"code\":\"" + village + "\",\"name\":\"村\",\"level\":\"village\",\"parent\":\"350521104W01\"}",
        box(118.700, 24.960, 118.712, 24.972));
    return ("{\"type\":\"FeatureCollection\",\"features\":[" + district + "," + township + "," + area + "," + v + "]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String feature(String props, String polygon) {
    return "{\"type\":\"Feature\",\"properties\":" + props + ",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
        + polygon + "}}";
  }

  private static String box(double x0, double y0, double x1, double y1) {
    return String.format(Locale.ROOT, "[[[%.7f,%.7f],[%.7f,%.7f],[%.7f,%.7f],[%.7f,%.7f],[%.7f,%.7f]]]", x0, y0, x1, y0,
        x1, y1, x0, y1, x0, y0);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static double min(double[] values) {
    return Arrays.stream(values).min().orElse(0);
  }
}
