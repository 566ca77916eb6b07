package org.gridscape.server.ogc;

import io.vertx.core.http.HttpHeaders;
import java.util.Arrays;
import org.gridscape.server.http.ApiException;

/**
 * The coordinate reference systems /ogc offers (OGC API - Features Part 2). Features are stored in
 * CRS84 (WGS84 lon/lat); CGCS2000 (EPSG:4490) differs from WGS84 by centimetres, below the 1e-7
 * degree rounding of the output, so converting between them is only a change of axis order:
 * EPSG:4490 is latitude first, as the EPSG register defines it.
 */
public enum Crs {
  CRS84("http://www.opengis.net/def/crs/OGC/1.3/CRS84", false),
  EPSG_4490("http://www.opengis.net/def/crs/EPSG/0/4490", true);

  /** The response header naming the CRS of the geometries (OGC API - Features Part 2). */
  public static final CharSequence CONTENT_CRS = HttpHeaders.createOptimized("Content-Crs");

  private final String uri;
  private final boolean latLon;
  private final CharSequence header;

  Crs(String uri, boolean latLon) {
    this.uri = uri;
    this.latLon = latLon;
    this.header = HttpHeaders.createOptimized("<" + uri + ">");
  }

  public String uri() {
    return uri;
  }

  /** Whether coordinates are written latitude first. */
  public boolean latLon() {
    return latLon;
  }

  /** The {@code Content-Crs} header value: the URI in angle brackets. */
  public CharSequence header() {
    return header;
  }

  /** The CRS a query parameter names (null: CRS84); 400 for any other. */
  public static Crs parse(String parameter, String value) {
    if (value == null) {
      return CRS84;
    }
    for (Crs crs : values()) {
      if (crs.uri.equals(value.trim())) {
        return crs;
      }
    }
    throw ApiException.badRequest(parameter + " '" + value + "' is not supported; use one of "
        + Arrays.stream(values()).map(Crs::uri).toList());
  }
}
