package org.gridscape.server.bench;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gridscape.server.GridScapeServer;

/**
 * {@code ./gridscape bench mappdf}: printed maps over HTTP against a running server with a district
 * loaded: the 一村一图 PDF of the villages with the most buildings (A3 landscape and A4 portrait), its
 * PNG at 150 dpi, and the district sheet. Prints every request of every round (wall time, and the
 * server's own split into reading the data and drawing, from its {@code Server-Timing} header), then
 * the median per kind. The first round includes the font's first load and the JIT's warm-up.
 */
public final class MapPdfBenchmark {

  /** @param rounds rounds of all requests; @param villages how many of the largest villages to print */
  public record Options(int rounds, int villages) {
    public Options {
      if (rounds < 1 || villages < 1) {
        throw new IllegalArgumentException("rounds and villages >= 1");
      }
    }
  }

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private MapPdfBenchmark() {}

  public static void run(GridScapeServer server, Options options, PrintStream out) throws Exception {
    String origin = "http://127.0.0.1:" + server.port();
    String token = CityBenchmark.login(origin);
    CityBenchmark.awaitIdle(origin, token);
    List<String> villages = new ArrayList<>();
    Future<List<String>> largest = server.context().db().query("SELECT village_code, COUNT(*) AS n FROM building "
        + "GROUP BY village_code ORDER BY COUNT(*) DESC, village_code").map(rows -> {
          List<String> codes = new ArrayList<>();
          for (Row row : rows) {
            if (codes.size() < options.villages()) {
              codes.add(row.getString(0));
              out.printf(Locale.ROOT, "village %s: %d buildings%n", row.getString(0),
                  ((Number) row.getValue(1)).longValue());
            }
          }
          return codes;
        });
    villages.addAll(largest.toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES));
    Map<String, String> kinds = new LinkedHashMap<>();
    for (String village : villages) {
      kinds.put(village + " map.pdf A3 landscape", "/api/v1/villages/" + village + "/map.pdf?size=A3&orientation=landscape");
      kinds.put(village + " map.pdf A4 portrait", "/api/v1/villages/" + village + "/map.pdf?size=A4&orientation=portrait");
    }
    kinds.put(villages.get(0) + " map.png A3 landscape 150 dpi", "/api/v1/villages/" + villages.get(0)
        + "/map.png?size=A3&orientation=landscape&dpi=150");
    kinds.put("district map.pdf A3 landscape", "/api/v1/district/map.pdf");
    Map<String, List<Long>> times = new LinkedHashMap<>();
    for (int round = 1; round <= options.rounds(); round++) {
      for (Map.Entry<String, String> kind : kinds.entrySet()) {
        long start = System.nanoTime();
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(origin + kind.getValue()))
            .timeout(Duration.ofMinutes(2)).header("Authorization", "Bearer " + token).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        long micros = (System.nanoTime() - start) / 1000;
        if (response.statusCode() != 200) {
          throw new IllegalStateException(kind.getValue() + " answered " + response.statusCode() + ": "
              + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        times.computeIfAbsent(kind.getKey(), k -> new ArrayList<>()).add(micros);
        out.printf(Locale.ROOT, "  round %d  %-48s %7.1f ms  (server: %s)  %,d bytes%n", round, kind.getKey(),
            micros / 1000.0, response.headers().firstValue("Server-Timing").orElse("-"), response.body().length);
      }
    }
    for (Map.Entry<String, List<Long>> kind : times.entrySet()) {
      out.printf(Locale.ROOT, "%-50s median %7.1f ms, best %7.1f ms, worst %7.1f ms (%d rounds)%n", kind.getKey(),
          Measures.median(kind.getValue()) / 1000.0, Measures.percentile(kind.getValue(), 0) / 1000.0,
          Measures.percentile(kind.getValue(), 1) / 1000.0, kind.getValue().size());
    }
    out.printf(Locale.ROOT, "process peak RSS %s%n", Measures.peakRss());
  }
}
