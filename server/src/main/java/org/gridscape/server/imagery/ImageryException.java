package org.gridscape.server.imagery;

import java.util.List;
import org.gridscape.server.DomainException;

/**
 * A refused orthophoto import or layer request. {@link Kind} carries the refusal and the stable error
 * code that the HTTP layer copies into {@code {"error","message","details"}}.
 */
public final class ImageryException extends DomainException {

  private static final long serialVersionUID = 1L;

  /** What was wrong, one per kind of refusal. */
  public enum Kind {
    EMPTY_BODY(Refusal.INVALID, "empty_body"),
    NOT_A_TIFF(Refusal.INVALID, "not_a_tiff"),
    BAD_PARAMETER(Refusal.INVALID, "bad_parameter"),
    TOO_LARGE(Refusal.TOO_LARGE, "too_large"),
    NOT_GEOREFERENCED(Refusal.REFUSED, "not_georeferenced"),
    UNSUPPORTED_CRS(Refusal.REFUSED, "unsupported_crs"),
    UNSUPPORTED_PIXELS(Refusal.REFUSED, "unsupported_pixels"),
    UNSUPPORTED_COMPRESSION(Refusal.REFUSED, "unsupported_compression"),
    IMAGE_TOO_LARGE(Refusal.REFUSED, "image_too_large"),
    NO_SUCH_LAYER(Refusal.NOT_FOUND, "not_found"),
    NO_SUCH_JOB(Refusal.NOT_FOUND, "not_found");

    private final Refusal refusal;
    private final String code;

    Kind(Refusal refusal, String code) {
      this.refusal = refusal;
      this.code = code;
    }

    public Refusal refusal() {
      return refusal;
    }

    public String code() {
      return code;
    }
  }

  private final Kind kind;

  public ImageryException(Kind kind, String message) {
    super(kind.refusal(), kind.code(), message, List.of());
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
