package org.gridscape.server.ogc;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gridscape.server.Version;
import org.gridscape.server.layer.LayerKind;

/**
 * The OpenAPI 3.0 description of /api/v1 ({@code GET /api/v1/openapi.json}), built from the table
 * below. A test compares it with the routes the router really has, so a route added without a line
 * here fails the build.
 */
public final class ApiDescription {

  /** One operation: method, path under /api/v1 with {@code {param}} segments, tag, summary, extra query parameters. */
  record Operation(String method, String path, String tag, String summary, List<String> query) {
    Operation {
      method = method.toLowerCase(Locale.ROOT);
      query = List.copyOf(query);
    }
  }

  private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([a-zA-Z]+)}");

  private ApiDescription() {}

  static List<Operation> operations() {
    List<Operation> ops = new ArrayList<>(List.of(
        op("post", "/auth/login", "auth", "Sign in with user name and password; returns a token"),
        op("post", "/auth/logout", "auth", "Sign out (clears the session cookie)"),
        op("get", "/auth/me", "auth", "The signed-in user ({signedIn: true, username, roles, scopes}); without "
            + "credentials {signedIn: false} (public: the sign-in probe of the web apps)"),
        op("get", "/users", "auth", "List users (admin)"),
        op("post", "/users", "auth", "Create a user (admin)"),
        op("post", "/api-keys", "auth", "Create an API key for an apiclient user, with layers and a rate limit (admin)"),
        op("get", "/openapi.json", "meta", "This description"),
        op("get", "/audit", "auth", "The audit log, newest first: writes and full reads of personal data (admin)",
            "actor", "action", "from", "to", "limit", "offset"),

        op("post", "/imports/regions", "grids", "Import the region hierarchy (GeoJSON)"),
        op("post", "/imports/village-plan", "grids", "Import a village plan: GeoJSON, zipped Shapefile or GeoPackage",
            "village"),
        op("post", "/imports/grids", "grids", "Import a village's grid boundaries into its draft, all or nothing; code, "
            + "name, kind: the attributes holding them (as chosen in the preview; empty: none)", "village", "code", "name",
            "kind", "crs", "repair"),
        op("post", "/imports/grids/preview", "grids", "Read a grid upload as the import would, storing nothing: its "
            + "features in WGS84, CRS, text encoding, attributes with samples, the suggested field mapping, the grids "
            + "under that mapping (or the chosen one) and their validation", "village", "code", "name", "kind", "crs",
            "repair"),
        op("get", "/regions/{code}", "grids", "A region of the hierarchy"),
        op("get", "/regions/{code}/children", "grids", "The children of a region"),
        op("get", "/villages", "grids", "Every village with the state of its grids (published, draft with its "
            + "error count, none) and its outline, plus the townships and work areas above (the editor's district view)"),
        op("get", "/villages/{code}/validation", "grids",
            "Validate a village's grids (the seven principles): its draft (default) or the published set", "revision"),
        op("get", "/villages/{code}/plan", "grids", "The village plan as GeoJSON (revision=draft: the draft's new plan, "
            + "else the published one), in the layer names the importer reads", "revision"),
        op("get", "/villages/{code}/draft", "grids", "The village's working draft and what publishing it would change"),
        op("delete", "/villages/{code}/draft", "grids", "Discard the village's draft"),
        op("get", "/villages/{code}/draft/diff", "grids", "The draft compared with the published grids: added, removed, "
            + "reshaped (with areas), recoded and renamed grids as a list and GeoJSON, and the residents that would "
            + "move between grids (counts per from/to pair)"),
        op("get", "/villages/{code}/versions", "grids", "The village's published versions, newest first: grids version, "
            + "when, by whom, grids created, changed and retired"),
        op("post", "/villages/{code}/publish", "grids",
            "Publish the village's draft in one transaction when it has no validation errors"),
        op("get", "/grids", "grids", "Published grids as GeoJSON (revision=draft: the village's working draft)", "village",
            "bbox", "status", "limit", "revision"),
        op("post", "/grids", "grids", "Create a grid in the village's draft"),
        op("get", "/grids/{code}", "grids", "A published grid as GeoJSON (revision=draft: as the draft has it)", "revision"),
        op("put", "/grids/{code}", "grids", "Change a grid in the draft (If-Match: its draft version)"),
        op("delete", "/grids/{code}", "grids", "Remove a grid from the draft; publishing retires it (its code stays reserved)"),
        op("get", "/grids/{code}/history", "grids", "A grid's change history"),
        op("get", "/grids/{code}/workers", "grids", "A published grid's workers (type and name, no phone), its Party "
            + "branches and the village's workers that may be assigned (planners in their areas, admins)"),
        op("put", "/grids/{code}/workers", "grids", "Set a published grid's workers: {\"workers\": [ids]}; 404 for "
            + "unknown ids, 422 for another village's workers, 409 for a grid only in a draft; audited, in the change feed"),
        op("post", "/villages/{code}/validation", "editing", "Validate proposed grid boundaries without saving them"),
        op("post", "/villages/{code}/snap", "editing", "Snap proposed boundaries to roads and the village boundary"),
        op("post", "/villages/{code}/auto-partition", "editing", "Propose a partition of the village into grids"),
        op("post", "/grids/merge", "editing", "Merge grids"),
        op("post", "/grids/{code}/split", "editing", "Split a grid along a line"),
        op("get", "/grids/export", "editing", "Export grids (GeoJSON, Shapefile or GeoPackage)", "village", "format"),
        op("get", "/villages/{code}/map.pdf", "print", "The village's printed grid map (一村一图) as one PDF page: grids "
            + "with codes, roads, buildings, legend with residents and grid workers (names by role), scale bar, north "
            + "arrow, CRS, date, version; CJK font embedded", "size", "orientation", "full"),
        op("get", "/villages/{code}/map.png", "print", "The same page as a PNG", "size", "orientation", "full", "dpi"),
        op("get", "/district/map.pdf", "print", "The district's overview sheet: every village with its number of grids",
            "size", "orientation", "district"),
        op("get", "/district/map.png", "print", "The district's overview sheet as a PNG", "size", "orientation",
            "district", "dpi"),

        op("post", "/imports/party", "layers", "Import Party organisations, members and links together"),
        op("get", "/stats", "layers", "District figures"),
        op("get", "/regions/{code}/stats", "layers", "Figures of a region"),
        op("get", "/layers/party-links", "layers", "Party member to household links (counts and places)"),
        op("get", "/layers/points", "layers", "Point layers (centres, needy households by building)"),
        op("get", "/buildings/{id}/households", "layers", "Households of a building (personal data masked by role)"),
        op("get", "/residents/{id}", "layers", "A resident (personal data, audit-logged)"),

        op("post", "/scenes/build", "scenes", "(Re)build the 3D Tiles scenes of dirty or given grids"),
        op("get", "/scenes", "scenes", "Scene status"),
        op("get", "/scenes/jobs/{id}", "scenes", "Progress of a build job"),

        op("post", "/imports/imagery", "imagery", "Import an orthophoto: a GeoTIFF body (8-bit RGB/RGBA in EPSG:4326, "
            + "EPSG:4490 or a CGCS2000 Gauss-Kruger zone, up to 2 GiB), streamed to disk; 202 with the tiling job",
            "name", "attribution"),
        op("get", "/imagery/jobs/{id}", "imagery", "Progress of an orthophoto import (state, phase, tiles done of total)"),
        op("patch", "/imagery/{id}", "imagery", "Rename, reorder or show/hide an orthophoto layer ({name, order, visible})"),
        op("delete", "/imagery/{id}", "imagery", "Remove an orthophoto layer and its tiles"),
        op("post", "/imports/3dtiles", "tilesets", "Import a district's own 3D Tiles 1.0/1.1 tileset (photogrammetry): "
            + "a zip (application/zip, up to 2 GiB, 20,000 files, 4 GiB uncompressed) with tileset.json at its root "
            + "or in one top-level folder, b3dm or glb content; checked, stored content-addressed under "
            + "/3dtiles/imported and attached to the region it lies in; 201 with the tileset", "name"),
        op("get", "/tilesets", "tilesets", "The imported 3D Tiles tilesets: region, bounds, heights, root URI"),
        op("delete", "/tilesets/{id}", "tilesets", "Remove an imported tileset and the files no other one uses"),

        op("get", "/events", "events", "List events"),
        op("post", "/events", "events", "Report an event (patrol: your patrol it was made on; clientId: the phone's "
            + "id of the report, sent again: 200 with the same event)"),
        op("get", "/events/stats", "events", "Event figures: closure and on-time closure rates"),
        op("get", "/events/locate", "events", "The grid at a point"),
        op("get", "/events/{id}", "events", "An event with its steps"),
        op("post", "/events/{id}/transitions", "events", "Move an event along the seven-step loop"),
        op("post", "/events/{id}/attachments", "events", "Upload a photo of an event (JPEG, PNG or WebP, at most 10 MB)"),
        op("get", "/events/{id}/attachments/{n}", "events", "A photo of an event"),
        op("post", "/imports/events", "events", "Import events"),
        op("get", "/district/mode", "events", "Peacetime or wartime mode"),
        op("put", "/district/mode", "events", "Switch peacetime/wartime mode"),
        op("get", "/district/resources", "events", "Emergency resources"),
        op("post", "/imports/emergency-resources", "events", "Import emergency resources"),
        op("get", "/departments/{username}/sectors", "events", "Event categories a department handles"),
        op("put", "/departments/{username}/sectors", "events", "Set the event categories a department handles"),

        op("post", "/patrols", "patrols", "Start a patrol {id (the phone's), grid, startedAt?} in one of your grids; "
            + "201, or 200 when that id is your patrol already"),
        op("get", "/patrols", "patrols", "Patrols you may read, newest first (grid workers: their own; leaders: their "
            + "areas')", "grid", "worker", "from", "to", "limit"),
        op("get", "/patrols/stats", "patrols", "Coverage: the share 0..1 of road length (and buildings) within distance "
            + "d (default 30 m) of any track, per grid, worker and region; default period: the 30 days up to the latest "
            + "patrol", "region", "from", "to", "distance"),
        op("get", "/patrols/{id}", "patrols", "A patrol as a GeoJSON Feature: its track with times, figures, its own "
            + "coverage (null with ?coverage=false) and the events reported on it"),
        op("post", "/patrols/{id}/points", "patrols", "Positions of your patrol {points: [{id, t, lon, lat, accuracy}]}, "
            + "at most 1000; each stored once by its id; outside your grids: stored and flagged"),
        op("post", "/patrols/{id}/end", "patrols", "End your patrol {endedAt?}; again: the same summary"),

        op("get", "/party-members/{id}/points", "party", "A Party member's duty-points ledger (修分争星): entries {points, "
            + "balance, kind, note, visit, household, recordedBy, recordedAt}, balance, stars and the published rule; "
            + "awards the member's visits to linked households not yet in it"),
        op("post", "/party-members/{id}/points", "party", "Record points {kind: activity|relief_goods|adjustment, points, "
            + "note?, household? (relief goods: an active assistance household)}; 422 insufficient_points naming the "
            + "balance (admin, or planners and leaders of the member's branch; adjustments: admin)"),
        op("post", "/party-members/points/award", "party", "Award the visits to linked households not yet in a ledger",
            "region"),
        op("get", "/appraisal", "appraisal", "效能督导 per township, village, grid and worker: coverage, patrols, "
            + "distance, visits, events, timelyRate, onTimeRate, firstPassRate, overdue, score, rank; format=csv|xlsx "
            + "for the same table", "region", "period", "from", "to", "level", "format"),
        op("get", "/appraisal/weights", "appraisal", "The score's weights {coverage, timely, onTime, firstPass, overdue}"),
        op("put", "/appraisal/weights", "appraisal", "Set the weights: all five, numbers >= 0, not all 0 (admin)"),
        op("post", "/visits", "visits", "Check in at a building of your grids {id (the phone's), building, household?, "
            + "lon, lat, accuracy?, t?, note?, patrol?}: 201, or 200 when that id is your visit already; farther than "
            + "50 m from the footprint: stored and flagged"),
        op("get", "/visits", "visits", "Visits you may read, newest first (grid workers: their own; leaders: their "
            + "areas')", "grid", "worker", "from", "to", "limit"),
        op("get", "/visits/nearby", "visits", "The buildings of your grids nearest to a position (within 500 m), "
            + "nearest first, with their distance", "lon", "lat", "limit"),
        op("get", "/visits/{id}", "visits", "A visit: building, household, position, distance to the footprint, flag"),
        op("post", "/visits/{id}/photo", "visits", "The photo of your visit (image/jpeg or image/png, at most 10 MB)"),
        op("get", "/visits/{id}/photo", "visits", "The photo of a visit"),
        op("post", "/field-collections", "field-collections", "Propose a change to the layers of your grid {id, kind "
            + "(resident_in|resident_out|assistance|safety_grade|illegal_case), ...}: 201, or 200 for your id again"),
        op("get", "/field-collections", "field-collections", "Proposals you may see, newest first, personal data "
            + "masked", "state", "grid", "worker", "limit"),
        op("get", "/field-collections/{id}", "field-collections", "A proposal (full=true: in full for its worker and "
            + "administrators, audited)", "full"),
        op("post", "/field-collections/{id}/review", "field-collections", "Approve or reject a pending proposal "
            + "{decision: approve|reject, reason}: approval writes the layers and republishes the grid's scene"),

        op("get", "/changes", "changes", "The change log after a cursor, in the caller's scope: {changes: [{seq, kind, id, "
            + "region, version, at}], next}; since=0 is the beginning", "since", "limit"),
        op("get", "/changes/stream", "changes", "The change log as Server-Sent Events (id: seq), resumed after "
            + "Last-Event-ID, else after since, else from now; keepalive comments every 15 s", "since"),
        op("post", "/webhooks", "changes", "Register a webhook {url, secret} that receives the change log, signed with "
            + "X-GridScape-Signature: sha256=HMAC (admin)"),
        op("get", "/webhooks", "changes", "The registered webhooks and their cursors (admin)"),
        op("delete", "/webhooks/{id}", "changes", "Remove a webhook and its delivery records (admin)"),
        op("get", "/webhooks/{id}/deliveries", "changes", "A webhook's delivery attempts, newest first (admin)",
            "limit")));
    for (LayerKind kind : LayerKind.values()) {
      ops.add(op("post", "/imports/" + kind.path(), "layers", "Import " + kind.path() + " (CSV or JSON)"));
    }
    return ops;
  }

  /** The OpenAPI document for a server reached at {@code origin} (scheme://host:port). */
  public static JsonObject build(String origin) {
    JsonObject paths = new JsonObject();
    for (Operation op : operations()) {
      JsonObject item = paths.getJsonObject(op.path());
      if (item == null) {
        item = new JsonObject();
        paths.put(op.path(), item);
      }
      item.put(op.method(), operation(op));
    }
    JsonObject error = new JsonObject().put("type", "object").put("required", new JsonArray().add("error").add("message"))
        .put("properties", new JsonObject()
            .put("error", new JsonObject().put("type", "string").put("description", "stable error code"))
            .put("message", new JsonObject().put("type", "string"))
            .put("details", new JsonObject().put("type", "array").put("items", new JsonObject())));
    return new JsonObject()
        .put("openapi", "3.0.3")
        .put("info", new JsonObject().put("title", "GridScape API").put("version", Version.VERSION)
            .put("description", "Grid governance: regions, unit grids, village plans, layers, scenes and events. "
                + "Errors are {error, message, details}. Vector tiles are at /tiles, orthophotos at /imagery, OGC API - "
                + "Features at /ogc."))
        .put("servers", new JsonArray().add(new JsonObject().put("url", origin + "/api/v1")))
        .put("paths", paths)
        .put("components", new JsonObject()
            .put("schemas", new JsonObject().put("Error", error))
            .put("securitySchemes", new JsonObject()
                .put("bearer", new JsonObject().put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT"))
                .put("cookie", new JsonObject().put("type", "apiKey").put("in", "cookie").put("name", "gridscape_session"))
                .put("apiKey", new JsonObject().put("type", "apiKey").put("in", "header").put("name", "X-API-Key"))))
        .put("security", new JsonArray()
            .add(new JsonObject().put("bearer", new JsonArray()))
            .add(new JsonObject().put("cookie", new JsonArray()))
            .add(new JsonObject().put("apiKey", new JsonArray())));
  }

  private static JsonObject operation(Operation op) {
    JsonArray parameters = new JsonArray();
    Matcher m = PATH_PARAMETER.matcher(op.path());
    while (m.find()) {
      parameters.add(new JsonObject().put("name", m.group(1)).put("in", "path").put("required", true)
          .put("schema", new JsonObject().put("type", "string")));
    }
    for (String name : op.query()) {
      parameters.add(new JsonObject().put("name", name).put("in", "query").put("required", false)
          .put("schema", new JsonObject().put("type", "string")));
    }
    JsonObject errorContent = new JsonObject().put("application/json", new JsonObject()
        .put("schema", new JsonObject().put("$ref", "#/components/schemas/Error")));
    JsonObject responses = new JsonObject()
        .put(op.path().equals("/imports/imagery") ? "202"
            : op.method().equals("post") && !op.path().startsWith("/auth") ? "201"
            : op.method().equals("delete") && (op.path().startsWith("/imagery/") || op.path().startsWith("/tilesets/"))
                ? "204" : "200",
            new JsonObject().put("description", "success").put("content", new JsonObject()
                .put("application/json", new JsonObject().put("schema", new JsonObject()))))
        .put("4XX", new JsonObject().put("description", "bad request, not signed in, forbidden, not found, conflict")
            .put("content", errorContent));
    String id = op.method() + op.path().replaceAll("[{}]", "").replaceAll("[^A-Za-z0-9]+", "_");
    JsonObject operation = new JsonObject().put("operationId", id).put("tags", new JsonArray().add(op.tag()))
        .put("summary", op.summary()).put("parameters", parameters).put("responses", responses);
    if (op.method().equals("post") || op.method().equals("put") || op.method().equals("patch")) {
      operation.put("requestBody", new JsonObject().put("required", !op.path().equals("/auth/logout"))
          .put("content", new JsonObject()
              .put("application/json", new JsonObject().put("schema", new JsonObject()))
              .put("application/geo+json", new JsonObject().put("schema", new JsonObject()))
              .put("text/csv", new JsonObject().put("schema", new JsonObject().put("type", "string")))
              .put("application/zip", new JsonObject().put("schema", new JsonObject()
                  .put("type", "string").put("format", "binary")))
              .put("application/octet-stream", new JsonObject().put("schema", new JsonObject()
                  .put("type", "string").put("format", "binary")))));
    }
    if (op.path().equals("/auth/login")) {
      operation.put("security", new JsonArray());
    }
    return operation;
  }

  private static Operation op(String method, String path, String tag, String summary, String... query) {
    return new Operation(method, path, tag, summary, List.of(query));
  }
}
