package org.gridscape.server.change;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.OffsetDateTime;

/**
 * A registered webhook as administrators see it (never its secret).
 *
 * @param deliveredSeq the last change delivered; the next delivery starts after it
 * @param failures     failed attempts since the last success (the backoff grows with them)
 */
public record Webhook(String id, String url, String createdBy, OffsetDateTime createdAt, long deliveredSeq,
    int failures, OffsetDateTime nextAttemptAt) {

  /** The smallest secret accepted: HMAC-SHA256 keys should not be guessable. */
  public static final int MIN_SECRET = 16;

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("url", url).put("createdBy", createdBy)
        .put("createdAt", createdAt.toString()).put("deliveredSeq", deliveredSeq).put("failures", failures)
        .put("nextAttemptAt", nextAttemptAt.toString());
  }

  /** Why a URL cannot be a webhook's, or null when it can: absolute http(s), at most 2000 characters. */
  public static String checkUrl(String url) {
    if (url == null || url.isBlank() || url.length() > 2000) {
      return "url is required (an absolute http or https URL of at most 2000 characters)";
    }
    try {
      URI uri = new URI(url);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
        return "url must be an absolute http or https URL, got '" + url + "'";
      }
      return null;
    } catch (java.net.URISyntaxException e) {
      return "url is not a valid URL: " + e.getMessage();
    }
  }

  /** Why a secret cannot be used, or null when it can. */
  public static String checkSecret(String secret) {
    return secret == null || secret.length() < MIN_SECRET || secret.length() > 200
        ? "secret is required: " + MIN_SECRET + " to 200 characters, used as the HMAC-SHA256 key" : null;
  }
}
