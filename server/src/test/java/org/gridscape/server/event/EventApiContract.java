package org.gridscape.server.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridscape.server.event.EventFixture.EAST;
import static org.gridscape.server.event.EventFixture.IN_EAST;
import static org.gridscape.server.event.EventFixture.IN_WEST;
import static org.gridscape.server.event.EventFixture.OUTSIDE;
import static org.gridscape.server.event.EventFixture.WEST;
import static org.gridscape.server.event.EventFixture.props;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.gridscape.server.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The events API over HTTP: the loop, roles and scopes, lists, figures, imports, the district mode. */
abstract class EventApiContract {

  static EventFixture fx;

  static void startOn(TestDatabases.Kind kind) {
    fx = new EventFixture(kind);
  }

  @AfterAll
  static void stop() {
    if (fx != null) {
      fx.close();
    }
  }

  String reportIn(String token, String category, double[] at) {
    HttpResponse<String> r = fx.report(token, category, "general", at, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return props(r).getString("id");
  }

  JsonObject ok(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return props(r);
  }

  @Test
  void theSevenStepsFromReportToClosureEachWithActorAndTime() {
    String worker = fx.token("worker-west");
    HttpResponse<String> created = fx.report(worker, "fire_hazard", "general", IN_WEST, null);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(created.headers().firstValue("Location")).isPresent();
    JsonObject p = props(created);
    String id = p.getString("id");
    assertThat(id).matches("R\\d{8}-\\d{4}");
    assertThat(p.getString("gridCode")).isEqualTo(WEST);
    assertThat(p.getString("step")).isEqualTo("patrol");
    assertThat(p.getJsonArray("attachments")).containsExactly("photos/2026/0801/a.jpg");
    // fire hazards are urgent: half of the general level's 120 hours
    assertThat(Duration.between(OffsetDateTime.parse(p.getString("reportedAt")), OffsetDateTime.parse(p.getString("deadline"))))
        .isEqualTo(Duration.ofHours(60));
    assertThat(p.getJsonArray("yourActions")).contains("collect", "escalate").doesNotContain("supervise");

    ok(fx.act(worker, id, new JsonObject().put("action", "collect").put("note", "现场拍照")));
    ok(fx.act(worker, id, "discover"));
    assertThat(ok(fx.act(worker, id, "submit")).getString("step")).isEqualTo("dispatch");
    String leader = fx.token("leader-village");
    JsonObject dispatched = ok(fx.act(leader, id, new JsonObject().put("action", "dispatch").put("assignee", "dept-fire")));
    assertThat(dispatched.getString("step")).isEqualTo("handling");
    assertThat(dispatched.getString("assigneeKind")).isEqualTo("department");
    String dept = fx.token("dept-fire");
    ok(fx.act(dept, id, new JsonObject().put("action", "handle").put("note", "已清理杂物")));
    assertThat(ok(fx.act(worker, id, "verify")).getString("step")).isEqualTo("supervision");
    JsonObject closed = ok(fx.act(leader, id, "close"));
    assertThat(closed.getString("step")).isEqualTo("closed");
    assertThat(closed.getString("status")).isEqualTo("closed");
    assertThat(closed.getString("closedAt")).isNotNull();

    JsonArray steps = closed.getJsonArray("steps");
    assertThat(steps.stream().map(s -> ((JsonObject) s).getString("action")))
        .containsExactly("report", "collect", "discover", "submit", "dispatch", "handle", "verify", "close");
    assertThat(steps.stream().map(s -> ((JsonObject) s).getString("actor")))
        .containsExactly("worker-west", "worker-west", "worker-west", "worker-west", "leader-village", "dept-fire",
            "worker-west", "leader-village");
    for (Object s : steps) {
      assertThat(((JsonObject) s).getString("at")).isNotBlank();
    }
    assertThat(steps.getJsonObject(1).getString("note")).isEqualTo("现场拍照");
    assertThat(steps.getJsonObject(4).getString("note")).contains("dept-fire");
  }

  @Test
  void illegalTransitionsAre409NamingTheAllowedOnes() {
    String worker = fx.token("worker-west");
    String id = reportIn(worker, "disputes", IN_WEST);
    HttpResponse<String> r = fx.act(fx.token("leader-village"), id, "close");
    assertThat(r.statusCode()).isEqualTo(409);
    JsonObject error = new JsonObject(r.body());
    assertThat(error.getString("error")).isEqualTo("illegal_transition");
    assertThat(error.getString("message")).contains("'close'", "patrol", "collect", "escalate", "supervise");
    assertThat(error.getJsonArray("details").getJsonObject(0).getJsonArray("allowed"))
        .containsExactly("collect", "escalate", "supervise");
    assertThat(fx.act(worker, id, "bogus").statusCode()).isEqualTo(400);
    assertThat(fx.act(worker, "NO-SUCH-EVENT", "collect").statusCode()).isEqualTo(404);
  }

  @Test
  void rolesAndScopesDecideWhoActs() {
    String west = fx.token("worker-west");
    String east = fx.token("worker-east");
    String id = reportIn(west, "sanitation", IN_WEST);
    // another grid's worker neither sees nor acts on it
    assertThat(fx.server.get("/api/v1/events/" + id, east).statusCode()).isEqualTo(403);
    assertThat(fx.act(east, id, "collect").statusCode()).isEqualTo(403);
    // and may not report into a grid that is not theirs
    assertThat(fx.report(east, "disputes", "general", IN_WEST, null).statusCode()).isEqualTo(403);
    assertThat(fx.report(east, "disputes", "general", OUTSIDE, null).statusCode()).isEqualTo(422);
    fx.act(west, id, "collect");
    fx.act(west, id, "discover");
    fx.act(west, id, "submit");
    // workers do not dispatch; leaders of another township neither
    assertThat(fx.act(west, id, new JsonObject().put("action", "dispatch").put("assignee", "dept-sanitation"))
        .statusCode()).isEqualTo(403);
    assertThat(fx.act(fx.token("leader-other"), id, new JsonObject().put("action", "dispatch")
        .put("assignee", "dept-sanitation")).statusCode()).isEqualTo(403);
    // a dispatch target must fit: the fire department does not take sanitation, the east worker not the west grid
    String leader = fx.token("leader-village");
    assertThat(fx.act(leader, id, new JsonObject().put("action", "dispatch").put("assignee", "dept-fire")).statusCode())
        .isEqualTo(422);
    assertThat(fx.act(leader, id, new JsonObject().put("action", "dispatch").put("assignee", "worker-east")).statusCode())
        .isEqualTo(422);
    ok(fx.act(leader, id, new JsonObject().put("action", "dispatch").put("assignee", "worker-west")));
    // the fire department cannot handle what was given to the grid worker
    assertThat(fx.act(fx.token("dept-fire"), id, "handle").statusCode()).isEqualTo(403);
    ok(fx.act(west, id, "handle"));
    // who handled does not verify
    HttpResponse<String> self = fx.act(west, id, "verify");
    assertThat(self.statusCode()).isEqualTo(403);
    assertThat(self.body()).contains("may not verify");
    // failed verification reopens the handling
    JsonObject rejected = ok(fx.act(leader, id, new JsonObject().put("action", "reject").put("note", "仍有积水")));
    assertThat(rejected.getString("step")).isEqualTo("handling");
    assertThat(rejected.getInteger("reopenCount")).isEqualTo(1);
  }

  @Test
  void escalationGoesToTheTownshipThenTheDistrictCommand() {
    String worker = fx.token("worker-east");
    String id = reportIn(worker, "production_safety", IN_EAST);
    JsonObject up = ok(fx.act(worker, id, "escalate"));
    assertThat(up.getString("step")).isEqualTo("dispatch");
    assertThat(up.getString("escalation")).isEqualTo("township");
    JsonObject dispatchToFire = new JsonObject().put("action", "dispatch").put("assignee", "dept-fire");
    assertThat(fx.act(fx.token("leader-village"), id, dispatchToFire).statusCode()).isEqualTo(403);
    assertThat(ok(fx.act(worker, id, new JsonObject().put("action", "escalate").put("to", "district")))
        .getString("escalation")).isEqualTo("district");
    assertThat(fx.act(fx.token("leader-township"), id, dispatchToFire).statusCode()).isEqualTo(403);
    assertThat(fx.act(worker, id, "escalate").statusCode()).isEqualTo(409);
    assertThat(ok(fx.act(fx.token("leader-district"), id, dispatchToFire)).getString("assignee")).isEqualTo("dept-fire");
  }

  @Test
  void supervisionIsSetByLeaders() {
    String worker = fx.token("worker-west");
    String id = reportIn(worker, "disputes", IN_WEST);
    assertThat(fx.act(worker, id, "supervise").statusCode()).isEqualTo(403);
    String leader = fx.token("leader-township");
    JsonObject supervised = ok(fx.act(leader, id, "supervise"));
    assertThat(supervised.getBoolean("supervised")).isTrue();
    assertThat(supervised.getString("status")).isEqualTo("supervised");
    assertThat(fx.act(leader, id, "supervise").statusCode()).isEqualTo(409);
    HttpResponse<String> list = fx.server.get("/api/v1/events?status=supervised&grid=" + WEST, leader);
    assertThat(new JsonObject(list.body()).getJsonArray("features").stream()
        .map(f -> ((JsonObject) f).getString("id"))).contains(id);
    assertThat(ok(fx.act(leader, id, "unsupervise")).getBoolean("supervised")).isFalse();
  }

  @Test
  void concurrentChangesAreDetectedByVersion() {
    String worker = fx.token("worker-west");
    String id = reportIn(worker, "disputes", IN_WEST);
    ok(fx.act(worker, id, new JsonObject().put("action", "collect").put("version", 1)));
    HttpResponse<String> stale = fx.act(worker, id, new JsonObject().put("action", "discover").put("version", 1));
    assertThat(stale.statusCode()).isEqualTo(409);
    assertThat(stale.body()).contains("version 2");
  }

  @Test
  void listsAreScopedAndCarryNoPersonalData() {
    String west = fx.token("worker-west");
    String east = fx.token("worker-east");
    String westId = reportIn(west, "sanitation", IN_WEST);
    String eastId = reportIn(east, "sanitation", IN_EAST);
    JsonObject eastList = new JsonObject(fx.server.get("/api/v1/events?limit=1000", east).body());
    assertThat(eastList.getString("type")).isEqualTo("FeatureCollection");
    assertThat(eastList.getJsonArray("features").stream().map(f -> ((JsonObject) f).getJsonObject("properties")
        .getString("gridCode"))).isNotEmpty().allMatch(EAST::equals);
    JsonObject all = new JsonObject(fx.server.get("/api/v1/events?limit=1000", fx.token("leader-district")).body());
    assertThat(all.getJsonArray("features").stream().map(f -> ((JsonObject) f).getString("id"))).contains(westId, eastId);
    // departments see their sector's events
    JsonObject sanitation = new JsonObject(fx.server.get("/api/v1/events?limit=1000", fx.token("dept-sanitation")).body());
    assertThat(sanitation.getJsonArray("features").stream().map(f -> ((JsonObject) f).getJsonObject("properties")
        .getString("category"))).contains("sanitation").allMatch("sanitation"::equals);
    String body = all.encode();
    assertThat(body).doesNotContain("张三").doesNotContain("reporter").doesNotContain("消防通道");
    JsonObject first = all.getJsonArray("features").getJsonObject(0);
    assertThat(first.getJsonObject("properties").fieldNames()).containsExactlyInAnyOrderElementsOf(
        EventJson.PUBLIC_PROPERTIES);
    assertThat(first.getJsonObject("geometry").getString("type")).isEqualTo("Point");
    // the full record, for those who may read it, has the reporter
    JsonObject detail = ok(fx.server.get("/api/v1/events/" + westId, west));
    assertThat(detail.getString("reporterName")).isEqualTo("张三");
    assertThat(fx.server.get("/api/v1/events?status=nonsense", west).statusCode()).isEqualTo(400);
  }

  @Test
  void locateTellsWhichGridAReportLandsIn() {
    JsonObject r = new JsonObject(fx.server.get("/api/v1/events/locate?lon=" + IN_EAST[0] + "&lat=" + IN_EAST[1],
        fx.token("worker-west")).body());
    assertThat(r.getString("gridCode")).isEqualTo(EAST);
    assertThat(r.getBoolean("yours")).isFalse();
    assertThat(fx.server.get("/api/v1/events/locate?lon=" + OUTSIDE[0] + "&lat=" + OUTSIDE[1], fx.admin).statusCode())
        .isEqualTo(404);
  }

  @Test
  void figuresCountTheRegionAndRespectScopes() {
    String csv = EventCsvTest.HEADER
        + "S1,disputes,general,t,118.701,24.961," + WEST + ",2026-07-01T08:00:00+08:00,closed,2026-07-02T08:00:00+08:00,2026-07-06T08:00:00+08:00,0\n"
        + "S2,disputes,general,t,118.701,24.961," + WEST + ",2026-07-01T08:00:00+08:00,closed,2026-07-09T08:00:00+08:00,2026-07-06T08:00:00+08:00,0\n"
        + "S3,sanitation,simple,t,118.703,24.961," + EAST + ",2026-08-01T08:00:00+08:00,handling,,2026-08-03T08:00:00+08:00,1\n"
        + "S4,sanitation,simple,t,118.703,24.961,,2026-08-01T08:00:00+08:00,patrol,,,0\n";
    HttpResponse<String> imported = fx.server.send("POST", "/api/v1/imports/events", fx.admin, "text/csv", csv);
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
    assertThat(new JsonObject(imported.body()).getInteger("imported")).isEqualTo(4);
    // S4 had no grid code: it landed in the grid containing it, with the policy's deadline (48 h)
    JsonObject s4 = ok(fx.server.get("/api/v1/events/S4", fx.admin));
    assertThat(s4.getString("gridCode")).isEqualTo(EAST);
    assertThat(s4.getString("deadline")).isEqualTo("2026-08-03T08:00+08:00");

    String leader = fx.token("leader-district");
    JsonObject s = new JsonObject(fx.server.get("/api/v1/events/stats?region=350521104201&from=2026-07-01&to=2026-08-31"
        + "&asOf=2026-08-10T00:00:00%2B08:00", leader).body());
    assertThat(s.getLong("received")).isEqualTo(4);
    assertThat(s.getLong("closed")).isEqualTo(2);
    assertThat(s.getDouble("closureRate")).isEqualTo(50.0);
    assertThat(s.getDouble("onTimeClosureRate")).isEqualTo(50.0);
    assertThat(s.getLong("inProgress")).isEqualTo(2);
    assertThat(s.getLong("supervised")).isEqualTo(1);
    assertThat(s.getLong("overdue")).isEqualTo(2);
    assertThat(s.getJsonArray("byMonth").stream().map(m -> ((JsonObject) m).getString("month")))
        .containsExactly("2026-07", "2026-08");
    // only July
    JsonObject july = new JsonObject(fx.server.get("/api/v1/events/stats?region=350521104201&from=2026-07-01&to=2026-07-31",
        leader).body());
    assertThat(july.getLong("received")).isEqualTo(2);
    // one grid
    JsonObject grid = new JsonObject(fx.server.get("/api/v1/events/stats?region=" + EAST + "&from=2026-07-01&to=2026-08-31",
        leader).body());
    assertThat(grid.getLong("received")).isEqualTo(2);
    // scopes: a worker asks for the district or another region
    String worker = fx.token("worker-west");
    assertThat(fx.server.get("/api/v1/events/stats", worker).statusCode()).isEqualTo(403);
    assertThat(fx.server.get("/api/v1/events/stats?region=" + EAST, worker).statusCode()).isEqualTo(403);
    assertThat(fx.server.get("/api/v1/events/stats?region=" + WEST, worker).statusCode()).isEqualTo(200);
    assertThat(fx.server.get("/api/v1/events/stats?region=350521999000", leader).statusCode()).isEqualTo(404);
    assertThat(fx.server.get("/api/v1/events/stats?from=July", leader).statusCode()).isEqualTo(400);
  }

  @Test
  void badImportsAreRejectedWholeAndOnlyAdminsImport() {
    String csv = EventCsvTest.HEADER
        + "B1,disputes,general,t,118.701,24.961," + WEST + ",2026-07-01T08:00:00+08:00,closed,,2026-07-06T08:00:00+08:00,0\n"
        + "B2,disputes,general,t,118.701,24.961," + WEST + ",2026-07-01T08:00:00+08:00,handling,,,0\n";
    HttpResponse<String> r = fx.server.send("POST", "/api/v1/imports/events", fx.admin, "text/csv", csv);
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(new JsonObject(r.body()).getJsonArray("details").getJsonObject(0).getInteger("line")).isEqualTo(2);
    assertThat(fx.server.get("/api/v1/events/B2", fx.admin).statusCode()).isEqualTo(404);
    assertThat(fx.server.send("POST", "/api/v1/imports/events", fx.token("leader-district"), "text/csv", csv)
        .statusCode()).isEqualTo(403);
  }

  static byte[] png(int size) throws java.io.IOException {
    java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(size, size,
        java.awt.image.BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, 0xff4d4f);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  HttpResponse<String> upload(String token, String id, String contentType, byte[] bytes) {
    java.net.http.HttpRequest.Builder b = fx.server.request("/api/v1/events/" + id + "/attachments", token)
        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(bytes));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return fx.server.send(b.build());
  }

  HttpResponse<byte[]> download(String token, String path, String ifNoneMatch) {
    java.net.http.HttpRequest.Builder b = fx.server.request(path, token).GET();
    if (ifNoneMatch != null) {
      b.header("If-None-Match", ifNoneMatch);
    }
    return fx.server.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void photosAreUploadedStoredByTheirHashAndServedToThoseWhoMayReadTheEvent() throws Exception {
    String worker = fx.token("worker-west");
    String id = reportIn(worker, "sanitation", IN_WEST);
    byte[] photo = png(8);
    HttpResponse<String> up = upload(worker, id, "image/png", photo);
    assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
    JsonObject stored = new JsonObject(up.body());
    // the report's own reference is attachment 1, the upload 2
    assertThat(stored.getInteger("n")).isEqualTo(2);
    String href = "/api/v1/events/" + id + "/attachments/2";
    assertThat(stored.getString("href")).isEqualTo(href);
    assertThat(up.headers().firstValue("Location")).hasValue(href);
    String sha = EventAttachments.sha256(photo);
    assertThat(stored.getString("sha256")).isEqualTo(sha);
    java.nio.file.Path file = fx.server.server().context().config().dataDir()
        .resolve("attachments").resolve(sha.substring(0, 2)).resolve(sha + ".png");
    assertThat(file).exists().hasBinaryContent(photo);

    JsonObject detail = ok(fx.server.get("/api/v1/events/" + id, worker));
    assertThat(detail.getJsonArray("attachments")).containsExactly("photos/2026/0801/a.jpg", href);
    JsonObject listed = detail.getJsonArray("photos").getJsonObject(0);
    assertThat(listed.getString("contentType")).isEqualTo("image/png");
    assertThat(listed.getLong("size")).isEqualTo(photo.length);
    assertThat(listed.getString("uploadedBy")).isEqualTo("worker-west");

    // the leader of the village reads it back byte for byte, with type, ETag and private caching
    String leader = fx.token("leader-village");
    HttpResponse<byte[]> got = download(leader, href, null);
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).isEqualTo(photo);
    assertThat(got.headers().firstValue("Content-Type")).hasValue("image/png");
    assertThat(got.headers().firstValue("ETag")).hasValue("\"" + sha + "\"");
    assertThat(got.headers().firstValue("Cache-Control").orElse("")).startsWith("private");
    assertThat(download(leader, href, "\"" + sha + "\"").statusCode()).isEqualTo(304);
    // the department of the sector sees the event and its photo, but does not add photos until assigned
    assertThat(download(fx.token("dept-sanitation"), href, null).statusCode()).isEqualTo(200);
    assertThat(upload(fx.token("dept-sanitation"), id, "image/png", photo).statusCode()).isEqualTo(403);
    // another grid's worker neither reads nor adds
    String east = fx.token("worker-east");
    assertThat(download(east, href, null).statusCode()).isEqualTo(403);
    HttpResponse<String> foreign = upload(east, id, "image/png", photo);
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(foreign.body()).getString("error")).isEqualTo("forbidden");
    // unknown event, unknown photo, a reference that is no stored file
    assertThat(upload(worker, "NO-SUCH-EVENT", "image/png", photo).statusCode()).isEqualTo(404);
    assertThat(download(worker, "/api/v1/events/NO-SUCH-EVENT/attachments/1", null).statusCode()).isEqualTo(404);
    assertThat(download(worker, "/api/v1/events/" + id + "/attachments/9", null).statusCode()).isEqualTo(404);
    assertThat(download(worker, "/api/v1/events/" + id + "/attachments/1", null).statusCode()).isEqualTo(404);
    assertThat(download(worker, "/api/v1/events/" + id + "/attachments/one", null).statusCode()).isEqualTo(400);

    // photos stay out of the map layer
    String layer = fx.server.get("/api/v1/events?grid=" + WEST + "&limit=1000", leader).body();
    assertThat(layer).doesNotContain("/attachments").doesNotContain(sha);
  }

