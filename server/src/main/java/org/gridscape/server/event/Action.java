package org.gridscape.server.event;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a user does to an event: each action is allowed from some steps and leads to one step
 * ({@code null}: the step stays, only a flag changes). See {@link Workflow} for who may act.
 */
public enum Action {
  /** Patrol found something: collect the facts. */
  COLLECT(EnumSet.of(Step.PATROL), Step.COLLECTION),
  /** The facts point to a problem at its source. */
  DISCOVER(EnumSet.of(Step.COLLECTION), Step.DISCOVERY),
  /** Hand the problem up for dispatch. */
  SUBMIT(EnumSet.of(Step.DISCOVERY), Step.DISPATCH),
  /** Assign it to a department or a grid worker. */
  DISPATCH(EnumSet.of(Step.DISPATCH), Step.HANDLING),
  /** The assignee reports it handled. */
  HANDLE(EnumSet.of(Step.HANDLING), Step.VERIFICATION),
  /** On-site check passed: on to performance supervision. */
  VERIFY(EnumSet.of(Step.VERIFICATION), Step.SUPERVISION),
  /** On-site check failed: back to handling (reopened). */
  REJECT(EnumSet.of(Step.VERIFICATION), Step.HANDLING),
  /** Performance reviewed: closed. */
  CLOSE(EnumSet.of(Step.SUPERVISION), Step.CLOSED),
  /** Beyond the grid's means: up to the township's, then the district's command, for dispatch. */
  ESCALATE(EnumSet.of(Step.PATROL, Step.COLLECTION, Step.DISCOVERY, Step.DISPATCH, Step.HANDLING), Step.DISPATCH),
  /** 督办: a leader puts the event under supervision. */
  SUPERVISE(EnumSet.range(Step.PATROL, Step.SUPERVISION), null),
  /** A leader lifts the supervision. */
  UNSUPERVISE(EnumSet.range(Step.PATROL, Step.SUPERVISION), null),
  /** A closed event turns out not to be solved: back to handling. */
  REOPEN(EnumSet.of(Step.CLOSED), Step.HANDLING);

  private final Set<Step> from;
  private final Step to;

  Action(Set<Step> from, Step to) {
    this.from = from;
    this.to = to;
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The steps this action may start from (before flag conditions, see {@link Workflow#allowed}). */
  public Set<Step> from() {
    return from;
  }

  /** The step after the action; {@code null} when the step does not change. */
  public Step to() {
    return to;
  }

  public static Action parse(String code) {
    for (Action action : values()) {
      if (action.code().equals(code == null ? null : code.trim().toLowerCase(Locale.ROOT))) {
        return action;
      }
    }
    throw new IllegalArgumentException("unknown action '" + code + "'; one of "
        + Arrays.stream(values()).map(Action::code).toList());
  }
}
