package org.gridscape.server.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
 * {@code ./gridscape bench draft}: the planner's working-safely path over HTTP on a village of a
 * loaded district (the one with the most grids unless {@code --village}): saving one grid to the
 * draft (a rename with If-Match), saving the whole set to the draft (the grid-set import an undone
 * split or an auto-partition saves), validating the draft, and comparing it with the published set
 * (the diff with residents moving). Every request of every round is printed, then the medians. The
 * draft is discarded at the end, so the district is left as it was.
 */
public final class DraftBenchmark {

  /** @param rounds rounds of all four requests; @param village a village code, or null for the one with most grids */
  public record Options(int rounds, String village) {
    public Options {
      if (rounds < 1) {
        throw new IllegalArgumentException("rounds >= 1");
      }
    }
  }

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private DraftBenchmark() {}

  public static void run(GridScapeServer server, Options options, PrintStream out) throws Exception {
    String origin = "http://127.0.0.1:" + server.port();
    String token = CityBenchmark.login(origin);
    CityBenchmark.awaitIdle(origin, token);
    String village = options.village() != null ? options.village() : server.context().db().query(
        "SELECT village_code, COUNT(*) FROM grid WHERE status = 'published' GROUP BY village_code "
            + "ORDER BY COUNT(*) DESC, village_code").map(rows -> {
              for (Row row : rows) {
                return row.getString(0);
              }
              throw new IllegalStateException("no published grids: load a district first");
            }).toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
    JsonArray published = json(send(origin, token, "GET", "/api/v1/grids?village=" + village, null, null, null))
        .getJsonArray("features");
    JsonObject validation = json(send(origin, token, "GET", "/api/v1/villages/" + village + "/validation", null, null,
        null));
    out.printf(Locale.ROOT, "village %s: %d grids, %d residents%n", village, published.size(),
        validation.getJsonObject("metrics").getInteger("residentsTotal", 0));
    String code = published.getJsonObject(0).getString("id");
    String set = new JsonObject().put("type", "FeatureCollection").put("features", published).encode();
    Map<String, List<Long>> times = new LinkedHashMap<>();
    try {
      for (int round = 1; round <= options.rounds(); round++) {
        JsonObject grid = json(send(origin, token, "GET", "/api/v1/grids/" + code + "?revision=draft", null, null, null));
        int version = grid.getJsonObject("properties").getInteger("version");
        String rename = new JsonObject().put("type", "Feature").put("properties", new JsonObject()
            .put("name", "基准" + round)).encode();
        time(times, round, "save one grid (PUT, If-Match)", out,
            () -> send(origin, token, "PUT", "/api/v1/grids/" + code, rename, "application/json", "\"" + version + "\""));
        time(times, round, "save the grid set (import into the draft)", out,
            () -> send(origin, token, "POST", "/api/v1/imports/grids?village=" + village, set, "application/geo+json",
                null));
        time(times, round, "validate the draft", out,
            () -> send(origin, token, "GET", "/api/v1/villages/" + village + "/validation", null, null, null));
        time(times, round, "compare draft and published (diff)", out,
            () -> send(origin, token, "GET", "/api/v1/villages/" + village + "/draft/diff", null, null, null));
      }
    } finally {
      send(origin, token, "DELETE", "/api/v1/villages/" + village + "/draft", null, null, null);
    }
    for (Map.Entry<String, List<Long>> kind : times.entrySet()) {
      out.printf(Locale.ROOT, "%-44s median %7.1f ms, best %7.1f ms, worst %7.1f ms (%d rounds)%n", kind.getKey(),
          Measures.median(kind.getValue()) / 1000.0, Measures.percentile(kind.getValue(), 0) / 1000.0,
          Measures.percentile(kind.getValue(), 1) / 1000.0, kind.getValue().size());
    }
    out.printf(Locale.ROOT, "process peak RSS %s%n", Measures.peakRss());
  }

  private interface Call {
    HttpResponse<String> send() throws Exception;
  }

  private static void time(Map<String, List<Long>> times, int round, String kind, PrintStream out, Call call)
      throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> response = call.send();
    long micros = (System.nanoTime() - start) / 1000;
    times.computeIfAbsent(kind, k -> new ArrayList<>()).add(micros);
    out.printf(Locale.ROOT, "  round %d  %-44s %7.1f ms  %,d bytes%n", round, kind, micros / 1000.0,
        response.body().length());
  }

  private static HttpResponse<String> send(String origin, String token, String method, String path, String body,
      String type, String ifMatch) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + path)).timeout(Duration.ofMinutes(2))
        .header("Authorization", "Bearer " + token)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (type != null) {
      request.header("Content-Type", type);
    }
    if (ifMatch != null) {
      request.header("If-Match", ifMatch);
    }
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
          + response.body());
    }
    return response;
  }

  private static JsonObject json(HttpResponse<String> response) {
    return new JsonObject(response.body());
  }
}
