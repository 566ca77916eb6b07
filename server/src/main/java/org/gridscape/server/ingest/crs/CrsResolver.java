package org.gridscape.server.ingest.crs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gridscape.server.ingest.IngestException;
import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateReferenceSystem;

/**
 * Turns what an upload says about its coordinate system - an explicit {@code crs} parameter, a .prj
 * WKT, a GeoPackage srs, a GeoJSON {@code crs} member - into a {@link SourceCrs}.
 *
 * <p>Supported: WGS84 (EPSG:4326, CRS84), CGCS2000 (EPSG:4490), the CGCS2000 Gauss-Kruger zones
 * (EPSG:4491-4554: 6-degree and 3-degree, with and without zone prefix), WGS84 / UTM (EPSG:326xx,
 * 327xx), Web Mercator (EPSG:3857), GCJ-02 (only when named explicitly), and any WKT transverse
 * Mercator on the CGCS2000 or WGS84 datum. Beijing 1954 and Xian 1980 are refused: converting them
 * needs local datum-shift parameters that the data does not carry.
 */
public final class CrsResolver {

  private static final CRSFactory FACTORY = new CRSFactory();
  // proj4j reads its EPSG file on every lookup (tens of ms); definitions are immutable, so share them
  private static final Map<Integer, CoordinateReferenceSystem> EPSG_CACHE = new ConcurrentHashMap<>();
  private static final CoordinateReferenceSystem WGS84_DEFINITION =
      FACTORY.createFromParameters("EPSG:4326", "+proj=longlat +datum=WGS84 +no_defs");
  private static final Pattern EPSG_CODE = Pattern.compile(
      "^(?:EPSG:{1,2}|URN:OGC:DEF:CRS:EPSG:[0-9.]*:|HTTPS?://WWW\\.OPENGIS\\.NET/DEF/CRS/EPSG/[0-9.]+/)?([0-9]{4,5})$");
  private static final double EPS = 1e-6;

  private CrsResolver() {
  }

  /** WGS84 lon/lat. */
  public static SourceCrs wgs84() {
    return SourceCrs.geographic("EPSG:4326", "WGS 84", SourceCrs.Kind.WGS84);
  }

  static CoordinateReferenceSystem wgs84Definition() {
    return WGS84_DEFINITION;
  }

  /**
   * Resolves an explicit name: {@code EPSG:4549}, {@code 4549}, {@code urn:ogc:def:crs:EPSG::4549},
   * {@code http://www.opengis.net/def/crs/EPSG/0/4549}, {@code WGS84}, {@code CRS84}, {@code CGCS2000},
   * {@code GCJ02}/{@code GCJ-02}, or WKT text.
   *
   * @throws IngestException 422 {@code unsupported_crs} for anything else
   */
  public static SourceCrs resolve(String text) {
    if (text == null || text.isBlank()) {
      throw unsupported("no coordinate system given");
    }
    String t = text.strip();
    String upper = t.toUpperCase(Locale.ROOT);
    if (upper.startsWith("PROJCS") || upper.startsWith("GEOGCS") || upper.startsWith("PROJCRS")
        || upper.startsWith("GEOGCRS") || upper.startsWith("GEODCRS") || upper.startsWith("PROJECTEDCRS")
        || upper.startsWith("GEOGRAPHICCRS") || upper.startsWith("COMPD_CS") || upper.startsWith("COMPOUNDCRS")) {
      return fromWkt(t);
    }
    String compact = upper.replace(" ", "");
    switch (compact) {
      case "WGS84", "WGS-84", "WGS_84", "CRS84", "OGC:CRS84", "URN:OGC:DEF:CRS:OGC:1.3:CRS84",
          "URN:OGC:DEF:CRS:OGC::CRS84", "HTTP://WWW.OPENGIS.NET/DEF/CRS/OGC/1.3/CRS84" -> {
        return wgs84();
      }
      case "CGCS2000", "CGCS-2000", "CGCS_2000", "CHINAGEODETICCOORDINATESYSTEM2000" -> {
        return fromEpsg(4490);
      }
      case "GCJ02", "GCJ-02", "GCJ_02" -> {
        return SourceCrs.geographic("GCJ02", "GCJ-02 (Chinese web-map offset)", SourceCrs.Kind.GCJ02);
      }
      default -> {
        Matcher m = EPSG_CODE.matcher(compact);
        if (m.matches()) {
          return fromEpsg(Integer.parseInt(m.group(1)));
        }
        throw unsupported("unknown coordinate system '" + t + "': use EPSG:4326, EPSG:4490 (CGCS2000), "
            + "a CGCS2000 Gauss-Kruger zone such as EPSG:4549 or EPSG:4528, or GCJ02");
      }
    }
  }

