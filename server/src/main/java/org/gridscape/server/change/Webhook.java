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

  /** The longest URL accepted (the column's size). */
  public static final int MAX_URL = 2000;

  /**
   * Why a URL cannot be a webhook's, or null when it can: absolute http(s) with a host, at most
   * {@link #MAX_URL} characters, no user name or password (they would be shown in every listing and
   * sent in the clear to proxies; the body is signed with the secret instead), no fragment.
   */
  public static String checkUrl(String url) {
    if (url == null || url.isBlank()) {
      return "url is required (an absolute http or https URL)";
    }
    if (url.length() > MAX_URL) {
      return "url has " + url.length() + " characters, at most " + MAX_URL + " are accepted";
    }
    try {
      URI uri = new URI(url);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        return "url must be http or https, got '" + uri.getScheme() + "'";
      }
      if (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@")) {
        return "url must not carry a user name or password (the deliveries are signed with the secret)";
      }
      if (uri.getHost() == null) {
        return "url must be absolute with a host name, got '" + url + "'";
      }
      if (uri.getRawFragment() != null) {
        return "url must not have a fragment (#...)";
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
