package org.gridscape.server.ingest;

import java.util.List;

/**
 * A rejected upload. Carries the HTTP status the API should answer with, a stable error code for the
 * JSON body ({@code {"error": code, "message": ..., "details": [...]}}) and the problems found, each
 * naming its layer and feature. Imports are all or nothing, so one exception rejects the whole upload.
 */
public final class IngestException extends RuntimeException {

  /** Error codes, one per kind of rejection; the HTTP layer copies them into the error body. */
  public enum Kind {
    MALFORMED_JSON(400, "malformed_json"),
    BROKEN_ARCHIVE(400, "broken_archive"),
    MALFORMED_FILE(400, "malformed_file"),
    MISSING_COMPONENT(400, "missing_component"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type"),
    TOO_LARGE(413, "too_large"),
    UNSUPPORTED_CRS(422, "unsupported_crs"),
    COORDINATES_OUT_OF_RANGE(422, "coordinates_out_of_range"),
    INVALID_GEOMETRY(422, "invalid_geometry"),
    MULTI_PART_GRID(422, "multi_part_grid"),
    INVALID_ATTRIBUTE(422, "invalid_attribute"),
    MISSING_LAYER(422, "missing_layer"),
    INVALID_GRID_CODE(422, "invalid_grid_code"),
    GRID_CODE_WRONG_VILLAGE(422, "grid_code_wrong_village"),
    DUPLICATE_GRID_CODE(422, "duplicate_grid_code"),
    RETIRED_GRID_CODE(422, "retired_grid_code"),
    GRID_CODES_EXHAUSTED(422, "grid_codes_exhausted"),
    UNSUPPORTED_CONTENT(422, "unsupported_content");

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
  private final List<IngestProblem> details;

  public IngestException(Kind kind, String message, List<IngestProblem> details) {
    super(message);
    if (kind == null) {
      throw new IllegalArgumentException("kind is required");
    }
    this.kind = kind;
    this.details = List.copyOf(details == null ? List.of() : details);
  }

  public IngestException(Kind kind, String message) {
    this(kind, message, List.of());
  }

  public IngestException(Kind kind, String message, Throwable cause) {
    this(kind, message, List.of());
    initCause(cause);
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status to answer with (400, 413, 415 or 422). */
  public int status() {
    return kind.status();
  }

  /** The stable error code for the JSON error body. */
  public String errorCode() {
    return kind.code();
  }

  public List<IngestProblem> details() {
    return details;
  }
}
