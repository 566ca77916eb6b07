package org.gridscape.server.print;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.gridscape.server.ogc.LayerData;
import org.gridscape.server.store.Database;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * The printed maps over HTTP on a server whose small district ({@link LayerData}) is loaded already:
 * run as a nested class of that server's test, so no server or district of its own. A grid worker
 * with a name is added to grid A1 (nothing else there reads workers).
 */
public abstract class PrintMapContract {

  static final String WORKER_NAME = "林志强";
  private static final String PASSWORD = "print-Test-2026";

  protected abstract TestServer server();

  protected abstract String adminToken();

  private Database db() {
    return server().server().context().db();
  }

  private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** The worker of grid A1 and a planner and a leader of the township, once per server. */
  private void seed() throws Exception {
    if (((Number) await(db().query("SELECT COUNT(*) FROM worker WHERE id = ?", Tuple.of("W-PRINT"))).iterator().next()
        .getValue(0)).intValue() > 0) {
      return;
    }
    await(db().query("INSERT INTO worker (id, name, type, phone, village_code) VALUES (?, ?, 'community', ?, ?)",
        Tuple.of("W-PRINT", WORKER_NAME, "17099000001", LayerData.VILLAGE_A)));
    await(db().query("INSERT INTO worker_grid (worker_id, grid_code) VALUES (?, ?)",
        Tuple.of("W-PRINT", LayerData.GRID_A1)));
    for (String role : List.of("planner", "leader")) {
      HttpResponse<String> created = server().postJson("/api/v1/users", adminToken(), new JsonObject()
          .put("username", "print-" + role).put("password", PASSWORD).put("roles", new JsonArray().add(role))
          .put("scopes", new JsonArray().add(LayerData.TOWNSHIP)));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }
  }

  private HttpResponse<byte[]> get(String path, String token) {
    return server().send(server().request(path, token).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private String as(String role) throws Exception {
    seed();
    return role.equals("admin") ? adminToken() : server().login("print-" + role, PASSWORD);
  }

  @Test
  void villageSheetIsOneA3LandscapePageWithTheGridsAsTextAndFontsEmbedded() throws Exception {
    HttpResponse<byte[]> response = get("/api/v1/villages/" + LayerData.VILLAGE_A + "/map.pdf?size=A3&orientation="
        + "landscape", as("admin"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/pdf");
    assertThat(response.headers().firstValue("Content-Disposition")).hasValueSatisfying(
        d -> assertThat(d).contains(LayerData.VILLAGE_A + "-A3-landscape.pdf"));
    assertThat(response.headers().firstValue("Server-Timing")).hasValueSatisfying(t -> assertThat(t).contains("render"));
    PdfChecks.Read read = PdfChecks.assertSheet(response.body(), 1190.55, 841.89);
    assertThat(read.text()).contains("洛阳村网格分布图", "洛阳镇", "泉州台商投资区", LayerData.GRID_A1, LayerData.GRID_A2,
        "洛阳村第一网格", "安置小区", WORKER_NAME).doesNotContain(LayerData.GRID_B1);
  }

  @Test
  void a4PortraitAndThePng() throws Exception {
    String admin = as("admin");
    HttpResponse<byte[]> pdf = get("/api/v1/villages/" + LayerData.VILLAGE_A + "/map.pdf?size=A4&orientation=portrait",
        admin);
    assertThat(pdf.statusCode()).isEqualTo(200);
    PdfChecks.assertSheet(pdf.body(), 595.28, 841.89);
    HttpResponse<byte[]> png = get("/api/v1/villages/" + LayerData.VILLAGE_A + "/map.png?size=A4&orientation=portrait"
        + "&dpi=72", admin);
    assertThat(png.statusCode()).isEqualTo(200);
    assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.body()));
    assertThat(image.getWidth()).isBetween(595, 596);
    assertThat(image.getHeight()).isBetween(841, 842);
  }

  @Test
  void workerNamesFollowTheRulesForPersonalData() throws Exception {
    String path = "/api/v1/villages/" + LayerData.VILLAGE_A + "/map.pdf";
    HttpResponse<byte[]> full = get(path + "?full=true", as("admin"));
    assertThat(full.statusCode()).isEqualTo(200);
    assertThat(PdfChecks.read(full.body()).text()).contains(WORKER_NAME);
    long audited = ((Number) await(db().query("SELECT COUNT(*) FROM audit_log WHERE target = ?",
        Tuple.of("village-map:" + LayerData.VILLAGE_A))).iterator().next().getValue(0)).longValue();
    assertThat(audited).isPositive();

    // planners assign the workers (the editor's side panel names them): the same names on their print,
    // and the read audit-logged under the planner's name
    HttpResponse<byte[]> planner = get(path, as("planner"));
    assertThat(planner.statusCode()).isEqualTo(200);
    assertThat(PdfChecks.read(planner.body()).text()).contains(WORKER_NAME);
    long byPlanner = ((Number) await(db().query("SELECT COUNT(*) FROM audit_log WHERE target = ? AND actor = ?",
        Tuple.of("village-map:" + LayerData.VILLAGE_A, "print-planner"))).iterator().next().getValue(0)).longValue();
    assertThat(byPlanner).isPositive();

    HttpResponse<byte[]> leader = get(path, as("leader"));
    assertThat(PdfChecks.read(leader.body()).text()).contains("林*").doesNotContain(WORKER_NAME);
    assertThat(get(path + "?full=true", as("leader")).statusCode()).isEqualTo(403);
  }

  @Test
  void errorsAreJsonNamingWhatWasWrong() throws Exception {
    String admin = as("admin");
    HttpResponse<byte[]> unknown = get("/api/v1/villages/350521104299/map.pdf", admin);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(new String(unknown.body(), java.nio.charset.StandardCharsets.UTF_8)).getString("error"))
        .isEqualTo("not_found");
    for (String[] bad : new String[][] {{"size=B5", "size"}, {"orientation=diagonal", "orientation"},
        {"dpi=1000", "dpi"}, {"full=maybe", "full"}}) {
      HttpResponse<byte[]> response = get("/api/v1/villages/" + LayerData.VILLAGE_A + "/map.png?" + bad[0], admin);
      assertThat(response.statusCode()).as(bad[0]).isEqualTo(400);
      JsonObject body = new JsonObject(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
      assertThat(body.getString("error")).isEqualTo("invalid_parameter");
      assertThat(body.getJsonArray("details").getJsonObject(0).getString("parameter")).isEqualTo(bad[1]);
    }
  }

  @Test
  void districtSheetListsEveryVillageWithItsGrids() throws Exception {
    HttpResponse<byte[]> response = get("/api/v1/district/map.pdf", as("admin"));
    assertThat(response.statusCode()).isEqualTo(200);
    PdfChecks.Read read = PdfChecks.assertSheet(response.body(), 1190.55, 841.89);
    assertThat(read.text()).contains("泉州台商投资区网格分布总图", "洛阳镇", "洛阳村", "上浦村", LayerData.VILLAGE_A,
        LayerData.VILLAGE_B);
    assertThat(get("/api/v1/district/map.pdf", as("planner")).statusCode()).isEqualTo(403);
  }
}
