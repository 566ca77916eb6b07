package org.gridscape.server.ogc;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The OpenAPI 3.0 definition of /ogc (served at /ogc/api), built from the layer catalog. */
final class OgcApiDocument {

  private OgcApiDocument() {}

  static JsonObject build(String base) {
    JsonArray collectionIds = new JsonArray();
    Layers.ALL.forEach(layer -> collectionIds.add(layer.id()));
    JsonObject collectionId = new JsonObject().put("name", "collectionId").put("in", "path").put("required", true)
        .put("description", "the collection").put("schema", new JsonObject().put("type", "string")
            .put("enum", collectionIds));
    JsonObject featureId = new JsonObject().put("name", "featureId").put("in", "path").put("required", true)
        .put("description", "the feature id").put("schema", new JsonObject().put("type", "string"));
    JsonObject limit = new JsonObject().put("name", "limit").put("in", "query").put("required", false)
        .put("style", "form").put("explode", false)
        .put("description", "how many features a page holds (default " + OgcRoutes.DEFAULT_LIMIT + ")")
        .put("schema", new JsonObject().put("type", "integer").put("minimum", 1).put("maximum", OgcRoutes.MAX_LIMIT)
            .put("default", OgcRoutes.DEFAULT_LIMIT));
    JsonObject offset = new JsonObject().put("name", "offset").put("in", "query").put("required", false)
        .put("style", "form").put("explode", false).put("description", "features to skip (see the next/prev links)")
        .put("schema", new JsonObject().put("type", "integer").put("minimum", 0).put("default", 0));
    JsonObject bbox = new JsonObject().put("name", "bbox").put("in", "query").put("required", false)
        .put("style", "form").put("explode", false)
        .put("description", "minx,miny,maxx,maxy in CRS84 (or in bbox-crs); minx > maxx crosses the antimeridian")
        .put("schema", new JsonObject().put("type", "array").put("minItems", 4).put("maxItems", 6)
            .put("items", new JsonObject().put("type", "number")));
    JsonObject datetime = new JsonObject().put("name", "datetime").put("in", "query").put("required", false)
        .put("style", "form").put("explode", false)
        .put("description", "an instant or interval (RFC 3339, '..' for an open end); grids filter on updated_at, "
            + "events on reported_at, other collections have no time and keep all features")
        .put("schema", new JsonObject().put("type", "string"));
    JsonArray crsList = new JsonArray();
    for (Crs crs : Crs.values()) {
      crsList.add(crs.uri());
    }
    JsonObject crs = new JsonObject().put("name", "crs").put("in", "query").put("required", false)
        .put("style", "form").put("explode", false)
        .put("description", "CRS of the geometries in the response (default CRS84; EPSG:4490 is latitude first)")
        .put("schema", new JsonObject().put("type", "string").put("format", "uri").put("enum", crsList));
    JsonObject bboxCrs = new JsonObject().put("name", "bbox-crs").put("in", "query").put("required", false)
        .put("style", "form").put("explode", false)
        .put("description", "CRS of the bbox numbers (default CRS84; in EPSG:4490 minlat,minlon,maxlat,maxlon)")
        .put("schema", new JsonObject().put("type", "string").put("format", "uri").put("enum", crsList.copy()));
    JsonObject filter = query("filter", "a CQL2 filter (OGC API - Features Part 3) on the queryables of the collection",
        new JsonObject().put("type", "string"));
    JsonObject filterLang = query("filter-lang", "encoding of filter (default cql2-text)", new JsonObject()
        .put("type", "string").put("enum", new JsonArray().add("cql2-text").add("cql2-json")).put("default", "cql2-text"));
    JsonObject filterCrs = query("filter-crs", "CRS of the geometry literals in filter (default CRS84)",
        new JsonObject().put("type", "string").put("format", "uri").put("enum", crsList.copy()));
    JsonObject sortby = query("sortby", "comma-separated queryables to sort by, each with an optional + (ascending, "
        + "the default) or - (descending); ties in feature id order", new JsonObject().put("type", "string"));
    JsonObject properties = query("properties", "comma-separated properties to return (default all)",
        new JsonObject().put("type", "string"));
    JsonObject f = new JsonObject().put("name", "f").put("in", "query").put("required", false)
        .put("style", "form").put("explode", false).put("description", "output format")
        .put("schema", new JsonObject().put("type", "string").put("enum", new JsonArray().add("json").add("geojson")));

    JsonObject paths = new JsonObject()
        .put("/", get("landing", "Landing page", OgcRoutes.JSON, f))
        .put("/conformance", get("conformance", "Conformance classes", OgcRoutes.JSON, f))
        .put("/api", get("api", "This API definition", OgcRoutes.OPENAPI_TYPE, f))
        .put("/collections", get("collections", "The collections", OgcRoutes.JSON, f))
        .put("/collections/{collectionId}", get("collection", "One collection", OgcRoutes.JSON, collectionId, f))
        .put("/collections/{collectionId}/items", get("items", "Features of a collection, a page at a time",
            OgcRoutes.GEOJSON, collectionId, limit, offset, bbox, bboxCrs, datetime, crs, filter, filterLang, filterCrs,
            sortby, properties, f))
        .put("/collections/{collectionId}/queryables", get("queryables", "The queryables of a collection (JSON Schema)",
            org.gridscape.server.ogc.filter.Queryables.MEDIA_TYPE, collectionId.copy(), f))
        .put("/collections/{collectionId}/items/{featureId}", get("item", "One feature", OgcRoutes.GEOJSON,
            collectionId, featureId, crs.copy(), f));

    addWrites(paths);

    return new JsonObject()
        .put("openapi", "3.0.3")
        .put("info", new JsonObject().put("title", "GridScape OGC API - Features").put("version", "1.0.0")
            .put("description", "Grid layers of the district for other systems. Sign in with a bearer token or "
                + "send an API key in X-API-Key."))
        .put("servers", new JsonArray().add(new JsonObject().put("url", base)))
        .put("paths", paths)
        .put("components", new JsonObject()
            .put("securitySchemes", new JsonObject()
                .put("bearer", new JsonObject().put("type", "http").put("scheme", "bearer"))
                .put("apiKey", new JsonObject().put("type", "apiKey").put("in", "header").put("name", "X-API-Key")))
            .put("schemas", new JsonObject().put("exception", new JsonObject().put("type", "object")
                .put("required", new JsonArray().add("error").add("message"))
                .put("properties", new JsonObject()
                    .put("error", new JsonObject().put("type", "string"))
                    .put("message", new JsonObject().put("type", "string"))
                    .put("details", new JsonObject().put("type", "array"))))))
        .put("security", new JsonArray().add(new JsonObject().put("bearer", new JsonArray()))
            .add(new JsonObject().put("apiKey", new JsonArray())));
  }

