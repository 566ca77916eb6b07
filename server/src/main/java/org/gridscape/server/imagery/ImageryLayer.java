package org.gridscape.server.imagery;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An imported orthophoto as stored: its tiles live under {@code <data-dir>/imagery/<id>/z/x/y.png}.
 *
 * @param id          {@code ortho-} and 10 hex digits, generated, never reused ({@code base} is reserved for the
 *                    server-drawn base map and can never match)
 * @param order       drawing order, lowest first (under the others)
 */
public record ImageryLayer(String id, String name, String attribution, String sourceCrs, double west, double south,
    double east, double north, int minZoom, int maxZoom, double metresPerPixel, long tiles, long bytes, int order,
    boolean visible, OffsetDateTime createdAt, String createdBy) {

  /** What a layer id looks like; anything else is not an orthophoto layer. */
  public static final Pattern ID = Pattern.compile("ortho-[0-9a-f]{10}");

  public ImageryLayer {
    Objects.requireNonNull(id, "id");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("not an orthophoto layer id: " + id);
    }
    Objects.requireNonNull(name, "name");
  }

  public JsonArray bounds() {
    return new JsonArray().add(west).add(south).add(east).add(north);
  }

  /** The entry of {@code GET /imagery}. */
  public JsonObject toListing() {
    return new JsonObject().put("id", id).put("name", name).put("kind", "orthophoto").put("bounds", bounds())
        .put("minzoom", minZoom).put("maxzoom", maxZoom).put("tilejson", "/imagery/" + id + ".json")
        .put("order", order).put("visible", visible).put("attribution", attribution)
        .put("resolution", metresPerPixel).put("sourceCrs", sourceCrs).put("tiles", tiles).put("bytes", bytes)
        .put("createdAt", createdAt == null ? null : createdAt.toString()).put("createdBy", createdBy);
  }

  ImageryLayer with(String newName, Integer newOrder, Boolean newVisible) {
    return new ImageryLayer(id, newName == null ? name : newName, attribution, sourceCrs, west, south, east, north,
        minZoom, maxZoom, metresPerPixel, tiles, bytes, newOrder == null ? order : newOrder,
        newVisible == null ? visible : newVisible, createdAt, createdBy);
  }
}
