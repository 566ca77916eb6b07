package org.gridscape.server.auth;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.gridscape.server.DomainException;

/**
 * A sign-in, token, key or account operation refused: missing or malformed fields, wrong
 * credentials, an expired or unknown token or key, a name taken, too many failed sign-ins.
 */
public final class AuthException extends DomainException {

  private static final long serialVersionUID = 1L;

  private final long retryAfterSeconds;

  private AuthException(Refusal refusal, String code, String message, long retryAfterSeconds) {
    super(refusal, code, message, retryAfterSeconds < 0 ? List.of()
        : List.of(new JsonObject().put("retryAfterSeconds", retryAfterSeconds)));
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static AuthException invalid(String message) {
    return new AuthException(Refusal.INVALID, "bad_request", message, -1);
  }

  /** Wrong credentials or an unusable token or key: {@code code} says which. */
  public static AuthException unauthenticated(String code, String message) {
    return new AuthException(Refusal.UNAUTHENTICATED, code, message, -1);
  }

  public static AuthException conflict(String message) {
    return new AuthException(Refusal.CONFLICT, "conflict", message, -1);
  }

  /** Too many failed sign-ins; the first detail holds {@code retryAfterSeconds}. */
  public static AuthException throttled(long retryAfterSeconds) {
    return new AuthException(Refusal.THROTTLED, "too_many_sign_in_attempts", "too many failed sign-ins for this "
        + "user name or from this address; try again in " + retryAfterSeconds + " s", retryAfterSeconds);
  }

  /** Seconds to wait before trying again, or -1 when this is no throttling. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
