package org.gridscape.server.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.gridscape.server.GridScapeServer;

/**
 * {@code ./gridscape bench appraisal}: {@code GET /api/v1/appraisal?period=2026-11} of the whole
 * district (the sample's month of patrols, visits and events), every round timed over HTTP as the
 * administrator. The first round is cold (the month's coverage is computed); the others are warm
 * (goal: under 200 ms). Then the same table once as CSV and once as XLSX.
 */
public final class AppraisalBenchmark {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private AppraisalBenchmark() {}

  public static void run(GridScapeServer server, int rounds, PrintStream out) throws Exception {
    String origin = "http://127.0.0.1:" + server.port();
    String admin = CityBenchmark.login(origin);
    CityBenchmark.awaitIdle(origin, admin);
    String url = origin + "/api/v1/appraisal?period=2026-11";
    List<Long> warm = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      long t0 = System.nanoTime();
      HttpResponse<String> r = get(url, admin);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      if (r.statusCode() != 200) {
        throw new IllegalStateException("appraisal: " + r.statusCode() + " " + r.body());
      }
      JsonObject table = new JsonObject(r.body());
      JsonArray rows = table.getJsonArray("rows");
      int[] perLevel = new int[4];
      int below95 = 0;
      for (int k = 0; k < rows.size(); k++) {
        JsonObject row = rows.getJsonObject(k);
        perLevel[List.of("township", "village", "grid", "worker").indexOf(row.getString("level"))]++;
        Double c = row.getDouble("coverage");
        below95 += "grid".equals(row.getString("level")) && c != null && c < 0.95 ? 1 : 0;
      }
      if (i > 0) {
        warm.add(ms);
      }
      out.printf(Locale.ROOT, "  appraisal %d (%s): %d ms wall (%d ms in the server), %d rows: %d townships, %d villages,"
          + " %d grids (%d below 95%% coverage), %d workers%n", i + 1, i == 0 ? "cold" : "warm", ms,
          table.getLong("computedInMs"), rows.size(), perLevel[0], perLevel[1], perLevel[2], below95, perLevel[3]);
    }
    if (!warm.isEmpty()) {
      List<Long> sorted = new ArrayList<>(warm);
      Collections.sort(sorted);
      out.printf(Locale.ROOT, "  warm median %d ms (goal < 200 ms)%n", sorted.get(sorted.size() / 2));
    }
    for (String format : new String[] {"csv", "xlsx"}) {
      long t0 = System.nanoTime();
      HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "&format=" + format))
          .header("Authorization", "Bearer " + admin).timeout(Duration.ofMinutes(5)).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      out.printf(Locale.ROOT, "  %s: %d ms, %d bytes (status %d)%n", format, (System.nanoTime() - t0) / 1_000_000,
          r.body().length, r.statusCode());
    }
  }

  private static HttpResponse<String> get(String url, String token) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
        .timeout(Duration.ofMinutes(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
