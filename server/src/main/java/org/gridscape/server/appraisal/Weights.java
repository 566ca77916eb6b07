package org.gridscape.server.appraisal;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The weights of the appraisal score, set by an administrator: each of the five shares (0..1) counts
 * with its weight; the score is 100 * sum(weight * share) / sum(weight) over the shares that have a
 * value (no events: no timeliness share, and its weight drops out rather than counting as 0).
 *
 * @param coverage  patrol coverage (巡查覆盖率)
 * @param timely    share of events reported within 24 h of discovery (上报及时率)
 * @param onTime    share of closed events closed by the deadline (按时办结率)
 * @param firstPass share of verified events that passed verification the first time
 * @param overdue   share of events not overdue (1 - overdue / reported)
 */
public record Weights(double coverage, double timely, double onTime, double firstPass, double overdue) {

  public static final Weights DEFAULT = new Weights(40, 20, 20, 10, 10);
  static final String[] NAMES = {"coverage", "timely", "onTime", "firstPass", "overdue"};

  public Weights {
    double[] all = {coverage, timely, onTime, firstPass, overdue};
    double sum = 0;
    for (int i = 0; i < all.length; i++) {
      if (!Double.isFinite(all[i]) || all[i] < 0) {
        throw AppraisalException.invalid(NAMES[i], "weight '" + NAMES[i] + "' must be a number >= 0, got " + all[i]);
      }
      sum += all[i];
    }
    if (!(sum > 0)) {
      throw AppraisalException.invalid("weights", "the weights must not all be 0");
    }
  }

  double[] values() {
    return new double[] {coverage, timely, onTime, firstPass, overdue};
  }

  /** Reads all five weights; an unknown or missing name is refused naming it. */
  static Weights fromJson(JsonObject json) {
    for (String name : json.fieldNames()) {
      if (!java.util.List.of(NAMES).contains(name)) {
        throw AppraisalException.invalid(name, "unknown weight '" + name + "'; the weights are " + String.join(", ", NAMES));
      }
    }
    double[] v = new double[NAMES.length];
    for (int i = 0; i < NAMES.length; i++) {
      Object value = json.getValue(NAMES[i]);
      if (!(value instanceof Number n)) {
        throw AppraisalException.invalid(NAMES[i], "weight '" + NAMES[i] + "' is required as a number >= 0");
      }
      v[i] = n.doubleValue();
    }
    return new Weights(v[0], v[1], v[2], v[3], v[4]);
  }

  Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    double[] v = values();
    for (int i = 0; i < NAMES.length; i++) {
      out.put(NAMES[i], v[i]);
    }
    return out;
  }

  /** The score 0..100 (one decimal) of the shares, each null when it has no denominator; null when none has. */
  Double score(Double... shares) {
    double[] w = values();
    double sum = 0;
    double weight = 0;
    for (int i = 0; i < w.length; i++) {
      if (shares[i] != null && w[i] > 0) {
        sum += w[i] * shares[i];
        weight += w[i];
      }
    }
    return weight == 0 ? null : Math.round(1000 * sum / weight) / 10.0;
  }
}
