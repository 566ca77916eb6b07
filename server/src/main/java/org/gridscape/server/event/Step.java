package org.gridscape.server.event;

import java.util.Arrays;
import java.util.Locale;

/**
 * Where an event stands in the seven-step closed loop: the step under way, then {@code CLOSED}.
 * 网格巡查 -> 信息采集 -> 源头发现 -> 任务分派 -> 问题处置 -> 核查反馈 -> 效能督导 -> 办结.
 */
public enum Step {
  PATROL("网格巡查"),
  COLLECTION("信息采集"),
  DISCOVERY("源头发现"),
  DISPATCH("任务分派"),
  HANDLING("问题处置"),
  VERIFICATION("核查反馈"),
  SUPERVISION("效能督导"),
  CLOSED("办结");

  private final String chinese;

  Step(String chinese) {
    this.chinese = chinese;
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String chinese() {
    return chinese;
  }

  public boolean open() {
    return this != CLOSED;
  }

  public static Step parse(String code) {
    for (Step step : values()) {
      if (step.code().equals(code == null ? null : code.trim().toLowerCase(Locale.ROOT))) {
        return step;
      }
    }
    throw new IllegalArgumentException("unknown step '" + code + "'; one of "
        + Arrays.stream(values()).map(Step::code).toList());
  }
}
