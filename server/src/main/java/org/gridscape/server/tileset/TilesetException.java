package org.gridscape.server.tileset;

import java.util.Objects;

/**
 * A refused 3D Tiles import or tileset request. {@link Kind} carries the HTTP status and the stable
 * error code; {@link #file()} names the file in the zip that is wrong (null when the refusal is
 * about the request or the whole zip). The HTTP layer renders it as {@code {"error","message","details"}}.
 */
public final class TilesetException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What was wrong, one per kind of refusal. */
  public enum Kind {
    EMPTY_BODY(400, "empty_body"),
    BAD_PARAMETER(400, "bad_parameter"),
    NOT_A_ZIP(400, "not_a_zip"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type"),
    TOO_LARGE(413, "too_large"),
    CORRUPT_ZIP(422, "corrupt_zip"),
    UNSAFE_ENTRY(422, "unsafe_zip_entry"),
    ZIP_LIMITS(422, "zip_limits"),
    NO_TILESET(422, "no_tileset"),
    INVALID_TILESET(422, "invalid_tileset"),
    MISSING_CONTENT(422, "missing_content"),
    UNSUPPORTED_CONTENT(422, "unsupported_content"),
    INVALID_CONTENT(422, "invalid_content"),
    EXTERNAL_RESOURCE(422, "external_resource"),
    OUTSIDE_DISTRICT(422, "outside_district"),
    NOT_FOUND(404, "not_found");

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
  private final String file;

  public TilesetException(Kind kind, String message) {
    this(kind, null, message);
  }

  /** A refusal about one file of the zip: the message is prefixed with its path. */
  public TilesetException(Kind kind, String file, String message) {
    super(file == null ? message : file + ": " + message, null, false, false);
    this.kind = Objects.requireNonNull(kind, "kind");
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
