package org.gridscape.server.config;

import java.net.URI;

/**
 * Where built scenes are kept ({@code --scene-store}):
 * <ul>
 * <li>{@code local}: files under the data directory; one process (the embedded database's default);</li>
 * <li>{@code database}: tileset trees and GLBs in the PostgreSQL database (PostgreSQL's default): every
 * replica on the database serves the same tree, with nothing else to run;</li>
 * <li>{@code s3://bucket/prefix}: tileset trees in the database, GLBs in an S3-compatible bucket
 * ({@code --s3-endpoint} for one that is not AWS, credentials from {@code --s3-access-key} and
 * {@code --s3-secret-key}, else the AWS SDK's default chain).</li>
 * </ul>
 */
public record SceneStoreConfig(Kind kind, String s3Bucket, String s3Prefix, String s3Endpoint, String s3Region,
    String s3AccessKey, String s3SecretKey) {

  public enum Kind { AUTO, LOCAL, DATABASE, S3 }

  public SceneStoreConfig {
    if (kind == null) {
      throw new ConfigException("--scene-store must be set");
    }
    if (kind == Kind.S3) {
      if (s3Bucket == null || !s3Bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
        throw new ConfigException("--scene-store s3://BUCKET/PREFIX needs a valid bucket name, got '" + s3Bucket + "'");
      }
      s3Prefix = s3Prefix == null ? "" : s3Prefix.replaceAll("^/+|/+$", "");
      if (!s3Prefix.matches("[A-Za-z0-9._/-]*") || s3Prefix.contains("//")) {
        throw new ConfigException("--scene-store s3://BUCKET/PREFIX: the prefix may hold letters, digits, '.', '_', "
            + "'-' and '/', got '" + s3Prefix + "'");
      }
      if (s3Endpoint != null && s3Endpoint.isBlank()) {
        s3Endpoint = null;
      }
      if (s3Endpoint != null) {
        try {
          URI uri = URI.create(s3Endpoint);
          if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) URL");
          }
        } catch (IllegalArgumentException e) {
          throw new ConfigException("--s3-endpoint must be an http(s) URL, got '" + s3Endpoint + "'");
        }
      }
      if (s3Region == null || s3Region.isBlank()) {
        s3Region = "us-east-1";
      }
      if (s3AccessKey != null && s3AccessKey.isBlank()) {
        s3AccessKey = null;
      }
      if ((s3AccessKey == null) != (s3SecretKey == null || s3SecretKey.isBlank())) {
        throw new ConfigException("--s3-access-key and --s3-secret-key go together");
      }
    }
  }

  public static SceneStoreConfig auto() {
    return new SceneStoreConfig(Kind.AUTO, null, null, null, null, null, null);
  }

  public static SceneStoreConfig local() {
    return new SceneStoreConfig(Kind.LOCAL, null, null, null, null, null, null);
  }

  public static SceneStoreConfig database() {
    return new SceneStoreConfig(Kind.DATABASE, null, null, null, null, null, null);
  }

  /** An S3 bucket at {@code endpoint} (null: AWS) with the given keys (null: the SDK's default chain). */
  public static SceneStoreConfig s3(String bucket, String prefix, String endpoint, String region, String accessKey,
      String secretKey) {
    return new SceneStoreConfig(Kind.S3, bucket, prefix, endpoint, region, accessKey, secretKey);
  }

  /** Parses {@code auto}, {@code local}, {@code database} or {@code s3://bucket/prefix}. */
  static SceneStoreConfig parse(String spec, String endpoint, String region, String accessKey, String secretKey) {
    String value = spec == null ? "auto" : spec.strip();
    if (value.startsWith("s3://")) {
      String rest = value.substring(5);
      int slash = rest.indexOf('/');
      return s3(slash < 0 ? rest : rest.substring(0, slash), slash < 0 ? "" : rest.substring(slash + 1), endpoint,
          region, accessKey, secretKey);
    }
    return switch (value) {
      case "", "auto" -> auto();
      case "local" -> local();
      case "database" -> database();
      default -> throw new ConfigException("--scene-store must be local, database or s3://bucket/prefix, got '"
          + value + "'");
    };
  }

  /** AUTO made definite: local files with the embedded database, the database with PostgreSQL. */
  SceneStoreConfig resolve(boolean embeddedDatabase) {
    if (kind == Kind.AUTO) {
      return embeddedDatabase ? local() : database();
    }
    if (embeddedDatabase && kind != Kind.LOCAL) {
      throw new ConfigException("--scene-store " + kind.name().toLowerCase(java.util.Locale.ROOT) + " is for "
          + "replicas on PostgreSQL: give --db-url postgresql://... (the embedded database serves one process)");
    }
    return this;
  }

  /** Whether every replica on the database sees the same scenes. */
  public boolean shared() {
    return kind == Kind.DATABASE || kind == Kind.S3;
  }

  @Override
  public String toString() {
    return switch (kind) {
      case S3 -> "s3://" + s3Bucket + "/" + s3Prefix + (s3Endpoint == null ? "" : " at " + s3Endpoint);
      default -> kind.name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
