package org.gridscape.server.grid.edit;

/** An edit that cannot be carried out on the given geometry; {@code reason} is a stable machine code. */
public final class GeometryEditException extends RuntimeException {

  private final String reason;

  public GeometryEditException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
