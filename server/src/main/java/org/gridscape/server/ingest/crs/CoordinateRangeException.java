package org.gridscape.server.ingest.crs;

/** A coordinate that cannot be in the declared coordinate system (or cannot be converted from it). */
public final class CoordinateRangeException extends RuntimeException {

  public CoordinateRangeException(String message) {
    super(message);
  }
}