  /**
   * The Part 4 operations: each names, in its collectionId enum, the collections that take it
   * (events are reported and acted on, never replaced or deleted).
   */
  private static void addWrites(JsonObject paths) {
    JsonObject ifMatch = new JsonObject().put("name", "If-Match").put("in", "header").put("required", true)
        .put("description", "the ETag of the feature as last read (its version, e.g. \"3\"); 428 without it, "
            + "412 when the feature has changed since").put("schema", new JsonObject().put("type", "string"));
    JsonObject contentCrs = new JsonObject().put("name", "Content-Crs").put("in", "header").put("required", false)
        .put("description", "CRS of the body's coordinates, <uri> (default CRS84; EPSG:4490 is latitude first)")
        .put("schema", new JsonObject().put("type", "string"));
    JsonObject featureId = new JsonObject().put("name", "featureId").put("in", "path").put("required", true)
        .put("description", "the feature id").put("schema", new JsonObject().put("type", "string"));
    paths.getJsonObject("/collections/{collectionId}/items").put("post", write("createFeature",
        "Add a feature: a grid (published at once, when its village then passes validation) or an event (a report). "
            + "201 with Location and ETag", OgcRoutes.GEOJSON, "201", List.of("grids", "events"),
        List.of("400", "403", "404", "405", "409", "422"), contentCrs));
    JsonObject item = paths.getJsonObject("/collections/{collectionId}/items/{featureId}");
    item.put("put", write("replaceFeature", "Replace a grid (its name, kind and outline; published when the village "
        + "passes validation)", OgcRoutes.GEOJSON, "200", List.of("grids"),
        List.of("400", "403", "404", "405", "409", "412", "422", "428"), featureId, ifMatch, contentCrs.copy()));
    item.put("patch", write("updateFeature", "Change a feature by a JSON merge patch (RFC 7396): a grid's name, kind "
        + "or outline; an event's step, supervised or escalation (one workflow action)", "application/merge-patch+json",
        "200", List.of("grids", "events"), List.of("400", "403", "404", "405", "409", "412", "422", "428"),
        featureId.copy(), ifMatch.copy(), contentCrs.copy()));
    item.put("delete", write("deleteFeature", "Retire a grid (its code stays reserved) when the rest of its village "
        + "passes validation. 204", null, "204", List.of("grids"),
        List.of("403", "404", "405", "409", "412", "422", "428"), featureId.copy(), ifMatch.copy()));
  }

