package org.gridscape.server.imagery;

/**
 * A refused orthophoto import or layer request. {@link Kind} carries the HTTP status and the stable
 * error code that the HTTP layer copies into {@code {"error","message","details"}}.
 */
public final class ImageryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What was wrong, one per kind of refusal. */
  public enum Kind {
    EMPTY_BODY(400, "empty_body"),
    NOT_A_TIFF(400, "not_a_tiff"),
    BAD_PARAMETER(400, "bad_parameter"),
    TOO_LARGE(413, "too_large"),
    NOT_GEOREFERENCED(422, "not_georeferenced"),
    UNSUPPORTED_CRS(422, "unsupported_crs"),
    UNSUPPORTED_PIXELS(422, "unsupported_pixels"),
    UNSUPPORTED_COMPRESSION(422, "unsupported_compression"),
    IMAGE_TOO_LARGE(422, "image_too_large"),
    NO_SUCH_LAYER(404, "not_found"),
    NO_SUCH_JOB(404, "not_found");

    private final int status;
    private final String code;

    Kind(int status, String code) {
      this.status = status;
      this.code = code;
    }

    public int status() {
      return status;
    }

    public String code() {
      return code;
    }
  }

  private final Kind kind;

  public ImageryException(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = java.util.Objects.requireNonNull(kind, "kind");
  }

  public Kind kind() {
    return kind;
  }
}
