package org.gridscape.server.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.auth.Role;
import org.gridscape.server.DomainException.Refusal;

/**
 * The seven-step loop as a state machine, and who may take each action. "In the grid" means the
 * user's scopes cover the event's grid code ({@link Principal#covers}); admins may do everything.
 *
 * <pre>
 * action       from                                   to            who
 * collect      patrol                                 collection    grid worker in the grid
 * discover     collection                             discovery     grid worker in the grid
 * submit       discovery                              dispatch      grid worker in the grid
 * dispatch     dispatch                               handling      leader covering the command level
 *                                                                   (grid; township or district when escalated)
 * handle       handling                               verification  the assignee, or a department user of the
 *                                                                   event's sector when a department is assigned
 * verify       verification                           supervision   grid worker or leader in the grid, not the handler
 * reject       verification                           handling      grid worker or leader in the grid, not the handler
 * close        supervision                            closed        leader in the grid
 * escalate     patrol..handling (not yet district)    dispatch      grid worker or leader in the grid, the assignee
 * supervise    any open step, not supervised          (same)        leader in the grid
 * unsupervise  any open step, supervised              (same)        leader in the grid
 * reopen       closed                                 handling      leader in the grid
 * </pre>
 */
public final class Workflow {

  private Workflow() {}

  /** The actions the event's state allows, whoever asks, in declaration order. */
  public static List<Action> allowed(Event event) {
    List<Action> out = new ArrayList<>();
    for (Action action : Action.values()) {
      if (allows(event, action)) {
        out.add(action);
      }
    }
    return out;
  }

  static boolean allows(Event event, Action action) {
    if (!action.from().contains(event.step())) {
      return false;
    }
    return switch (action) {
      case SUPERVISE -> !event.supervised();
      case UNSUPERVISE -> event.supervised();
      case ESCALATE -> event.escalation() != Escalation.DISTRICT;
      default -> true;
    };
  }

  /** The step after the action; 409 naming the allowed actions when the state does not allow it. */
  public static Step next(Event event, Action action) {
    if (!allows(event, action)) {
      List<String> allowed = allowed(event).stream().map(Action::code).toList();
      String why = action == Action.ESCALATE && event.escalation() == Escalation.DISTRICT
          ? " (already at the district command)"
          : action == Action.SUPERVISE && event.supervised() ? " (already supervised)"
          : action == Action.UNSUPERVISE && event.step().open() && !event.supervised() ? " (not supervised)" : "";
      throw new EventException(Refusal.CONFLICT, "illegal_transition",
          "'" + action.code() + "' is not allowed at step '"
          + event.step().code() + "'" + why + "; allowed: " + (allowed.isEmpty() ? "none" : String.join(", ", allowed)),
          List.of(Map.of("event", event.id(), "step", event.step().code(), "action", action.code(),
              "allowed", allowed)));
    }
    return action.to() == null ? event.step() : action.to();
  }

  /**
   * The action that moves the event from its step to {@code target}, for writers that name the
   * step they want rather than the action (OGC API - Features Part 4). Escalation is left out: it
   * is asked for by the escalation level, not by a step. Each (from, to) pair has one action, so
   * the answer is unique; 409 {@code illegal_transition} naming the steps within reach otherwise.
   */
  public static Action actionTo(Event event, Step target) {
    List<String> reachable = new ArrayList<>();
    for (Action action : allowed(event)) {
      if (action == Action.ESCALATE || action.to() == null) {
        continue;
      }
      if (action.to() == target) {
        return action;
      }
      reachable.add(action.to().code() + " (" + action.code() + ")");
    }
    throw new EventException(Refusal.CONFLICT, "illegal_transition", "event " + event.id() + " cannot go from step '"
        + event.step().code() + "' to '" + target.code() + "'; within reach: "
        + (reachable.isEmpty() ? "none" : String.join(", ", reachable)),
        List.of(Map.of("event", event.id(), "step", event.step().code(), "target", target.code(),
            "allowed", allowed(event).stream().map(Action::code).toList())));
  }

  /**
   * Checks that the principal may take the action on the event and returns the role it acts in
   * (recorded with the step); 403 saying who may otherwise.
   *
   * @param sectors the event categories the principal handles as a department user
   */
  public static String authorize(Principal who, Event event, Action action, Set<EventCategory> sectors) {
    if (who.has(Role.ADMIN)) {
      return Role.ADMIN.id();
    }
    String grid = event.gridCode();
    boolean workerInGrid = who.has(Role.GRIDWORKER) && who.covers(grid);
    boolean leaderInGrid = who.has(Role.LEADER) && who.covers(grid);
    boolean assignee = who.username().equals(event.assignee());
    String role = switch (action) {
      case COLLECT, DISCOVER, SUBMIT -> workerInGrid ? Role.GRIDWORKER.id() : null;
      case DISPATCH -> who.has(Role.LEADER) && who.covers(event.escalation().commandCode(grid)) ? Role.LEADER.id() : null;
      case HANDLE -> assignee ? actingRole(who)
          : "department".equals(event.assigneeKind()) && who.has(Role.DEPARTMENT) && sectors.contains(event.category())
              ? Role.DEPARTMENT.id() : null;
      case VERIFY, REJECT -> leaderInGrid ? Role.LEADER.id() : workerInGrid ? Role.GRIDWORKER.id() : null;
      case ESCALATE -> leaderInGrid ? Role.LEADER.id() : workerInGrid ? Role.GRIDWORKER.id()
          : assignee ? actingRole(who) : null;
      case CLOSE, SUPERVISE, UNSUPERVISE, REOPEN -> leaderInGrid ? Role.LEADER.id() : null;
    };
    if (role == null) {
      throw EventException.forbidden("'" + action.code() + "' on event " + event.id() + " is for " + whoMay(action, event));
    }
    if ((action == Action.VERIFY || action == Action.REJECT) && who.username().equals(event.handledBy())) {
      throw EventException.forbidden("the user who handled event " + event.id() + " may not verify it");
    }
    return role;
  }

  private static String actingRole(Principal who) {
    for (Role role : new Role[] {Role.DEPARTMENT, Role.GRIDWORKER, Role.LEADER}) {
      if (who.has(role)) {
        return role.id();
      }
    }
    return who.roles().stream().findFirst().map(Role::id).orElse("user");
  }

  static String whoMay(Action action, Event event) {
    return switch (action) {
      case COLLECT, DISCOVER, SUBMIT -> "grid workers of grid " + event.gridCode();
      case DISPATCH -> "leaders covering " + event.escalation().commandCode(event.gridCode())
          + (event.escalation() == Escalation.NONE ? "" : " (" + event.escalation().code() + " command)");
      case HANDLE -> "the assignee" + (event.assignee() == null ? "" : " '" + event.assignee() + "'")
          + ("department".equals(event.assigneeKind()) ? " or department users of the sector " + event.category().code()
              : "");
      case VERIFY, REJECT -> "grid workers or leaders of grid " + event.gridCode() + ", other than the handler";
      case ESCALATE -> "grid workers or leaders of grid " + event.gridCode() + " or the assignee";
      case CLOSE, SUPERVISE, UNSUPERVISE, REOPEN -> "leaders covering grid " + event.gridCode();
    };
  }
}
