package org.gridscape.server.ingest;

/**
 * One thing wrong (or repaired) in an upload, naming where it is so a planner can find it in QGIS.
 *
 * @param rule         stable machine-readable rule code, e.g. {@code geometry.self_intersection}
 * @param message      human-readable explanation
 * @param layer        layer name ({@code boundary}, {@code building}, {@code grids} ...) or null
 * @param featureIndex zero-based position of the feature within its layer, or null for file-level problems
 * @param featureId    the feature's own id or code where it has one, or null
 */
public record IngestProblem(String rule, String message, String layer, Integer featureIndex, String featureId) {

  public IngestProblem {
    if (rule == null || rule.isBlank()) {
      throw new IllegalArgumentException("rule is required");
    }
    if (message == null) {
      throw new IllegalArgumentException("message is required");
    }
    if (featureIndex != null && featureIndex < 0) {
      throw new IllegalArgumentException("featureIndex must be >= 0: " + featureIndex);
    }
  }

  /** As clients read it: {@code rule} and {@code message}, and where it is when known. */
  public io.vertx.core.json.JsonObject toJson() {
    io.vertx.core.json.JsonObject out = new io.vertx.core.json.JsonObject().put("rule", rule).put("message", message);
    if (layer != null) {
      out.put("layer", layer);
    }
    if (featureIndex != null) {
      out.put("featureIndex", featureIndex);
    }
    if (featureId != null) {
      out.put("featureId", featureId);
    }
    return out;
  }

  /** A problem with the upload as a whole rather than a single feature. */
  public static IngestProblem file(String rule, String message) {
    return new IngestProblem(rule, message, null, null, null);
  }

  /** A problem with one feature. */
  public static IngestProblem feature(String rule, String message, String layer, int featureIndex, String featureId) {
    return new IngestProblem(rule, message, layer, featureIndex, featureId);
  }
}