  @Test
  void photoUploadsAreCheckedByTypeBytesAndSize() {
    String worker = fx.token("worker-west");
    String id = reportIn(worker, "disputes", IN_WEST);
    HttpResponse<String> gif = upload(worker, id, "image/gif",
        "GIF89a....".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertThat(gif.statusCode()).isEqualTo(415);
    JsonObject gifError = new JsonObject(gif.body());
    assertThat(gifError.getString("error")).isEqualTo("unsupported_media_type");
    assertThat(gifError.getString("message")).contains("image/gif", "image/jpeg", "image/png", "image/webp");
    assertThat(upload(worker, id, null, new byte[] {1, 2, 3}).statusCode()).isEqualTo(415);
    // the header says JPEG, the bytes are text
    HttpResponse<String> fake = upload(worker, id, "image/jpeg", "<html>not a photo</html>".getBytes(
        java.nio.charset.StandardCharsets.US_ASCII));
    assertThat(fake.statusCode()).isEqualTo(415);
    assertThat(new JsonObject(fake.body()).getString("message")).contains("not a JPG");
    assertThat(upload(worker, id, "image/png", new byte[0]).statusCode()).isEqualTo(400);
    byte[] big = new byte[(int) EventAttachments.MAX_BYTES + 1];
    big[0] = (byte) 0xFF;
    big[1] = (byte) 0xD8;
    big[2] = (byte) 0xFF;
    HttpResponse<String> tooBig = upload(worker, id, "image/jpeg", big);
    assertThat(tooBig.statusCode()).isEqualTo(413);
    assertThat(new JsonObject(tooBig.body()).getString("message")).contains("10 MB");
    // a JPEG and a WebP by their bytes are taken
    byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0};
    assertThat(upload(worker, id, "image/jpeg", jpeg).statusCode()).isEqualTo(201);
    byte[] webp = {'R', 'I', 'F', 'F', 4, 0, 0, 0, 'W', 'E', 'B', 'P'};
    assertThat(upload(worker, id, "image/webp; q=1", webp).statusCode()).isEqualTo(201);
    JsonObject detail = ok(fx.server.get("/api/v1/events/" + id, worker));
    assertThat(detail.getJsonArray("photos").stream().map(p -> ((JsonObject) p).getString("contentType")))
        .containsExactly("image/jpeg", "image/webp");
    // at most ten attachments: the report's reference, two photos, and seven more
    for (int i = 0; i < 7; i++) {
      byte[] more = jpeg.clone();
      more[10] = (byte) i;
      assertThat(upload(worker, id, "image/jpeg", more).statusCode()).isEqualTo(201);
    }
    assertThat(upload(worker, id, "image/jpeg", jpeg).statusCode()).isEqualTo(409);
    // a closed event takes no more photos (reopen it first)
    String closed = EventCsvTest.HEADER + "P1,disputes,general,t,118.701,24.961," + WEST
        + ",2026-03-01T08:00:00+08:00,closed,2026-03-02T08:00:00+08:00,2026-03-06T08:00:00+08:00,0\n";
    assertThat(fx.server.send("POST", "/api/v1/imports/events", fx.admin, "text/csv", closed).statusCode())
        .isEqualTo(201);
    HttpResponse<String> late = upload(fx.admin, "P1", "image/jpeg", jpeg);
    assertThat(late.statusCode()).isEqualTo(409);
    assertThat(new JsonObject(late.body()).getString("message")).contains("closed");
  }

