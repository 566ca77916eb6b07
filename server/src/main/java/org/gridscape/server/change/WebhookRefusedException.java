package org.gridscape.server.change;

/** A webhook that may not be registered (its URL, or one too many); mapped to 400 by http/ErrorHandler. */
public final class WebhookRefusedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public WebhookRefusedException(String message) {
    super(message);
  }
}
