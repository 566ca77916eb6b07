package org.gridscape.server.grid.edit;

/**
 * Metre tolerances expressed in degrees. The editor's tolerances are a few metres, where the error of
 * treating a degree of longitude as {@code cos(lat)} of a degree of latitude is far below a centimetre.
 */
final class Degrees {

  private static final double METRES_PER_DEGREE = 111_320.0;

  private Degrees() {
  }

  /** The larger of the two axis lengths in degrees, so a tolerance is never smaller than asked for. */
  static double of(double metres, double latitude) {
    double cos = Math.max(0.1, Math.cos(Math.toRadians(latitude)));
    return metres / (METRES_PER_DEGREE * cos);
  }
}
