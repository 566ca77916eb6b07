package org.gridscape.server.layer;

import java.util.List;

/**
 * An upload that was rejected as a whole; nothing of it was written. {@link #problems()} lists the
 * rows at fault (at most {@link #MAX_PROBLEMS}; {@link #total()} counts them all).
 */
public final class LayerImportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  static final int MAX_PROBLEMS = 1000;

  /** What kind of failure: decides the HTTP status. */
  public enum Kind {
    /** 400: not readable as CSV or JSON. */
    MALFORMED,
    /** 415: a content type that is neither CSV nor JSON. */
    UNSUPPORTED_MEDIA_TYPE,
    /** 422: readable, but rows are invalid or do not resolve. */
    INVALID_ROWS
  }

  private final Kind kind;
  private final transient List<RowProblem> problems;
  private final int total;

  LayerImportException(Kind kind, String message, List<RowProblem> problems) {
    super(message, null, false, false);
    this.kind = kind;
    this.total = problems.size();
    this.problems = List.copyOf(problems.size() > MAX_PROBLEMS ? problems.subList(0, MAX_PROBLEMS) : problems);
  }

  static LayerImportException rows(LayerKind layer, List<RowProblem> problems) {
    String more = problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problems)" : "";
    return new LayerImportException(Kind.INVALID_ROWS, layer.path() + ": " + problems.get(0) + more
        + "; nothing was imported", problems);
  }

  public Kind kind() {
    return kind;
  }

  public List<RowProblem> problems() {
    return problems;
  }

  public int total() {
    return total;
  }
}
