package org.gridscape.server.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.gridscape.server.testing.BrowserScript;
import org.gridscape.server.testing.TestDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The report page in headless Chromium on a phone-sized screen ({@code web-viewer/test/report-e2e.mjs}):
 * a grid worker signs in, switches the language, takes the location from the phone, adds a photo
 * (one over 10 MB is refused in the page) and sends a report, which is then read back from the
 * API: it landed in the worker's grid with the form's content and the photo, byte for byte. Without Chromium the test is skipped (and fails when CI=true).
 */
@Tag("slow")
class ReportPageBrowserTest {

  private static final Path WEB_VIEWER = BrowserScript.WEB_VIEWER;

  @Test
  void aGridWorkerReportsFromThePhone() throws Exception {
    BrowserScript.requireChromium("ReportPageBrowserTest");
    try (EventFixture fx = new EventFixture(TestDatabases.Kind.H2)) {
      HttpResponse<String> page = fx.server.get("/report.html", null);
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("/js/report-app.js");

      String description = "电动车在楼道内充电 " + System.nanoTime();
      Process process = new ProcessBuilder("node", WEB_VIEWER.resolve("test/report-e2e.mjs").toString(),
          "--url", fx.server.uri("/report.html").toString(), "--user", "worker-west", "--password",
          EventFixture.PASSWORD, "--lon", String.valueOf(EventFixture.IN_WEST[0]), "--lat",
          String.valueOf(EventFixture.IN_WEST[1]), "--description", description)
          .directory(WEB_VIEWER.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
      String last = stdout.strip().lines().reduce((a, b) -> b).orElse("{}");
      JsonObject result = new JsonObject(last);
      assertThat(result.getString("result")).as(last).isEqualTo("ok");
      assertThat(result.getJsonArray("errors")).as(last).isEmpty();
      assertThat(result.getJsonArray("foreign")).as("requests that left the server").isEmpty();
      JsonObject titles = result.getJsonObject("titles");
      assertThat(titles.getString("zh")).isEqualTo("事件上报");
      assertThat(titles.getString("en")).isEqualTo("Report an event");
      assertThat(titles.getString("enCategory")).isEqualTo("Disputes");
      assertThat(titles.getString("back")).isEqualTo("事件上报");
      assertThat(result.getString("grid")).isEqualTo(EventFixture.WEST);

      String id = result.getJsonObject("receipt").getString("事件编号");
      assertThat(id).matches("R\\d{8}-\\d{4}");
      JsonObject event = new JsonObject(fx.server.get("/api/v1/events/" + id, fx.admin).body())
          .getJsonObject("properties");
      assertThat(event.getString("gridCode")).isEqualTo(EventFixture.WEST);
      assertThat(event.getString("category")).isEqualTo("fire_hazard");
      assertThat(event.getString("level")).isEqualTo("prominent");
      assertThat(event.getString("description")).isEqualTo(description);
      assertThat(event.getString("reporter")).isEqualTo("worker-west");
      assertThat(event.getString("step")).isEqualTo("dispatch");
      JsonObject photo = result.getJsonObject("photo");
      assertThat(photo.getString("tooBig")).as(last).contains("10 MB");
      assertThat(photo.getInteger("previewsAfterBig")).isZero();
      assertThat(photo.getInteger("previews")).isEqualTo(1);
      assertThat(photo.getInteger("previewWidth")).isEqualTo(16);
      assertThat(result.getJsonObject("receipt").getString("照片")).isEqualTo("1");
      String href = "/api/v1/events/" + id + "/attachments/1";
      assertThat(event.getJsonArray("attachments")).isEqualTo(new JsonArray().add(href));
      JsonObject stored = event.getJsonArray("photos").getJsonObject(0);
      assertThat(stored.getString("contentType")).isEqualTo("image/png");
      assertThat(stored.getLong("size")).isEqualTo(photo.getLong("size"));
      assertThat(stored.getString("sha256")).isEqualTo(photo.getString("sha256"));
      assertThat(stored.getString("uploadedBy")).isEqualTo("worker-west");
      HttpResponse<byte[]> bytes = fx.server.send(fx.server.request(href, fx.admin).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(bytes.statusCode()).isEqualTo(200);
      assertThat(EventAttachments.sha256(bytes.body())).isEqualTo(photo.getString("sha256"));
      assertThat(event.getDouble("lon")).isCloseTo(EventFixture.IN_WEST[0], org.assertj.core.data.Offset.offset(1e-6));
    }
  }
}
