package org.gridscape.server.ogc;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gridscape.server.http.Routes;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GET /api/v1/openapi.json is OpenAPI 3.0 and describes every route the router has under /api/v1. */
class OpenApiDescriptionTest {

  private static TestServer server;
  private static JsonObject document;

  @BeforeAll
  static void start() {
    server = TestServer.start(TestDatabases.Kind.H2);
    HttpResponse<String> response = server.get("/api/v1/openapi.json", server.adminToken());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    document = new JsonObject(response.body());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void isAnOpenApi30Document() {
    assertThat(document.getString("openapi")).matches("3\\.0\\.\\d+");
    assertThat(document.getJsonObject("info").getString("title")).isNotBlank();
    assertThat(document.getJsonObject("info").getString("version")).isNotBlank();
    assertThat(document.getJsonArray("servers").getJsonObject(0).getString("url")).endsWith("/api/v1");
    List<String> operationIds = new ArrayList<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      assertThat(path).startsWith("/");
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        assertThat(method).isIn("get", "put", "post", "delete", "patch", "head", "options");
        JsonObject operation = item.getJsonObject(method);
        operationIds.add(operation.getString("operationId"));
        assertThat(operation.getJsonObject("responses").fieldNames()).as(method + " " + path).isNotEmpty();
        // Every {param} of the path is declared as a required path parameter.
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path);
        while (m.find()) {
          String name = m.group(1);
          assertThat(operation.getJsonArray("parameters").stream().map(JsonObject.class::cast)
              .anyMatch(p -> p.getString("name").equals(name) && p.getString("in").equals("path")
                  && p.getBoolean("required"))).as(method + " " + path + " declares " + name).isTrue();
        }
      }
    }
    assertThat(operationIds).doesNotHaveDuplicates();
    assertThat(document.getJsonObject("components").getJsonObject("securitySchemes").fieldNames())
        .contains("bearer", "apiKey");
  }

  @Test
  void everyRouteUnderApiV1IsDescribed() {
    Router router = Routes.create(server.server().context());
    List<String> missing = new ArrayList<>();
    int checked = 0;
    for (Route route : router.getRoutes()) {
      String path = route.getPath();
      if (path == null || !path.startsWith("/api/v1/") || route.methods() == null) {
        continue;
      }
      String documented = path.substring("/api/v1".length()).replaceAll(":([A-Za-z]+)", "{$1}");
      for (HttpMethod method : route.methods()) {
        checked++;
        JsonObject item = document.getJsonObject("paths").getJsonObject(documented);
        if (item == null || !item.containsKey(method.name().toLowerCase(Locale.ROOT))) {
          missing.add(method + " " + path);
        }
      }
    }
    assertThat(checked).isGreaterThan(30);
    assertThat(missing).as("routes missing from ApiDescription").isEmpty();
  }
}
