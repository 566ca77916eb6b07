package org.gridscape.server.ingest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridscape.scene.model.GridKind;
import org.gridscape.server.grid.GridCode;
import org.gridscape.server.grid.GridCodeAssigner;
import org.gridscape.server.grid.GridCodeException;
import org.gridscape.server.grid.GridCodeRules;
import org.gridscape.server.grid.GridFeature;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

/**
 * Imports a village's grid boundaries: a GeoJSON FeatureCollection, a zipped shapefile (layer
 * {@code grids}, or the only layer) or a GeoPackage (table {@code grids}, or the only table) of
 * polygons with properties {@code code} (optional), {@code name} and {@code kind}.
 *
 * <p>Rules: each grid one valid polygon (multi-part grids are refused: a grid is one contiguous area);
 * codes well formed, of this village, unique in the set and not retired; grids without a code get
 * the next free codes in reading order ({@link GridCodeAssigner}). Coverage rules (gaps, overlaps,
 * inside the village) are checked by the grid validator, not here, so planners can import a draft.
 */
public final class GridSetImporter {

  private GridSetImporter() {
  }

  /**
   * What the database knows about the village's codes.
   *
   * @param villageCode   12-digit code
   * @param existingCodes codes the village's grids have now (may be re-imported; never assigned anew)
   * @param retiredCodes  codes of retired grids (may not be used again)
   */
  public record Context(String villageCode, Collection<String> existingCodes, Collection<String> retiredCodes) {

    public Context {
      GridCode.requireVillageCode(villageCode);
      existingCodes = Set.copyOf(existingCodes == null ? Set.of() : existingCodes);
      retiredCodes = Set.copyOf(retiredCodes == null ? Set.of() : retiredCodes);
    }

    /** A village with no grids yet. */
    public static Context fresh(String villageCode) {
      return new Context(villageCode, Set.of(), Set.of());
    }
  }

  /**
   * @throws IngestException describing why the upload was rejected
   */
  public static GridSet importGrids(byte[] content, String mediaType, Context context, IngestOptions options) {
    UploadReader.Result upload = UploadReader.read(content, mediaType, options);
    FeatureLayer picked = pickLayer(upload.layers());
    options.gridMapping().requireFieldsIn(attributeNames(picked));
    // a GeoJSON collection has no layer name of its own; call it what it is in messages
    FeatureLayer layer = upload.format() == InputFormat.GEOJSON
        ? new FeatureLayer(LayerNames.GRIDS, picked.crs(), picked.features()) : picked;
    return fromLayer(layer, upload.sourceCrs(), context, options);
  }

  /** The layer of an upload that holds the grids: the only one, or the one called grids. */
  public static FeatureLayer pickLayer(List<FeatureLayer> layers) {
    if (layers.size() == 1) {
      return layers.get(0);
    }
    for (FeatureLayer l : layers) {
      if (LayerNames.GRIDS.equals(LayerNames.canonical(l.name()))) {
        return l;
      }
    }
    List<String> names = layers.stream().map(FeatureLayer::name).toList();
    throw new IngestException(IngestException.Kind.MISSING_LAYER,
        "the upload has several layers " + names + " but none is called 'grids'");
  }

  /** The attribute names of a layer's features, in the order they first appear. */
  public static List<String> attributeNames(FeatureLayer layer) {
    Set<String> names = new LinkedHashSet<>();
    layer.features().forEach(f -> names.addAll(f.properties().keySet()));
    names.remove("layer");
    return List.copyOf(names);
  }

