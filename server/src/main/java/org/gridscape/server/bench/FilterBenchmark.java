package org.gridscape.server.bench;

import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import org.gridscape.server.GridScapeServer;

/**
 * {@code ./gridscape bench filter}: OGC API items pages of buildings with CQL2 filters against
 * unfiltered pages, over HTTP against a running server with a district loaded. Every request has a
 * URL of its own (the page size differs by one each time), so no page comes from the response
 * cache: each is counted and read in the database. Prints each round's median and p90 per kind of
 * page, and numberMatched, so a reader sees how selective each filter is. Timings only.
 */
public final class FilterBenchmark {

  /** @param pages pages per kind and round; @param rounds rounds of all kinds */
  public record Options(int rounds, int pages) {
    public Options {
      if (rounds < 1 || pages < 1) {
        throw new IllegalArgumentException("rounds and pages >= 1");
      }
    }
  }

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private FilterBenchmark() {}

  /** Runs against {@code server} (started by {@link CityBenchmark#start}), whose district is loaded. */
  public static void run(GridScapeServer server, Options options, PrintStream out) throws Exception {
    String origin = "http://127.0.0.1:" + server.port();
    String token = CityBenchmark.login(origin);
    CityBenchmark.awaitIdle(origin, token);
    String items = origin + "/ogc/collections/buildings/items";
    JsonObject first = json(items + "?limit=1", token);
    JsonObject feature = first.getJsonArray("features").getJsonObject(0);
    String id = feature.getString("id");
    String grid = feature.getJsonObject("properties").getString("grid_code");
    JsonObject extent = json(items.replace("/items", ""), token).getJsonObject("extent").getJsonObject("spatial");
    double west = extent.getJsonArray("bbox").getJsonArray(0).getDouble(0);
    double south = extent.getJsonArray("bbox").getJsonArray(0).getDouble(1);
    double east = extent.getJsonArray("bbox").getJsonArray(0).getDouble(2);
    double north = extent.getJsonArray("bbox").getJsonArray(0).getDouble(3);
    out.printf(Locale.ROOT, "buildings: %d; extent %.4f,%.4f,%.4f,%.4f%n", first.getLong("numberMatched"), west, south,
        east, north);
    Random random = new Random(42);
    // a random 1 km box (about 0.01 degrees) inside the extent, as the bbox and the filter polygon
    IntFunction<double[]> box = i -> {
      double lon = west + random.nextDouble() * Math.max(0, east - west - 0.01);
      double lat = south + random.nextDouble() * Math.max(0, north - south - 0.01);
      return new double[] {lon, lat, lon + 0.01, lat + 0.01};
    };
    Map<String, IntFunction<String>> kinds = new LinkedHashMap<>();
    kinds.put("unfiltered", i -> "");
    kinds.put("bbox 1 km", i -> {
      double[] b = box.apply(i);
      return String.format(Locale.ROOT, "&bbox=%.5f,%.5f,%.5f,%.5f", b[0], b[1], b[2], b[3]);
    });
    kinds.put("attribute: grid_code = (one grid)", i -> filter("grid_code = '" + grid + "'"));
    kinds.put("attribute: floors >= 6 AND use = 'residential'", i -> filter("floors >= 6 AND use = 'residential'"));
    kinds.put("computed: safety_grade = 'D'", i -> filter("safety_grade = 'D'"));
    kinds.put("spatial: S_INTERSECTS 1 km polygon", i -> {
      double[] b = box.apply(i);
      return filter(String.format(Locale.ROOT, "S_INTERSECTS(geometry, POLYGON((%.5f %.5f, %.5f %.5f, %.5f %.5f, "
          + "%.5f %.5f, %.5f %.5f)))", b[0], b[1], b[2], b[1], b[2], b[3], b[0], b[3], b[0], b[1]));
    });
    kinds.put("LIKE: id prefix", i -> filter("id LIKE '" + id.substring(0, Math.max(1, id.length() - 2)) + "%'"));
    kinds.put("LIKE: CASEI(structure) LIKE '%brick%'", i -> filter("CASEI(structure) LIKE '%brick%'"));
    for (int round = 1; round <= options.rounds(); round++) {
      out.printf(Locale.ROOT, "round %d (%d pages per kind, 50-%d features a page):%n", round, options.pages(),
          50 + options.rounds() * options.pages());
      for (Map.Entry<String, IntFunction<String>> kind : kinds.entrySet()) {
        List<Long> micros = new ArrayList<>();
        long matched = 0;
        for (int i = 0; i < options.pages(); i++) {
          String url = items + "?limit=" + (50 + (round - 1) * options.pages() + i) + kind.getValue().apply(i);
          long start = System.nanoTime();
          HttpResponse<String> page = HTTP.send(request(url, token), HttpResponse.BodyHandlers.ofString());
          micros.add((System.nanoTime() - start) / 1000);
          if (page.statusCode() != 200) {
            throw new IllegalStateException(kind.getKey() + ": " + page.statusCode() + " " + page.body());
          }
          matched += new JsonObject(page.body()).getLong("numberMatched");
        }
        out.printf(Locale.ROOT, "  %-48s median %7.1f ms  p90 %7.1f ms  (mean numberMatched %d)%n", kind.getKey(),
            Measures.median(micros) / 1000.0, Measures.percentile(micros, 0.9) / 1000.0, matched / options.pages());
      }
    }
    out.printf(Locale.ROOT, "process peak RSS %s%n", Measures.peakRss());
  }

  private static String filter(String cql2) {
    return "&filter=" + URLEncoder.encode(cql2, StandardCharsets.UTF_8);
  }

  private static HttpRequest request(String url, String token) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5))
        .header("Authorization", "Bearer " + token).build();
  }

  private static JsonObject json(String url, String token) throws Exception {
    HttpResponse<String> r = HTTP.send(request(url, token), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(url + ": " + r.statusCode() + " " + r.body());
    }
    return new JsonObject(r.body());
  }
}
