package org.gridscape.server.grid;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridscape.server.ingest.FeatureLayer;
import org.gridscape.server.ingest.GridFieldMapping;
import org.gridscape.server.ingest.GridSet;
import org.gridscape.server.ingest.GridSetImporter;
import org.gridscape.server.ingest.IngestException;
import org.gridscape.server.ingest.IngestOptions;
import org.gridscape.server.ingest.InputFormat;
import org.gridscape.server.ingest.SourceFeature;
import org.gridscape.server.ingest.UploadReader;
import org.gridscape.server.ingest.shapefile.ShapefileZip;

/**
 * A grid-set upload read as the import would read it, and nothing stored: its features in WGS84,
 * the CRS and text encoding it was read with, its attributes with sample values, the suggested (or
 * chosen) field mapping, what the grids would be under that mapping (codes assigned, or the reason
 * the import would be refused) and their validation against the village's draft plan. The editor
 * shows this before the planner imports with the mapping chosen.
 */
public final class GridImportPreview {

  /** At most this many distinct sample values per attribute. */
  private static final int SAMPLES = 3;

  private final Vertx vertx;
  private final GridService grids;
  private final GridValidator validator = new GridValidator(ValidationSettings.defaults());

  public GridImportPreview(Vertx vertx, GridService grids) {
    this.vertx = vertx;
    this.grids = grids;
  }

  /**
   * @param options the import's options; a by-name grid mapping means "suggest one", any other is the
   *                planner's choice, applied as the import would apply it
   */
  public Future<JsonObject> preview(String village, byte[] body, String mediaType, IngestOptions options) {
    return grids.requireVillage(village).compose(v -> grids.importContext(village))
        .compose(context -> grids.revision(village, true).compose(revision -> vertx.executeBlocking(
            () -> read(village, body, mediaType, options, context, revision))));
  }

  private JsonObject read(String village, byte[] body, String mediaType, IngestOptions options,
      GridSetImporter.Context context, VillageRevision revision) {
    UploadReader.Result upload = UploadReader.read(body, mediaType, options);
    FeatureLayer picked = GridSetImporter.pickLayer(upload.layers());
    FeatureLayer layer = upload.format() == InputFormat.GEOJSON
        ? new FeatureLayer("grids", picked.crs(), picked.features()) : picked;
    List<String> attributes = GridSetImporter.attributeNames(layer);
    List<Map<String, Object>> rows = layer.features().stream().map(SourceFeature::properties).toList();
    GridFieldMapping suggested = GridFieldMapping.suggest(attributes, rows);
    GridFieldMapping mapping = options.gridMapping().isByName() ? suggested : options.gridMapping();
    mapping.requireFieldsIn(attributes);

    JsonObject out = new JsonObject().put("village", village).put("format", upload.format().name().toLowerCase())
        .put("layer", picked.name()).put("sourceCrs", upload.sourceCrs())
        .put("crsDeclared", picked.crs() != null || options.crs() != null)
        .put("encoding", encoding(upload.format(), body, picked.name(), options))
        .put("featureCount", layer.features().size())
        .put("attributes", attributes(attributes, rows))
        .put("suggestedMapping", json(suggested)).put("mapping", json(mapping))
        .put("features", features(layer));
    try {
      GridSet set = GridSetImporter.fromLayer(layer, upload.sourceCrs(), context, options.withGridMapping(mapping));
      JsonArray mapped = new JsonArray();
      set.grids().forEach(g -> mapped.add(new JsonObject().put("index", g.index()).put("code", g.code())
          .put("name", g.name()).put("kind", g.kind().code())));
      out.put("grids", new JsonObject().put("ok", true).put("count", set.grids().size()).put("grids", mapped)
          .put("assignedCodes", new JsonArray(List.copyOf(new java.util.TreeSet<>(set.assignedCodes())))));
      out.put("validation", revision.boundary() == null ? null : ValidationJson.toJson(validator.run(
          new ValidationInput(village, revision.boundary(), set.grids(), revision.buildings(), revision.roads()))));
    } catch (IngestException e) {
      // The import would refuse this: say why, as the import would, and still show the features.
      out.put("grids", new JsonObject().put("ok", false).put("error", e.code()).put("message", e.getMessage())
          .put("details", new JsonArray(List.copyOf(e.details()))));
      out.putNull("validation");
    }
    return out;
  }

  private static JsonObject encoding(InputFormat format, byte[] body, String layer, IngestOptions options) {
    if (format != InputFormat.SHAPEFILE_ZIP) {
      // GeoJSON (RFC 7946) and GeoPackage (SQLite text) are UTF-8 by definition.
      return new JsonObject().put("charset", "UTF-8").put("source", "format");
    }
    ShapefileZip.TextEncoding found = ShapefileZip.encodings(body, options.limits().maxUncompressedBytes()).get(layer);
    return found == null ? new JsonObject().put("charset", "UTF-8").put("source", "format")
        : new JsonObject().put("charset", found.charset()).put("source", found.fromCpg() ? "cpg" : "detected");
  }

  private static JsonArray attributes(List<String> names, List<Map<String, Object>> rows) {
    JsonArray out = new JsonArray();
    for (String name : names) {
      Set<String> samples = new LinkedHashSet<>();
      for (Map<String, Object> row : rows) {
        Object v = row.get(name);
        if (v != null && !String.valueOf(v).isBlank()) {
          samples.add(String.valueOf(v));
        }
        if (samples.size() >= SAMPLES) {
          break;
        }
      }
      out.add(new JsonObject().put("name", name).put("samples", new JsonArray(new ArrayList<>(samples))));
    }
    return out;
  }

  private static JsonObject features(FeatureLayer layer) {
    JsonArray features = new JsonArray();
    for (SourceFeature f : layer.features()) {
      JsonObject props = new JsonObject();
      f.properties().forEach((k, v) -> props.put(k, v == null ? null : v instanceof Number || v instanceof Boolean
          ? v : String.valueOf(v)));
      features.add(new JsonObject().put("type", "Feature").put("id", f.index()).put("properties", props)
          .put("geometry", f.geometry() == null ? null : ValidationJson.geometry(f.geometry())));
    }
    return new JsonObject().put("type", "FeatureCollection").put("features", features);
  }

  private static JsonObject json(GridFieldMapping m) {
    return new JsonObject().put("code", m.code()).put("name", m.name()).put("kind", m.kind());
  }
}