  /**
   * Resolves an EPSG code we support.
   *
   * @throws IngestException 422 for codes outside the supported set
   */
  public static SourceCrs fromEpsg(int code) {
    if (code == 4326) {
      return wgs84();
    }
    if (code == 4490) {
      return SourceCrs.geographic("EPSG:4490", "CGCS2000", SourceCrs.Kind.CGCS2000_GEOGRAPHIC);
    }
    boolean supported = (code >= 4491 && code <= 4554) || code == 3857
        || (code >= 32601 && code <= 32660) || (code >= 32701 && code <= 32760);
    if (!supported) {
      if ((code >= 2401 && code <= 2442) || code == 4214 || (code >= 2327 && code <= 2390) || code == 4610) {
        throw unsupported("EPSG:" + code + " (Beijing 1954 / Xian 1980) needs local datum-shift parameters; "
            + "convert the data to CGCS2000 first");
      }
      throw unsupported("EPSG:" + code + " is not supported: use WGS84, CGCS2000 or a CGCS2000 Gauss-Kruger zone");
    }
    CoordinateReferenceSystem crs;
    try {
      crs = EPSG_CACHE.computeIfAbsent(code, c -> FACTORY.createFromName("EPSG:" + c));
    } catch (RuntimeException e) {
      throw unsupported("EPSG:" + code + " is not known to the projection library");
    }
    return SourceCrs.projected("EPSG:" + code, describeEpsg(code), crs);
  }

  /**
   * Resolves a WKT coordinate system (a .prj file, a GeoPackage srs definition): by its EPSG
   * authority if it carries one, else by matching datum and projection parameters to an EPSG code,
   * else by building the transverse Mercator projection from its parameters.
   */
  public static SourceCrs fromWkt(String wkt) {
    Wkt.Node root;
    try {
      root = Wkt.parse(wkt);
    } catch (IllegalArgumentException e) {
      throw unsupported("cannot read the coordinate system (WKT): " + e.getMessage());
    }
    Integer authority = epsgAuthority(root);
    if (authority != null && authority != 0) {
      try {
        return fromEpsg(authority);
      } catch (IngestException e) {
        // an unsupported authority code: the parameters may still describe something we support
      }
    }
    String keyword = root.keyword();
    switch (keyword) {
      case "GEOGCS", "GEOGCRS", "GEODCRS", "GEOGRAPHICCRS" -> {
        return fromEpsg(datum(root) == Datum.CGCS2000 ? 4490 : 4326);
      }
      case "PROJCS", "PROJCRS", "PROJECTEDCRS" -> {
        return projectedFromWkt(root);
      }
      default -> throw unsupported("unsupported coordinate system type " + keyword);
    }
  }

  private enum Datum { WGS84, CGCS2000 }