  /** Interprets an already converted (WGS84) layer as a grid set. */
  public static GridSet fromLayer(FeatureLayer layer, String sourceCrs, Context context, IngestOptions options) {
    List<IngestProblem> errors = new ArrayList<>();
    List<IngestProblem> repairs = new ArrayList<>();
    List<GridFeature> grids = new ArrayList<>();
    for (SourceFeature f : layer.features()) {
      Map<String, Object> p = f.properties();
      GridFieldMapping mapping = options.gridMapping();
      String code = AttributeValues.text(mapping.code(p));
      String name = AttributeValues.text(mapping.name(p));
      Object kindValue = mapping.kind(p);
      String label = code != null ? code : f.id();
      GridKind kind;
      try {
        kind = GridKind.parse(AttributeValues.text(kindValue));
      } catch (IllegalArgumentException e) {
        errors.add(IngestProblem.feature("attribute.invalid_kind", e.getMessage(), layer.name(), f.index(), label));
        continue;
      }
      Geometry g = PolygonRules.polygonal(layer.name(), f, label, options.repair(), errors, repairs);
      if (g == null) {
        continue;
      }
      Polygon polygon = PolygonRules.singlePolygonOrNull(g);
      if (polygon == null) {
        errors.add(IngestProblem.feature("geometry.multi_part", "a grid must be one polygon, got "
            + g.getNumGeometries() + " parts", layer.name(), f.index(), label));
        continue;
      }
      grids.add(new GridFeature(f.index(), code, name, kind, polygon));
    }
    if (!errors.isEmpty()) {
      throw VillagePlanImporter.reject(errors);
    }
    checkCodes(layer.name(), grids, context);
    return assignMissing(grids, context, sourceCrs, repairs);
  }

  private static void checkCodes(String layer, List<GridFeature> grids, Context context) {
    List<String> codes = grids.stream().map(GridFeature::code).toList();
    List<GridCodeRules.Problem> problems = GridCodeRules.check(context.villageCode(), codes);
    List<IngestProblem> details = new ArrayList<>();
    IngestException.Kind kind = null;
    for (GridCodeRules.Problem p : problems) {
      IngestException.Kind k = switch (p.reason()) {
        case MALFORMED -> IngestException.Kind.INVALID_GRID_CODE;
        case WRONG_VILLAGE -> IngestException.Kind.GRID_CODE_WRONG_VILLAGE;
        default -> IngestException.Kind.DUPLICATE_GRID_CODE;
      };
      // a malformed code is the most basic mistake, so it decides the error code when several apply
      if (kind == null || k.ordinal() < kind.ordinal()) {
        kind = k;
      }
      details.add(IngestProblem.feature("code." + p.reason().name().toLowerCase(java.util.Locale.ROOT), p.message(),
          layer, grids.get(p.index()).index(), p.code()));
    }
    for (GridFeature g : grids) {
      if (g.code() != null && context.retiredCodes().contains(g.code())) {
        details.add(IngestProblem.feature("code.retired", "grid code " + g.code()
            + " belonged to a retired grid and may not be used again", layer, g.index(), g.code()));
        if (kind == null) {
          kind = IngestException.Kind.RETIRED_GRID_CODE;
        }
      }
    }
    if (kind != null) {
      throw new IngestException(kind, details.get(0).message()
          + (details.size() > 1 ? " (and " + (details.size() - 1) + " more problems)" : ""), details);
    }
  }

  private static GridSet assignMissing(List<GridFeature> grids, Context context, String sourceCrs, List<IngestProblem> repairs) {
    Set<String> reserved = new HashSet<>(context.existingCodes());
    reserved.addAll(context.retiredCodes());
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < grids.size(); i++) {
      if (grids.get(i).code() == null) {
        missing.add(i);
      } else {
        reserved.add(grids.get(i).code());
      }
    }
    Set<String> assigned = new LinkedHashSet<>();
    if (!missing.isEmpty()) {
      List<Geometry> polygons = missing.stream().map(i -> grids.get(i).geometry()).toList();
      List<GridCode> codes;
      try {
        codes = GridCodeAssigner.assign(context.villageCode(), polygons, reserved);
      } catch (GridCodeException e) {
        throw new IngestException(IngestException.Kind.GRID_CODES_EXHAUSTED, e.getMessage());
      }
      for (int k = 0; k < missing.size(); k++) {
        int i = missing.get(k);
        String code = codes.get(k).value();
        grids.set(i, grids.get(i).withCode(code));
        assigned.add(code);
      }
    }
    return new GridSet(context.villageCode(), grids, assigned, sourceCrs, repairs);
  }
}
