package org.gridscape.server.tileset;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.gridscape.server.DomainException;

/**
 * A refused 3D Tiles import or tileset request. {@link Kind} carries the refusal and the stable error
 * code; {@link #file()} names the file in the zip that is wrong (null when the refusal is
 * about the request or the whole zip). The HTTP layer renders it as {@code {"error","message","details"}}.
 */
public final class TilesetException extends DomainException {

  private static final long serialVersionUID = 1L;

  /** What was wrong, one per kind of refusal. */
  public enum Kind {
    EMPTY_BODY(Refusal.INVALID, "empty_body"),
    BAD_PARAMETER(Refusal.INVALID, "bad_parameter"),
    NOT_A_ZIP(Refusal.INVALID, "not_a_zip"),
    UNSUPPORTED_MEDIA_TYPE(Refusal.UNSUPPORTED_TYPE, "unsupported_media_type"),
    TOO_LARGE(Refusal.TOO_LARGE, "too_large"),
    CORRUPT_ZIP(Refusal.REFUSED, "corrupt_zip"),
    UNSAFE_ENTRY(Refusal.REFUSED, "unsafe_zip_entry"),
    ZIP_LIMITS(Refusal.REFUSED, "zip_limits"),
    NO_TILESET(Refusal.REFUSED, "no_tileset"),
    INVALID_TILESET(Refusal.REFUSED, "invalid_tileset"),
    MISSING_CONTENT(Refusal.REFUSED, "missing_content"),
    UNSUPPORTED_CONTENT(Refusal.REFUSED, "unsupported_content"),
    INVALID_CONTENT(Refusal.REFUSED, "invalid_content"),
    EXTERNAL_RESOURCE(Refusal.REFUSED, "external_resource"),
    OUTSIDE_DISTRICT(Refusal.REFUSED, "outside_district"),
    NOT_FOUND(Refusal.NOT_FOUND, "not_found");

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
  private final String file;

  public TilesetException(Kind kind, String message) {
    this(kind, null, message);
  }

  /** A refusal about one file of the zip: the message is prefixed with its path. */
  public TilesetException(Kind kind, String file, String message) {
    super(kind.refusal(), kind.code(), file == null ? message : file + ": " + message,
        file == null ? List.of() : List.of(new JsonObject().put("file", file)));
    this.kind = kind;
    this.file = file;
  }

  public Kind kind() {
    return kind;
  }

  /** The path in the zip of the file that is wrong, or null. */
  public String file() {
    return file;
  }
}
