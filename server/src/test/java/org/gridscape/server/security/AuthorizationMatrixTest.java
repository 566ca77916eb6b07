package org.gridscape.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.gridscape.server.http.Routes;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every route of the router, called by every role and without credentials, answers as designed:
 * the table {@code authz-matrix.txt} beside this class holds, per route, a representative request
 * and the expected outcome per caller (2xx, 401, 403, or a named 4xx where the table says so), plus
 * scope cases (a planner outside their township, a grid worker outside their grid). A route that
 * the router has and the table lacks fails the test, so no new route slips through unreviewed.
 */
class AuthorizationMatrixTest {

  private static final String TABLE = "authz-matrix.txt";

  /** One line of the table. */
  record Line(int number, String routeKey, String method, String path, List<String> expected, String body) {}

  private static TestServer server;
  private static SecurityFixture fixture;
  private static String eventId;
  private static final AtomicInteger UNIQUE = new AtomicInteger();

  @BeforeAll
  static void start() {
    server = TestServer.start(TestDatabases.Kind.H2);
    fixture = new SecurityFixture(server).loadAll();
    fixture.buildScenes();
    HttpResponse<String> report = server.send(fixture.request("gridworker", "/api/v1/events")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("category", "fire_hazard").put("level", "simple")
            .put("lon", 118.7010).put("lat", 24.9615).put("description", "楼道堆放杂物").encode())).build());
    assertThat(report.statusCode()).as(report.body()).isEqualTo(201);
    JsonObject created = new JsonObject(report.body());
    eventId = created.getString("id", created.getJsonObject("properties", new JsonObject()).getString("id"));
    assertThat(eventId).isNotBlank();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static List<Line> table() {
    List<Line> lines = new ArrayList<>();
    try (InputStream in = AuthorizationMatrixTest.class.getResourceAsStream(TABLE)) {
      assertThat(in).as(TABLE).isNotNull();
      List<String> text = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      for (int i = 0; i < text.size(); i++) {
        String line = text.get(i).strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split("\\s+\\|\\s+", 4);
        assertThat(parts.length).as("line %d: route | request | outcomes [| body]", i + 1).isGreaterThanOrEqualTo(3);
        String[] request = parts[1].trim().split("\\s+", 2);
        List<String> expected = List.of(parts[2].trim().split("\\s+"));
        assertThat(expected).as("line %d: one outcome per caller %s", i + 1, SecurityFixture.CALLERS)
            .hasSize(SecurityFixture.CALLERS.size());
        for (String outcome : expected) {
          assertThat(outcome).as("line %d", i + 1).matches("ok|-|[45]\\d\\d");
        }
        lines.add(new Line(i + 1, parts[0].trim(), request[0], request[1], expected,
            parts.length == 4 ? parts[3].trim() : null));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return lines;
  }

  /** "GET,HEAD /path" for a route with methods, or null for a handler on every method (filters). */
  static String key(Route route) {
    Set<HttpMethod> methods = route.methods();
    if (methods == null || methods.isEmpty()) {
      return null;
    }
    String path = route.getPath() != null ? route.getPath() : "regex:" + route.getName();
    return String.join(",", new TreeSet<>(methods.stream().map(HttpMethod::name).toList())) + " " + path;
  }

  @Test
  void everyRouteOfTheRouterIsInTheTableAndNoOther() {
    Router router = Routes.create(server.server().context());
    Set<String> routes = new LinkedHashSet<>();
    for (Route route : router.getRoutes()) {
      String key = key(route);
      if (key != null) {
        routes.add(key);
      }
    }
    Set<String> inTable = new LinkedHashSet<>(table().stream().map(Line::routeKey).toList());
    Set<String> missing = new LinkedHashSet<>(routes);
    missing.removeAll(inTable);
    Set<String> stale = new LinkedHashSet<>(inTable);
    stale.removeAll(routes);
    assertThat(missing).as("routes without a line in %s: add each with its designed outcome per role", TABLE).isEmpty();
    assertThat(stale).as("lines of %s for routes the router no longer has", TABLE).isEmpty();
    assertThat(routes).hasSizeGreaterThan(50);
  }

  @Test
  void everyRouteAnswersEveryCallerAsDesigned() {
    List<String> mismatches = new ArrayList<>();
    StringBuilder actualTable = new StringBuilder();
    int checked = 0;
    for (Line line : table()) {
      List<String> actual = new ArrayList<>();
      for (int c = 0; c < SecurityFixture.CALLERS.size(); c++) {
        String expected = line.expected().get(c);
        if (expected.equals("-")) {
          actual.add("-");
          continue;
        }
        String caller = SecurityFixture.CALLERS.get(c);
        HttpResponse<String> response = send(line, caller);
        int status = response.statusCode();
        actual.add(status / 100 == 2 ? "ok" : Integer.toString(status));
        checked++;
        boolean ok = expected.equals("ok") ? status / 100 == 2 : status == Integer.parseInt(expected);
        if (!ok) {
          mismatches.add("line " + line.number() + " " + line.method() + " " + line.path() + " as " + caller
              + ": expected " + expected + ", got " + status + " " + abbreviate(response.body()));
        }
        if (status == 401 || status == 403) {
          JsonObject error = new JsonObject(response.body());
          if (error.getString("error") == null || error.getString("message") == null) {
            mismatches.add("line " + line.number() + " as " + caller + ": a " + status + " without a JSON error");
          }
        }
      }
      actualTable.append(String.format("%-45s | %-60s | %s%n", line.routeKey(), line.method() + " " + line.path(),
          String.join(" ", actual)));
    }
    System.out.println("authorisation matrix as observed (" + checked + " requests):\n" + actualTable);
    assertThat(mismatches).as("outcomes that differ from %s", TABLE).isEmpty();
    assertThat(checked).isGreaterThan(300);
  }

  private static HttpResponse<String> send(Line line, String caller) {
    String path = fill(line.path());
    HttpRequest.Builder builder = fixture.request(caller, path);
    String body = line.body() == null ? null : fill(line.body());
    if (body == null) {
      builder.method(line.method(), HttpRequest.BodyPublishers.noBody());
    } else if (body.startsWith("csv:")) {
      builder.header("Content-Type", "text/csv").method(line.method(),
          HttpRequest.BodyPublishers.ofString(body.substring(4).replace("\\n", "\n")));
    } else {
      builder.header("Content-Type", "application/json").method(line.method(),
          HttpRequest.BodyPublishers.ofString(body));
    }
    return server.send(builder.build());
  }

  /** {event}: the fixture's event; {n}: a number unique in this run; {password}: the fixture's password. */
  private static String fill(String text) {
    String out = text.replace("{event}", eventId).replace("{password}", SecurityFixture.PASSWORD);
    while (out.contains("{n}")) {
      out = out.replaceFirst("\\{n}", Integer.toString(UNIQUE.incrementAndGet()));
    }
    return out;
  }

  private static String abbreviate(String body) {
    String oneLine = body == null ? "" : body.replaceAll("\\s+", " ");
    return oneLine.length() > 160 ? oneLine.substring(0, 160) + "..." : oneLine;
  }
}