  @Test
  void wartimeShortensDeadlinesRoutesMajorRisksAndExposesResources() throws Exception {
    String worker = fx.token("worker-west");
    String leader = fx.token("leader-district");
    assertThat(new JsonObject(fx.server.get("/api/v1/district/mode", worker).body()).getString("mode"))
        .isEqualTo("peacetime");
    JsonObject peace = new JsonObject(fx.server.get("/api/v1/district/resources", worker).body());
    assertThat(peace.getBoolean("exposed")).isFalse();
    assertThat(peace.getJsonArray("features")).isEmpty();
    HttpResponse<String> resources = fx.server.send("POST", "/api/v1/imports/emergency-resources", fx.admin, "text/csv",
        "id,kind,name,lon,lat,grid_code,capacity,supplies\nR1,space,洛阳村文化广场,118.701,24.961," + WEST
            + ",300,\nR2,supply,洛阳村物资储备点,118.703,24.961," + EAST + ",,tent:20;bed:50;quilt:100\n");
    assertThat(resources.statusCode()).as(resources.body()).isEqualTo(201);

    JsonObject switchOn = new JsonObject().put("mode", "wartime").put("reason", "台风“杜苏芮”来袭");
    assertThat(fx.server.send("PUT", "/api/v1/district/mode", worker, "application/json", switchOn.encode()).statusCode())
        .isEqualTo(403);
    assertThat(fx.server.send("PUT", "/api/v1/district/mode", fx.token("leader-township"), "application/json",
        switchOn.encode()).statusCode()).isEqualTo(403);
    try {
      HttpResponse<String> on = fx.server.send("PUT", "/api/v1/district/mode", leader, "application/json", switchOn.encode());
      assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
      assertThat(new JsonObject(on.body()).getString("mode")).isEqualTo("wartime");
      Row audit = fx.server.server().context().db().query("SELECT actor, detail FROM audit_log WHERE action = ?"
          + " ORDER BY id DESC", io.vertx.sqlclient.Tuple.of("district.mode")).toCompletionStage().toCompletableFuture()
          .get().iterator().next();
      assertThat(audit.getString(0)).isEqualTo("leader-district");
      assertThat(audit.getString(1)).contains("peacetime -> wartime", "台风");

      HttpResponse<String> major = fx.report(worker, "fire_hazard", "major", IN_WEST, null);
      assertThat(major.statusCode()).as(major.body()).isEqualTo(201);
      JsonObject m = props(major);
      assertThat(m.getString("step")).isEqualTo("dispatch");
      assertThat(m.getString("escalation")).isEqualTo("district");
      assertThat(m.getString("reportedMode")).isEqualTo("wartime");
      // major 480 h, fire halves, wartime halves again
      assertThat(Duration.between(OffsetDateTime.parse(m.getString("reportedAt")), OffsetDateTime.parse(m.getString("deadline"))))
          .isEqualTo(Duration.ofHours(120));
      // routed to the district command: the village's leader does not dispatch it, the district's does
      JsonObject toFire = new JsonObject().put("action", "dispatch").put("assignee", "dept-fire");
      assertThat(m.getJsonArray("yourActions")).doesNotContain("dispatch");
      assertThat(fx.act(fx.token("leader-village"), m.getString("id"), toFire).statusCode()).isEqualTo(403);
      assertThat(fx.act(fx.token("leader-township"), m.getString("id"), toFire).statusCode()).isEqualTo(403);
      assertThat(ok(fx.act(leader, m.getString("id"), toFire)).getString("step")).isEqualTo("handling");
      assertThat(props(major).getJsonArray("steps").getJsonObject(0).getString("note")).contains("district command");
      // a prominent report is not routed in wartime, only its deadline shortens
      JsonObject prominent = props(fx.report(worker, "disputes", "prominent", IN_WEST, null));
      assertThat(prominent.getString("step")).isEqualTo("patrol");
      assertThat(prominent.getString("escalation")).isEqualTo("none");
      JsonObject simple = props(fx.report(worker, "disputes", "simple", IN_WEST, null));
      assertThat(simple.getString("step")).isEqualTo("patrol");
      assertThat(Duration.between(OffsetDateTime.parse(simple.getString("reportedAt")),
          OffsetDateTime.parse(simple.getString("deadline")))).isEqualTo(Duration.ofHours(24));

      JsonObject war = new JsonObject(fx.server.get("/api/v1/district/resources", worker).body());
      assertThat(war.getBoolean("exposed")).isTrue();
      assertThat(war.getJsonArray("features").stream().map(f -> ((JsonObject) f).getString("id"))).contains("R1", "R2");
      JsonObject r2 = war.getJsonArray("features").stream().map(f -> (JsonObject) f)
          .filter(f -> f.getString("id").equals("R2")).findFirst().orElseThrow();
      assertThat(r2.getJsonObject("properties").getJsonObject("supplies").getInteger("tent")).isEqualTo(20);
    } finally {
      fx.server.send("PUT", "/api/v1/district/mode", fx.admin, "application/json",
          new JsonObject().put("mode", "peacetime").encode());
    }
    assertThat(new JsonObject(fx.server.get("/api/v1/district/mode", worker).body()).getString("mode"))
        .isEqualTo("peacetime");
    // switching back is audited too; new reports get peacetime deadlines and the normal route again
    Row back = fx.server.server().context().db().query("SELECT actor, detail FROM audit_log WHERE action = ?"
        + " ORDER BY id DESC", io.vertx.sqlclient.Tuple.of("district.mode")).toCompletionStage().toCompletableFuture()
        .get().iterator().next();
    assertThat(back.getString(0)).isEqualTo("admin");
    assertThat(back.getString(1)).startsWith("wartime -> peacetime");
    JsonObject after = props(fx.report(worker, "fire_hazard", "major", IN_WEST, null));
    assertThat(after.getString("step")).isEqualTo("patrol");
    assertThat(after.getString("reportedMode")).isEqualTo("peacetime");
    assertThat(Duration.between(OffsetDateTime.parse(after.getString("reportedAt")),
        OffsetDateTime.parse(after.getString("deadline")))).isEqualTo(Duration.ofHours(240));
    // in peacetime leaders still see the resources (to prepare), grid workers do not
    JsonObject prepared = new JsonObject(fx.server.get("/api/v1/district/resources", leader).body());
    assertThat(prepared.getBoolean("exposed")).isTrue();
    assertThat(prepared.getJsonArray("features").stream().map(f -> ((JsonObject) f).getString("id")))
        .contains("R1", "R2");
    assertThat(new JsonObject(fx.server.get("/api/v1/district/resources", worker).body()).getJsonArray("features"))
        .isEmpty();
  }
}
