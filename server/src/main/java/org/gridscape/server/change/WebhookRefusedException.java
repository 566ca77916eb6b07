package org.gridscape.server.change;

import java.util.List;
import org.gridscape.server.DomainException;

/** A webhook that may not be registered (its URL, or one too many): refused as {@code invalid_webhook}. */
public final class WebhookRefusedException extends DomainException {

  private static final long serialVersionUID = 1L;

  public WebhookRefusedException(String message) {
    super(Refusal.INVALID, "invalid_webhook", message, List.of());
  }
}