  private static SourceCrs projectedFromWkt(Wkt.Node root) {
    Wkt.Node base = root.child("GEOGCS", "BASEGEOGCRS", "BASEGEODCRS", "GEOGCRS");
    Datum datum = datum(base == null ? root : base);
    String method = methodName(root);
    String m = normalise(method);
    Wkt.Node unit = root.child("UNIT", "LENGTHUNIT");
    if (unit != null && unit.args().size() > 1 && Math.abs(unit.number(1) - 1.0) > 1e-9) {
      throw unsupported("projected units must be metres; '" + root.name() + "' uses " + unit.name());
    }
    if (m.contains("pseudomercator") || m.contains("auxiliarysphere") || normalise(root.name()).contains("pseudomercator")) {
      return fromEpsg(3857);
    }
    if (!(m.contains("transversemercator") || m.contains("gausskruger") || m.contains("gauss"))) {
      throw unsupported("projection '" + method + "' is not supported: only transverse Mercator / Gauss-Kruger");
    }
    double lon0 = parameter(root, 0.0, "centralmeridian", "longitudeofnaturalorigin", "longitudeoforigin");
    double lat0 = parameter(root, 0.0, "latitudeoforigin", "latitudeofnaturalorigin");
    double k = parameter(root, 1.0, "scalefactor", "scalefactoratnaturalorigin");
    double x0 = parameter(root, 0.0, "falseeasting");
    double y0 = parameter(root, 0.0, "falsenorthing");
    Integer epsg = matchEpsg(datum, lon0, lat0, k, x0, y0);
    if (epsg != null) {
      return fromEpsg(epsg);
    }
    String proj = String.format(Locale.ROOT, "+proj=tmerc +lat_0=%s +lon_0=%s +k=%s +x_0=%s +y_0=%s +ellps=%s +units=m +no_defs",
        plain(lat0), plain(lon0), plain(k), plain(x0), plain(y0), datum == Datum.CGCS2000 ? "GRS80" : "WGS84");
    CoordinateReferenceSystem crs = FACTORY.createFromParameters(root.name(), proj);
    return SourceCrs.projected(proj, root.name(), crs);
  }

  /** EPSG codes of the CGCS2000 Gauss-Kruger zones and WGS84 UTM zones, from their parameters. */
  private static Integer matchEpsg(Datum datum, double lon0, double lat0, double k, double x0, double y0) {
    if (Math.abs(lat0) > EPS) {
      return null;
    }
    if (datum == Datum.CGCS2000 && Math.abs(k - 1.0) < EPS && Math.abs(y0) < EPS) {
      long cm = Math.round(lon0);
      if (Math.abs(lon0 - cm) > EPS) {
        return null;
      }
      if (cm % 3 == 0 && cm >= 75 && cm <= 135) {
        int zone = (int) (cm / 3);
        if (Math.abs(x0 - 500000) < EPS) {
          return 4534 + (zone - 25);
        }
        if (Math.abs(x0 - (zone * 1_000_000.0 + 500000)) < EPS) {
          return 4513 + (zone - 25);
        }
      }
      if ((cm + 3) % 6 == 0 && cm >= 75 && cm <= 135) {
        int zone = (int) ((cm + 3) / 6);
        if (Math.abs(x0 - 500000) < EPS) {
          return 4502 + (zone - 13);
        }
        if (Math.abs(x0 - (zone * 1_000_000.0 + 500000)) < EPS) {
          return 4491 + (zone - 13);
        }
      }
      return null;
    }
    if (datum == Datum.WGS84 && Math.abs(k - 0.9996) < EPS && Math.abs(x0 - 500000) < EPS) {
      double zone = (lon0 + 183) / 6;
      if (Math.abs(zone - Math.round(zone)) < EPS && zone >= 1 && zone <= 60) {
        if (Math.abs(y0) < EPS) {
          return 32600 + (int) Math.round(zone);
        }
        if (Math.abs(y0 - 10_000_000) < EPS) {
          return 32700 + (int) Math.round(zone);
        }
      }
    }
    return null;
  }

