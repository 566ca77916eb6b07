package org.gridscape.server.ogc.filter;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.gridscape.server.ogc.Layer;
import org.gridscape.server.ogc.LayerProperty;

/**
 * The queryables of a layer (OGC API - Features Part 3, 6.2): a JSON Schema with one entry per
 * published property and the geometry. Nothing else of the table is named here or accepted in a
 * filter.
 */
public final class Queryables {

  public static final String SCHEMA = "https://json-schema.org/draft/2020-12/schema";
  public static final String MEDIA_TYPE = "application/schema+json";

  private Queryables() {}

  /** The queryable names of the layer, geometry first. */
  public static List<String> names(Layer layer) {
    List<String> names = new ArrayList<>();
    names.add(FilterCompiler.GEOMETRY);
    layer.properties().forEach(p -> names.add(p.name()));
    return names;
  }

  /** The JSON Schema of the layer's queryables; {@code id} is the document's own URL. */
  public static JsonObject document(Layer layer, String id) {
    JsonObject properties = new JsonObject().put(FilterCompiler.GEOMETRY, new JsonObject()
        .put("title", "geometry").put("description", "the feature's geometry (CRS84 lon/lat)")
        .put("format", switch (layer.geometryKind()) {
          case POINT -> "geometry-point";
          case LINE -> "geometry-linestring-or-multilinestring";
          case POLYGON -> "geometry-polygon-or-multipolygon";
        })
        .put("x-ogc-role", "primary-geometry"));
    for (LayerProperty p : layer.properties()) {
      JsonObject schema = new JsonObject().put("title", p.name()).put("description", p.description())
          .put("type", p.type().jsonType());
      if (p.type().format() != null) {
        schema.put("format", p.type().format());
      }
      if (!p.values().isEmpty()) {
        schema.put("enum", new JsonArray(new ArrayList<>(p.values())));
      }
      if (p.column().equals(layer.timeColumn())) {
        schema.put("x-ogc-role", "primary-instant");
      }
      properties.put(p.name(), schema);
    }
    return new JsonObject().put("$schema", SCHEMA).put("$id", id).put("type", "object")
        .put("title", layer.title()).put("description", "Properties of '" + layer.id() + "' usable in filter= "
            + "(CQL2) and sortby=; no other is accepted.")
        .put("properties", properties).put("additionalProperties", false);
  }
}
