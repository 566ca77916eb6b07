package org.gridscape.server.grid;

import java.util.Locale;
import org.gridscape.server.store.Geometries;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.util.GeometryTransformer;
import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateReferenceSystem;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.CoordinateTransformFactory;
import org.locationtech.proj4j.ProjCoordinate;

/**
 * A plane in metres around an origin (x east, y north, the origin at 0,0), for measuring and laying
 * out lon/lat geometry near it: the one local projection of GridScape. The mapping is chosen when
 * the projection is made, because its users need different things of the same plane:
 *
 * <ul>
 *   <li>{@link #around} / {@link #at}: transverse Mercator on the GRS80 (CGCS2000) ellipsoid centred
 *       on the origin (proj4j), so areas and distances are true metres to well under 0.01% across a
 *       village (scale error grows with the square of the distance from the centre: about 1e-8 at
 *       2 km). Validation, plan-import repairs and draft comparison measure in it. Not thread-safe.
 *   <li>{@link #equirectangular}: {@code x = (lon - lon0) * cos(lat0) * R * pi / 180},
 *       {@code y = (lat - lat0) * R * pi / 180} on the mean sphere, R = 6,371,008.8 m. Affine in
 *       lon/lat (straight lines stay straight, each axis maps on its own), a few multiplications per
 *       point and thread-safe, but against the ellipsoid its metres are off by a constant factor
 *       (at 25 deg N: +0.38% north-south, -0.17% east-west). The sample generator lays out the whole
 *       district in it from one origin, in parallel; its published figures (381 grids, 68,386
 *       households ...) were drawn in these metres, so this mapping must not change.
 * </ul>
 *
 * One class rather than two: both are the same idea (a local plane, to and from lon/lat, whole
 * geometries or single points), and keeping them together keeps the choice visible where a
 * projection is made.
 */
public final class LocalProjection {

  private static final double EARTH_RADIUS_M = 6_371_008.8;
  private static final double METRES_PER_DEGREE = EARTH_RADIUS_M * Math.PI / 180.0;
  private static final CRSFactory CRS = new CRSFactory();
  private static final CoordinateReferenceSystem WGS84 = CRS.createFromParameters("WGS84", "+proj=longlat +datum=WGS84 +no_defs");

  private final double lon0;
  private final double lat0;
  /** Equirectangular: metres per degree of longitude at the origin. */
  private final double metresPerDegreeLon;
  /** Transverse Mercator, or null for the equirectangular mapping. */
  private final Tmerc tmerc;

  private LocalProjection(double lon0, double lat0, Tmerc tmerc) {
    this.lon0 = lon0;
    this.lat0 = lat0;
    this.metresPerDegreeLon = METRES_PER_DEGREE * Math.cos(Math.toRadians(lat0));
    this.tmerc = tmerc;
  }

  /** Transverse Mercator centred on the centre of the geometry's envelope. */
  public static LocalProjection around(Geometry lonLat) {
    var centre = lonLat.getEnvelopeInternal().centre();
    return at(centre.x, centre.y);
  }

  /** Transverse Mercator centred on a point. */
  public static LocalProjection at(double lon, double lat) {
    return new LocalProjection(lon, lat, new Tmerc(lon, lat));
  }

  /** The equirectangular mapping around a point (see the class comment for when to use it). */
  public static LocalProjection equirectangular(double lon, double lat) {
    return new LocalProjection(lon, lat, null);
  }

  /** A copy of a lon/lat geometry in local metres (same factory, same structure). */
  public Geometry toMetres(Geometry lonLat) {
    return Geometries.mapXYInPlace(lonLat.copy(), (lon, lat, xy) -> {
      if (tmerc == null) {
        xy[0] = (lon - lon0) * metresPerDegreeLon;
        xy[1] = (lat - lat0) * METRES_PER_DEGREE;
      } else {
        tmerc.apply(tmerc.forward, lon, lat, xy);
      }
    });
  }

  /** A copy of a local-metre geometry in lon/lat (same factory, same structure). */
  public Geometry toLonLat(Geometry metres) {
    return Geometries.mapXYInPlace(metres.copy(), (x, y, xy) -> {
      if (tmerc == null) {
        xy[0] = lon0 + x / metresPerDegreeLon;
        xy[1] = lat0 + y / METRES_PER_DEGREE;
      } else {
        tmerc.apply(tmerc.inverse, x, y, xy);
      }
    });
  }

  /**
   * A lon/lat geometry in local metres, rebuilt with the given factory by a JTS
   * {@link GeometryTransformer} (which returns a one-part collection as its part).
   */
  public Geometry toMetres(Geometry lonLat, GeometryFactory factory) {
    return transform(lonLat, factory, true);
  }

  /** A local-metre geometry in lon/lat, rebuilt as {@link #toMetres(Geometry, GeometryFactory)} does (not rounded to the factory's precision). */
  public Geometry toLonLat(Geometry metres, GeometryFactory factory) {
    return transform(metres, factory, false);
  }

  /** One lon/lat position in local metres. */
  public Coordinate toMetres(double lon, double lat) {
    if (tmerc == null) {
      return new Coordinate((lon - lon0) * metresPerDegreeLon, (lat - lat0) * METRES_PER_DEGREE);
    }
    double[] xy = new double[2];
    tmerc.apply(tmerc.forward, lon, lat, xy);
    return new Coordinate(xy[0], xy[1]);
  }

  /** One local position in lon/lat. */
  public Coordinate toLonLat(double x, double y) {
    if (tmerc == null) {
      return new Coordinate(lon0 + x / metresPerDegreeLon, lat0 + y / METRES_PER_DEGREE);
    }
    double[] lonLat = new double[2];
    tmerc.apply(tmerc.inverse, x, y, lonLat);
    return new Coordinate(lonLat[0], lonLat[1]);
  }

  private Geometry transform(Geometry g, GeometryFactory factory, boolean forward) {
    GeometryTransformer t = new GeometryTransformer() {
      @Override
      protected CoordinateSequence transformCoordinates(CoordinateSequence coords, Geometry parent) {
        Coordinate[] out = new Coordinate[coords.size()];
        for (int i = 0; i < out.length; i++) {
          double a = coords.getX(i);
          double b = coords.getY(i);
          out[i] = forward ? toMetres(a, b) : toLonLat(a, b);
        }
        return factory.getCoordinateSequenceFactory().create(out);
      }
    };
    return t.transform(factory.createGeometry(g));
  }

  /** The proj4j transverse Mercator of one origin, with its scratch coordinates. */
  private static final class Tmerc {
    final CoordinateTransform forward;
    final CoordinateTransform inverse;
    private final ProjCoordinate in = new ProjCoordinate();
    private final ProjCoordinate out = new ProjCoordinate();

    Tmerc(double lon0, double lat0) {
      CoordinateReferenceSystem local = CRS.createFromParameters("local", String.format(Locale.ROOT,
          "+proj=tmerc +lat_0=%.9f +lon_0=%.9f +k=1 +x_0=0 +y_0=0 +ellps=GRS80 +units=m +no_defs", lat0, lon0));
      CoordinateTransformFactory factory = new CoordinateTransformFactory();
      this.forward = factory.createTransform(WGS84, local);
      this.inverse = factory.createTransform(local, WGS84);
    }

    void apply(CoordinateTransform transform, double x, double y, double[] result) {
      in.x = x;
      in.y = y;
      transform.transform(in, out);
      result[0] = out.x;
      result[1] = out.y;
    }
  }
}
