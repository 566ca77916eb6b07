package org.gridscape.server.ingest;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.gridscape.server.ingest.crs.CoordinateRangeException;
import org.gridscape.server.ingest.crs.CrsResolver;
import org.gridscape.server.ingest.crs.SourceCrs;
import org.gridscape.server.ingest.geojson.GeoJson;
import org.gridscape.server.ingest.geopackage.GeoPackageFormat;
import org.gridscape.server.ingest.shapefile.ShapefileZip;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;

/**
 * First stage of every import: recognise the format, parse it into layers, enforce the feature and
 * vertex limits, and convert every geometry to WGS84 lon/lat. Interpretation (which layer is what,
 * attribute mapping, geometry rules) is left to the importers.
 */
public final class UploadReader {

  /** The name GeoJSON features are read under before they are split by their {@code layer} property. */
  public static final String GEOJSON_LAYER = "features";

  private static final int MAX_DETAILS = 100;
  private static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), 4326);

  /**
   * The upload in WGS84.
   *
   * @param format    what it was
   * @param layers    layers with WGS84 geometries (the layer's {@code crs} is the source CRS id)
   * @param sourceCrs the source CRS id(s), comma-separated if layers differed, e.g. {@code EPSG:4549}
   */
  public record Result(InputFormat format, List<FeatureLayer> layers, String sourceCrs) {

    public Result {
      layers = List.copyOf(layers);
    }
  }

  private UploadReader() {
  }

  /**
   * @param mediaType the request's Content-Type (may be null or generic; then the bytes decide)
   * @throws IngestException with the status and details describing what was wrong
   */
  public static Result read(byte[] content, String mediaType, IngestOptions options) {
    InputFormat format = InputFormat.detect(mediaType, content);
    List<FeatureLayer> layers = switch (format) {
      case GEOJSON -> List.of(GeoJson.read(GEOJSON_LAYER, content, FACTORY));
      case SHAPEFILE_ZIP -> ShapefileZip.read(content, options.limits().maxUncompressedBytes(), FACTORY);
      case GEOPACKAGE -> GeoPackageFormat.read(content, FACTORY);
    };
    checkLimits(layers, options.limits());
    SourceCrs explicit = options.crs() == null ? null : CrsResolver.resolve(options.crs());
    List<FeatureLayer> converted = new ArrayList<>();
    Set<String> ids = new LinkedHashSet<>();
    List<IngestProblem> problems = new ArrayList<>();
    for (FeatureLayer layer : layers) {
      SourceCrs crs = explicit != null ? explicit
          : layer.crs() == null ? CrsResolver.wgs84() : CrsResolver.resolve(layer.crs());
      ids.add(crs.id());
      List<SourceFeature> features = new ArrayList<>(layer.features().size());
      for (SourceFeature f : layer.features()) {
        Geometry g = f.geometry();
        if (g == null) {
          features.add(f);
          continue;
        }
        try {
          features.add(f.withGeometry(crs.toWgs84(g)));
        } catch (CoordinateRangeException e) {
          if (problems.size() < MAX_DETAILS) {
            problems.add(IngestProblem.feature("coordinates.out_of_range", e.getMessage(), layer.name(), f.index(), f.id()));
          }
        }
      }
      converted.add(new FeatureLayer(layer.name(), crs.id(), features));
    }
    if (!problems.isEmpty()) {
      throw new IngestException(IngestException.Kind.COORDINATES_OUT_OF_RANGE,
          "coordinates out of range for " + String.join(",", ids) + " (" + problems.get(0).message() + ")", problems);
    }
    return new Result(format, converted, String.join(",", ids));
  }

  private static void checkLimits(List<FeatureLayer> layers, IngestLimits limits) {
    long features = 0;
    long vertices = 0;
    for (FeatureLayer layer : layers) {
      features += layer.features().size();
      if (features > limits.maxFeatures()) {
        throw new IngestException(IngestException.Kind.TOO_LARGE,
            "more than " + limits.maxFeatures() + " features in one upload");
      }
      for (SourceFeature f : layer.features()) {
        int n = f.geometry() == null ? 0 : f.geometry().getNumPoints();
        if (n > limits.maxVerticesPerFeature()) {
          throw new IngestException(IngestException.Kind.TOO_LARGE,
              "feature " + f.index() + " of " + layer.name() + " has " + n + " vertices; the limit is " + limits.maxVerticesPerFeature(),
              List.of(IngestProblem.feature("limit.vertices_per_feature", n + " vertices", layer.name(), f.index(), f.id())));
        }
        vertices += n;
      }
      if (vertices > limits.maxVertices()) {
        throw new IngestException(IngestException.Kind.TOO_LARGE,
            "more than " + limits.maxVertices() + " vertices in one upload");
      }
    }
  }
}
