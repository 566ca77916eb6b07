package org.gridscape.server.ogc.filter;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.gridscape.server.DomainException;
import org.gridscape.server.ogc.filter.Expr.Position;

/**
 * A filter that cannot be run: bad syntax, an unknown (or unpublished) property, a type mismatch or
 * an unsupported construct. Always the client's fault; the message names the position.
 */
public final class FilterException extends DomainException {
  private static final long serialVersionUID = 1L;

  private final transient Position position;

  public FilterException(Position position, String message) {
    super(Refusal.INVALID, "invalid_filter", "filter, at " + position + ": " + message, List.of(position.pointer() == null
        ? new JsonObject().put("position", position.character()) : new JsonObject().put("pointer", position.pointer())));
    this.position = position;
  }

  public Position position() {
    return position;
  }
}
