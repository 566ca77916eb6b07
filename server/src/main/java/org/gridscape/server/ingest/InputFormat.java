package org.gridscape.server.ingest;

import java.util.Locale;

/** The upload formats we read, recognised by media type and, for generic types, by content. */
public enum InputFormat {
  GEOJSON,
  SHAPEFILE_ZIP,
  GEOPACKAGE;

  private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /**
   * Picks the format from the request's media type, looking at the first bytes when the type is
   * generic ({@code application/octet-stream} or missing), because browsers and curl often send that.
   *
   * @throws IngestException 415 when neither tells us a format we read
   */
  public static InputFormat detect(String mediaType, byte[] content) {
    String type = mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT).split(";", 2)[0].trim();
    switch (type) {
      case "application/geo+json", "application/json", "application/vnd.geo+json", "text/json" -> {
        return GEOJSON;
      }
      case "application/zip", "application/x-zip-compressed", "application/x-zip", "application/x-shapefile" -> {
        return SHAPEFILE_ZIP;
      }
      case "application/geopackage+sqlite3", "application/x-sqlite3", "application/vnd.sqlite3" -> {
        return GEOPACKAGE;
      }
      case "", "application/octet-stream" -> {
        InputFormat sniffed = sniff(content);
        if (sniffed != null) {
          return sniffed;
        }
        throw new IngestException(IngestException.Kind.UNSUPPORTED_MEDIA_TYPE,
            "could not recognise the upload: send GeoJSON, a zipped Shapefile or a GeoPackage");
      }
      default -> throw new IngestException(IngestException.Kind.UNSUPPORTED_MEDIA_TYPE,
          "unsupported media type '" + type + "': send application/geo+json, application/zip "
              + "(zipped Shapefile) or application/geopackage+sqlite3");
    }
  }

  /** Recognises a format from its first bytes, or returns null. */
  public static InputFormat sniff(byte[] content) {
    if (content == null || content.length < 4) {
      return null;
    }
    if (content[0] == 'P' && content[1] == 'K' && (content[2] == 3 || content[2] == 5) && (content[3] == 4 || content[3] == 6)) {
      return SHAPEFILE_ZIP;
    }
    if (content.length >= SQLITE_MAGIC.length) {
      boolean sqlite = true;
      for (int i = 0; i < SQLITE_MAGIC.length; i++) {
        if (content[i] != SQLITE_MAGIC[i]) {
          sqlite = false;
          break;
        }
      }
      if (sqlite) {
        return GEOPACKAGE;
      }
    }
    for (byte b : content) {
      if (b == '{') {
        return GEOJSON;
      }
      // a UTF-8 byte-order mark or whitespace may precede the object
      if (!(b == ' ' || b == '\n' || b == '\r' || b == '\t' || b == (byte) 0xEF || b == (byte) 0xBB || b == (byte) 0xBF)) {
        return null;
      }
    }
    return null;
  }
}
