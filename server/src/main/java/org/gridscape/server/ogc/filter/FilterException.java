package org.gridscape.server.ogc.filter;

import org.gridscape.server.ogc.filter.Expr.Position;

/**
 * A filter that cannot be run: bad syntax, an unknown (or unpublished) property, a type mismatch or
 * an unsupported construct. Always the client's fault; the message names the position.
 */
public final class FilterException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Position position;

  public FilterException(Position position, String message) {
    super("filter, at " + position + ": " + message, null, false, false);
    this.position = position;
  }

  public Position position() {
    return position;
  }
}
