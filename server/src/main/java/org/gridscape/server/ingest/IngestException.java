package org.gridscape.server.ingest;

import java.util.List;
import org.gridscape.server.DomainException;

/**
 * A rejected upload. Carries the refusal, a stable error code for the JSON body ({@code {"error": code, "message": ..., "details": [...]}}) and the problems found, each
 * naming its layer and feature. Imports are all or nothing, so one exception rejects the whole upload.
 */
public final class IngestException extends DomainException {

  private static final long serialVersionUID = 1L;

  /** Error codes, one per kind of rejection; the HTTP layer copies them into the error body. */
  public enum Kind {
    MALFORMED_JSON(Refusal.INVALID, "malformed_json"),
    BROKEN_ARCHIVE(Refusal.INVALID, "broken_archive"),
    MALFORMED_FILE(Refusal.INVALID, "malformed_file"),
    MISSING_COMPONENT(Refusal.INVALID, "missing_component"),
    UNSUPPORTED_MEDIA_TYPE(Refusal.UNSUPPORTED_TYPE, "unsupported_media_type"),
    TOO_LARGE(Refusal.TOO_LARGE, "too_large"),
    UNSUPPORTED_CRS(Refusal.REFUSED, "unsupported_crs"),
    COORDINATES_OUT_OF_RANGE(Refusal.REFUSED, "coordinates_out_of_range"),
    INVALID_GEOMETRY(Refusal.REFUSED, "invalid_geometry"),
    MULTI_PART_GRID(Refusal.REFUSED, "multi_part_grid"),
    INVALID_ATTRIBUTE(Refusal.REFUSED, "invalid_attribute"),
    MISSING_LAYER(Refusal.REFUSED, "missing_layer"),
    INVALID_GRID_CODE(Refusal.REFUSED, "invalid_grid_code"),
    GRID_CODE_WRONG_VILLAGE(Refusal.REFUSED, "grid_code_wrong_village"),
    DUPLICATE_GRID_CODE(Refusal.REFUSED, "duplicate_grid_code"),
    RETIRED_GRID_CODE(Refusal.REFUSED, "retired_grid_code"),
    GRID_CODES_EXHAUSTED(Refusal.REFUSED, "grid_codes_exhausted"),
    UNSUPPORTED_CONTENT(Refusal.REFUSED, "unsupported_content");

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
  private final transient List<IngestProblem> problems;

  public IngestException(Kind kind, String message, List<IngestProblem> problems) {
    this(kind, message, problems, null);
  }

  public IngestException(Kind kind, String message) {
    this(kind, message, List.of(), null);
  }

  public IngestException(Kind kind, String message, Throwable cause) {
    this(kind, message, List.of(), cause);
  }

  private IngestException(Kind kind, String message, List<IngestProblem> problems, Throwable cause) {
    super(kind.refusal(), kind.code(), message, problems == null ? List.of()
        : problems.stream().map(IngestProblem::toJson).toList(), cause);
    this.kind = kind;
    this.problems = problems == null ? List.of() : List.copyOf(problems);
  }

  public Kind kind() {
    return kind;
  }

  /** The problems found, each naming its layer and feature ({@link #details()} holds them as JSON). */
  public List<IngestProblem> problems() {
    return problems;
  }
}