  private static Datum datum(Wkt.Node crs) {
    Wkt.Node datum = crs.find("DATUM", "GEODETICDATUM", "TRF");
    String name = normalise(datum == null ? crs.name() : datum.name()) + " " + normalise(crs.name());
    if (name.contains("2000") && (name.contains("china") || name.contains("cgcs"))) {
      return Datum.CGCS2000;
    }
    if (name.contains("wgs84") || name.contains("wgs1984") || name.contains("worldgeodeticsystem1984")) {
      return Datum.WGS84;
    }
    if (name.contains("beijing") || name.contains("xian") || name.contains("1954") || name.contains("1980")) {
      throw unsupported("datum '" + (datum == null ? crs.name() : datum.name())
          + "' (Beijing 1954 / Xian 1980) needs local datum-shift parameters; convert the data to CGCS2000 first");
    }
    Wkt.Node spheroid = crs.find("SPHEROID", "ELLIPSOID");
    if (spheroid != null && spheroid.args().size() >= 3) {
      double a = spheroid.number(1);
      double rf = spheroid.number(2);
      if (Math.abs(a - 6378137.0) < 1e-3 && Math.abs(rf - 298.257222101) < 1e-6
          && normalise(spheroid.name()).contains("cgcs")) {
        return Datum.CGCS2000;
      }
    }
    throw unsupported("datum '" + (datum == null ? crs.name() : datum.name())
        + "' is not supported: use WGS84 or CGCS2000");
  }

  private static String methodName(Wkt.Node root) {
    Wkt.Node projection = root.child("PROJECTION");
    if (projection != null) {
      return projection.name();
    }
    Wkt.Node method = root.find("METHOD", "PROJECTION");
    if (method != null) {
      return method.name();
    }
    throw unsupported("the projected coordinate system '" + root.name() + "' names no projection method");
  }

  private static double parameter(Wkt.Node root, double fallback, String... names) {
    List<Wkt.Node> params = new ArrayList<>(root.children("PARAMETER"));
    Wkt.Node conversion = root.child("CONVERSION");
    if (conversion != null) {
      params.addAll(conversion.children("PARAMETER"));
    }
    for (Wkt.Node p : params) {
      String n = normalise(p.name());
      for (String wanted : names) {
        if (n.equals(wanted)) {
          return p.number(1);
        }
      }
    }
    return fallback;
  }

  private static Integer epsgAuthority(Wkt.Node root) {
    for (Object arg : root.args()) {
      if (arg instanceof Wkt.Node n && (n.keyword().equals("AUTHORITY") || n.keyword().equals("ID"))
          && n.args().size() >= 2 && "EPSG".equalsIgnoreCase(n.name())) {
        Object code = n.args().get(1);
        try {
          return code instanceof Double d ? (int) Math.round(d) : Integer.parseInt(code.toString().trim());
        } catch (NumberFormatException e) {
          return null;
        }
      }
    }
    return null;
  }

  private static String describeEpsg(int code) {
    if (code >= 4491 && code <= 4501) {
      return "CGCS2000 / Gauss-Kruger zone " + (code - 4491 + 13);
    }
    if (code >= 4502 && code <= 4512) {
      return "CGCS2000 / Gauss-Kruger CM " + ((code - 4502 + 13) * 6 - 3) + "E";
    }
    if (code >= 4513 && code <= 4533) {
      return "CGCS2000 / 3-degree Gauss-Kruger zone " + (code - 4513 + 25);
    }
    if (code >= 4534 && code <= 4554) {
      return "CGCS2000 / 3-degree Gauss-Kruger CM " + ((code - 4534 + 25) * 3) + "E";
    }
    if (code == 3857) {
      return "WGS 84 / Pseudo-Mercator";
    }
    if (code >= 32601 && code <= 32660) {
      return "WGS 84 / UTM zone " + (code - 32600) + "N";
    }
    if (code >= 32701 && code <= 32760) {
      return "WGS 84 / UTM zone " + (code - 32700) + "S";
    }
    return "EPSG:" + code;
  }

  private static String normalise(String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  private static String plain(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  private static IngestException unsupported(String message) {
    return new IngestException(IngestException.Kind.UNSUPPORTED_CRS, message);
  }
}
