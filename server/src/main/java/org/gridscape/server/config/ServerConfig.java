package org.gridscape.server.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The validated server configuration, parsed once from {@link Arguments}.
 *
 * @param host             interface to listen on
 * @param port             HTTP port; 0 picks a free one (tests)
 * @param dataDir          where the embedded database, built scenes and caches live
 * @param dbUrl            {@code postgresql://user@host:port/db}, or null for the embedded H2 database
 * @param adminPassword    password of the first admin, or null to generate one on first start
 * @param tokenTtl         lifetime of a sign-in token
 * @param maxUploadBytes   largest accepted request body
 * @param corsOrigins      origins allowed to call the API from a browser (empty: same origin only)
 * @param dbPoolSize       database connections
 * @param ogcPublic        whether /ogc (OGC API - Features, no personal data) may be read without signing in,
 *                         e.g. for the OGC CITE test suite, which cannot send credentials
 * @param httpInstances    HTTP server instances (one event loop each, sharing the port and one router)
 * @param onlineBasemaps   online tile services the viewer may add under the district's own base map (e.g.
 *                         天地图 with the district's key); empty by default, so nothing is asked outside the server
 * @param sceneStore       where built scenes are kept (never AUTO: resolved by the database kind)
 * @param changeFeed       retention of the change log and the limits of webhooks
 * @param printFont        the CJK font printed maps are set in (a TrueType .ttf or .ttc), or null to search the
 *                         usual places (see {@code print.PrintFonts})
 */
public record ServerConfig(
    String host,
    int port,
    Path dataDir,
    String dbUrl,
    String adminPassword,
    Duration tokenTtl,
    long maxUploadBytes,
    List<String> corsOrigins,
    int dbPoolSize,
    boolean ogcPublic,
    int httpInstances,
    List<OnlineBasemap> onlineBasemaps,
    SceneStoreConfig sceneStore,
    ChangeFeedConfig changeFeed,
    Path printFont) {

  /**
   * An online XYZ tile service: a name for the layer panel and a URL template with {z}, {x} and {y}.
   * Its origin is added to the browser's content security policy for images.
   */
  public record OnlineBasemap(String name, String urlTemplate) {

    public OnlineBasemap {
      if (name == null || name.isBlank()) {
        throw new ConfigException("--online-basemap needs a name: NAME|https://host/{z}/{x}/{y}.png");
      }
      if (urlTemplate == null || !urlTemplate.matches("https?://[^/?#\\s]+[^\\s]*")
          || !urlTemplate.contains("{z}") || !urlTemplate.contains("{x}") || !urlTemplate.contains("{y}")) {
        throw new ConfigException("--online-basemap '" + name + "' needs an http(s) URL template with {z}, {x} and "
            + "{y}, got '" + urlTemplate + "'");
      }
    }

    /** {@code scheme://host[:port]} of the service. */
    public String origin() {
      URI uri = URI.create(urlTemplate.replace("{z}", "0").replace("{x}", "0").replace("{y}", "0")
          .replace("{", "%7B").replace("}", "%7D"));
      return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    /** Parses {@code NAME|TEMPLATE}. */
    static OnlineBasemap parse(String entry) {
      int bar = entry.indexOf('|');
      if (bar < 0) {
        throw new ConfigException("--online-basemap entries look like NAME|https://host/{z}/{x}/{y}.png, got '"
            + entry + "'");
      }
      return new OnlineBasemap(entry.substring(0, bar).strip(), entry.substring(bar + 1).strip());
    }
  }

  public ServerConfig {
    if (host == null || host.isBlank()) {
      throw new ConfigException("--host must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new ConfigException("--port must be between 0 and 65535, got " + port);
    }
    if (dataDir == null) {
      throw new ConfigException("--data-dir must be set");
    }
    if (dbUrl != null) {
      if (dbUrl.isBlank()) {
        dbUrl = null;
      } else if (!dbUrl.startsWith("postgresql://") && !dbUrl.startsWith("postgres://")) {
        throw new ConfigException("--db-url must look like postgresql://user@host:port/db, got '" + dbUrl + "'");
      } else {
        try {
          URI.create(dbUrl);
        } catch (IllegalArgumentException e) {
          throw new ConfigException("--db-url is not a valid URL: " + e.getMessage());
        }
      }
    }
    if (adminPassword != null && adminPassword.isBlank()) {
      adminPassword = null;
    }
    if (adminPassword != null && adminPassword.length() < 8) {
      throw new ConfigException("--admin-password must have at least 8 characters");
    }
    if (tokenTtl == null || tokenTtl.isNegative() || tokenTtl.isZero()) {
      throw new ConfigException("--token-ttl-minutes must be positive");
    }
    if (maxUploadBytes < 1024) {
      throw new ConfigException("--max-upload-mb must be at least 1");
    }
    if (dbPoolSize < 1 || dbPoolSize > 200) {
      throw new ConfigException("--db-pool-size must be between 1 and 200, got " + dbPoolSize);
    }
    if (httpInstances < 1 || httpInstances > 256) {
      throw new ConfigException("--http-instances must be between 1 and 256, got " + httpInstances);
    }
    corsOrigins = List.copyOf(corsOrigins);
    onlineBasemaps = List.copyOf(onlineBasemaps == null ? List.of() : onlineBasemaps);
    sceneStore = (sceneStore == null ? SceneStoreConfig.auto() : sceneStore).resolve(dbUrl == null);
    changeFeed = changeFeed == null ? ChangeFeedConfig.defaults() : changeFeed;
  }

  /** Without a print font (the usual places are searched). */
  public ServerConfig(String host, int port, Path dataDir, String dbUrl, String adminPassword, Duration tokenTtl,
      long maxUploadBytes, List<String> corsOrigins, int dbPoolSize, boolean ogcPublic, int httpInstances,
      List<OnlineBasemap> onlineBasemaps, SceneStoreConfig sceneStore, ChangeFeedConfig changeFeed) {
    this(host, port, dataDir, dbUrl, adminPassword, tokenTtl, maxUploadBytes, corsOrigins, dbPoolSize, ogcPublic,
        httpInstances, onlineBasemaps, sceneStore, changeFeed, null);
  }

  /** With the change feed's defaults. */
  public ServerConfig(String host, int port, Path dataDir, String dbUrl, String adminPassword, Duration tokenTtl,
      long maxUploadBytes, List<String> corsOrigins, int dbPoolSize, boolean ogcPublic, int httpInstances,
      List<OnlineBasemap> onlineBasemaps, SceneStoreConfig sceneStore) {
    this(host, port, dataDir, dbUrl, adminPassword, tokenTtl, maxUploadBytes, corsOrigins, dbPoolSize, ogcPublic,
        httpInstances, onlineBasemaps, sceneStore, ChangeFeedConfig.defaults());
  }

  /** With the scene store chosen by the database kind. */
  public ServerConfig(String host, int port, Path dataDir, String dbUrl, String adminPassword, Duration tokenTtl,
      long maxUploadBytes, List<String> corsOrigins, int dbPoolSize, boolean ogcPublic, int httpInstances,
      List<OnlineBasemap> onlineBasemaps) {
    this(host, port, dataDir, dbUrl, adminPassword, tokenTtl, maxUploadBytes, corsOrigins, dbPoolSize, ogcPublic,
        httpInstances, onlineBasemaps, SceneStoreConfig.auto());
  }

  /** One HTTP server instance per core: Vert.x spreads the connections of the shared port over them. */
  public static int defaultHttpInstances() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** Without online base maps (nothing asked outside the server). */
  public ServerConfig(String host, int port, Path dataDir, String dbUrl, String adminPassword, Duration tokenTtl,
      long maxUploadBytes, List<String> corsOrigins, int dbPoolSize, boolean ogcPublic, int httpInstances) {
    this(host, port, dataDir, dbUrl, adminPassword, tokenTtl, maxUploadBytes, corsOrigins, dbPoolSize, ogcPublic,
        httpInstances, List.of());
  }

  /** Without the HTTP instance count (one per core). */
  public ServerConfig(String host, int port, Path dataDir, String dbUrl, String adminPassword, Duration tokenTtl,
      long maxUploadBytes, List<String> corsOrigins, int dbPoolSize, boolean ogcPublic) {
    this(host, port, dataDir, dbUrl, adminPassword, tokenTtl, maxUploadBytes, corsOrigins, dbPoolSize, ogcPublic,
        defaultHttpInstances(), List.of());
  }

  /** Without the optional switches (/ogc behind sign-in). */
  public ServerConfig(String host, int port, Path dataDir, String dbUrl, String adminPassword, Duration tokenTtl,
      long maxUploadBytes, List<String> corsOrigins, int dbPoolSize) {
    this(host, port, dataDir, dbUrl, adminPassword, tokenTtl, maxUploadBytes, corsOrigins, dbPoolSize, false);
  }

  public static ServerConfig from(Arguments args) {
    return new ServerConfig(
        args.getString("host", "interface to listen on", "0.0.0.0"),
        args.getInt("port", "HTTP port (0 picks a free port)", 8080),
        args.getPath("data-dir", "data directory: embedded database, scenes, caches", Path.of("var")),
        args.getString("db-url", "PostgreSQL URL postgresql://user@host:port/db; empty uses embedded H2", null),
        args.getString("admin-password", "password of the first admin user (generated and printed once if unset)", null),
        Duration.ofMinutes(args.getLong("token-ttl-minutes", "lifetime of sign-in tokens in minutes", 720)),
        args.getLong("max-upload-mb", "largest accepted upload in MiB", 64) * 1024 * 1024,
        args.getList("cors-origins", "comma-separated origins allowed to call the API cross-origin"),
        args.getInt("db-pool-size", "database connection pool size", 8),
        flag("ogc-public", args.getString("ogc-public",
            "true lets anyone read /ogc (OGC API - Features, no personal data) without signing in", "false")),
        args.getInt("http-instances", "HTTP server instances, one event loop each (default: one per core)",
            defaultHttpInstances()),
        onlineBasemaps(args.getString("online-basemap", "online tile services under the district's base map, "
            + "NAME|https://host/{z}/{x}/{y}.png, several separated by ';' (default none: nothing is asked outside "
            + "the server)", "")),
        SceneStoreConfig.parse(
            args.getString("scene-store", "where built scenes are kept: local (files in --data-dir; default with the "
                + "embedded database), database (default with PostgreSQL) or s3://bucket/prefix", "auto"),
            args.getString("s3-endpoint", "URL of an S3-compatible server (default: AWS S3)", null),
            args.getString("s3-region", "region of the S3 bucket", "us-east-1"),
            args.getString("s3-access-key", "access key of the S3 bucket (default: the AWS SDK's credential chain)", null),
            args.getString("s3-secret-key", "secret key of the S3 bucket", null)),
        new ChangeFeedConfig(
            Duration.ofDays(args.getLong("change-retention-days", "days the change log keeps its entries", 30)),
            args.getInt("max-webhooks", "most webhooks registered at once", 20),
            flag("webhook-private-addresses", args.getString("webhook-private-addresses", "true lets webhooks call "
                + "loopback, private and link-local addresses (an intranet); false refuses them", "true"))),
        args.getPath("print-font", "CJK TrueType font (.ttf/.ttc) the printed maps are set in and embed (default: "
            + "the first of the usual places, e.g. /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc)", null));
  }

  private static List<OnlineBasemap> onlineBasemaps(String raw) {
    if (raw == null || raw.isBlank()) {
      return List.of();
    }
    List<OnlineBasemap> out = new java.util.ArrayList<>();
    for (String entry : raw.split(";")) {
      if (!entry.isBlank()) {
        out.add(OnlineBasemap.parse(entry.strip()));
      }
    }
    return out;
  }

  /**
   * A configuration for tests: a free port, the given data directory, embedded or given database,
   * and two HTTP instances whatever the machine, so tests run against the shared router and caches.
   */
  public static ServerConfig forTest(Path dataDir, String dbUrl) {
    return new ServerConfig("127.0.0.1", 0, dataDir, dbUrl, "test-admin-password", Duration.ofMinutes(60),
        64L * 1024 * 1024, List.of(), 4, false, 2, List.of());
  }

  public ServerConfig withTokenTtl(Duration ttl) {
    return new ServerConfig(host, port, dataDir, dbUrl, adminPassword, ttl, maxUploadBytes, corsOrigins, dbPoolSize,
        ogcPublic, httpInstances, onlineBasemaps, sceneStore, changeFeed, printFont);
  }

  public ServerConfig withOgcPublic(boolean open) {
    return new ServerConfig(host, port, dataDir, dbUrl, adminPassword, tokenTtl, maxUploadBytes, corsOrigins, dbPoolSize,
        open, httpInstances, onlineBasemaps, sceneStore, changeFeed, printFont);
  }

  public ServerConfig withHttpInstances(int instances) {
    return new ServerConfig(host, port, dataDir, dbUrl, adminPassword, tokenTtl, maxUploadBytes, corsOrigins, dbPoolSize,
        ogcPublic, instances, onlineBasemaps, sceneStore, changeFeed, printFont);
  }

  public ServerConfig withOnlineBasemaps(List<OnlineBasemap> basemaps) {
    return new ServerConfig(host, port, dataDir, dbUrl, adminPassword, tokenTtl, maxUploadBytes, corsOrigins, dbPoolSize,
        ogcPublic, httpInstances, basemaps, sceneStore, changeFeed, printFont);
  }

  public ServerConfig withSceneStore(SceneStoreConfig store) {
    return new ServerConfig(host, port, dataDir, dbUrl, adminPassword, tokenTtl, maxUploadBytes, corsOrigins, dbPoolSize,
        ogcPublic, httpInstances, onlineBasemaps, store, changeFeed, printFont);
  }

  public ServerConfig withPrintFont(Path font) {
    return new ServerConfig(host, port, dataDir, dbUrl, adminPassword, tokenTtl, maxUploadBytes, corsOrigins, dbPoolSize,
        ogcPublic, httpInstances, onlineBasemaps, sceneStore, changeFeed, font);
  }

  public ServerConfig withChangeFeed(ChangeFeedConfig feed) {
    return new ServerConfig(host, port, dataDir, dbUrl, adminPassword, tokenTtl, maxUploadBytes, corsOrigins, dbPoolSize,
        ogcPublic, httpInstances, onlineBasemaps, sceneStore, feed, printFont);
  }

  private static boolean flag(String name, String value) {
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new ConfigException("--" + name + " must be true or false, got '" + value + "'");
  }

  public boolean embeddedDatabase() {
    return dbUrl == null;
  }
}