  private static JsonObject write(String operationId, String summary, String bodyType, String success,
      List<String> collections, List<String> failures, JsonObject... headers) {
    JsonObject collectionId = new JsonObject().put("name", "collectionId").put("in", "path").put("required", true)
        .put("description", "a collection that takes this write").put("schema", new JsonObject()
            .put("type", "string").put("enum", new JsonArray(List.copyOf(collections))));
    JsonArray parameters = new JsonArray().add(collectionId);
    for (JsonObject header : headers) {
      parameters.add(header);
    }
    JsonObject error = new JsonObject().put("description", "refused; the message and details name the reason")
        .put("content", new JsonObject().put(OgcRoutes.JSON, new JsonObject()
            .put("schema", new JsonObject().put("$ref", "#/components/schemas/exception"))));
    JsonObject responses = new JsonObject();
    JsonObject ok = new JsonObject().put("description", summary);
    if (!success.equals("204")) {
      ok.put("headers", new JsonObject().put("ETag", new JsonObject().put("description", "the new version")
          .put("schema", new JsonObject().put("type", "string")))).put("content", new JsonObject()
          .put(OgcRoutes.GEOJSON, new JsonObject().put("schema", new JsonObject().put("type", "object"))));
    }
    responses.put(success, ok);
    failures.forEach(status -> responses.put(status, error.copy()));
    JsonObject operation = new JsonObject().put("operationId", operationId).put("summary", summary)
        .put("parameters", parameters).put("responses", responses);
    if (bodyType != null) {
      operation.put("requestBody", new JsonObject().put("required", true).put("content", new JsonObject()
          .put(bodyType, new JsonObject().put("schema", new JsonObject().put("type", "object")))));
    }
    return operation;
  }

  private static JsonObject query(String name, String description, JsonObject schema) {
    return new JsonObject().put("name", name).put("in", "query").put("required", false).put("style", "form")
        .put("explode", false).put("description", description).put("schema", schema);
  }

  private static JsonObject get(String operationId, String summary, String type, JsonObject... parameters) {
    JsonObject error = new JsonObject().put("description", "error").put("content", new JsonObject()
        .put(OgcRoutes.JSON, new JsonObject().put("schema", new JsonObject().put("$ref", "#/components/schemas/exception"))));
    JsonObject operation = new JsonObject().put("operationId", operationId).put("summary", summary)
        .put("parameters", new JsonArray(java.util.List.of((Object[]) parameters)))
        .put("responses", new JsonObject()
            .put("200", new JsonObject().put("description", summary).put("content", new JsonObject()
                .put(type, new JsonObject().put("schema", new JsonObject().put("type", "object")))))
            .put("400", error).put("404", error));
    return new JsonObject().put("get", operation);
  }
}
