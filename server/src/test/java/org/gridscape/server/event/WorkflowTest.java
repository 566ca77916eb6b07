package org.gridscape.server.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridscape.server.DomainException;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.auth.Role;
import org.junit.jupiter.api.Test;

class WorkflowTest {

  static final String GRID = "350521104201001";
  static final String OTHER_GRID = "350521105201001";
  static final OffsetDateTime T0 = OffsetDateTime.parse("2026-08-01T09:00:00+08:00");

  static Event event(Step step, boolean supervised, Escalation escalation, String assignee, String assigneeKind,
      String handledBy) {
    return new Event("E1", EventCategory.FIRE_HAZARD, EventLevel.GENERAL, "楼道堆放杂物", null, 118.7, 24.96, GRID, step,
        escalation, assignee, assigneeKind, handledBy, supervised, 0, "w1", null, "report", DistrictMode.PEACETIME, T0,
        T0.plusHours(60), step == Step.CLOSED ? T0.plusHours(5) : null, 1);
  }

  static Event at(Step step) {
    return event(step, false, Escalation.NONE, "dept-fire", "department", null);
  }

  static Principal user(String name, Role role, String... scopes) {
    return new Principal(name, Set.of(role), List.of(scopes));
  }

  /** The expected table: from each step, the actions allowed (unsupervised, not escalated) and where they lead. */
  static final Map<Step, Map<Action, Step>> TABLE = Map.of(
      Step.PATROL, Map.of(Action.COLLECT, Step.COLLECTION, Action.ESCALATE, Step.DISPATCH, Action.SUPERVISE, Step.PATROL),
      Step.COLLECTION, Map.of(Action.DISCOVER, Step.DISCOVERY, Action.ESCALATE, Step.DISPATCH,
          Action.SUPERVISE, Step.COLLECTION),
      Step.DISCOVERY, Map.of(Action.SUBMIT, Step.DISPATCH, Action.ESCALATE, Step.DISPATCH,
          Action.SUPERVISE, Step.DISCOVERY),
      Step.DISPATCH, Map.of(Action.DISPATCH, Step.HANDLING, Action.ESCALATE, Step.DISPATCH,
          Action.SUPERVISE, Step.DISPATCH),
      Step.HANDLING, Map.of(Action.HANDLE, Step.VERIFICATION, Action.ESCALATE, Step.DISPATCH,
          Action.SUPERVISE, Step.HANDLING),
      Step.VERIFICATION, Map.of(Action.VERIFY, Step.SUPERVISION, Action.REJECT, Step.HANDLING,
          Action.SUPERVISE, Step.VERIFICATION),
      Step.SUPERVISION, Map.of(Action.CLOSE, Step.CLOSED, Action.SUPERVISE, Step.SUPERVISION),
      Step.CLOSED, Map.of(Action.REOPEN, Step.HANDLING));

  @Test
  void everyLegalTransitionLeadsToItsStepAndEveryIllegalOneIsRejectedWith409NamingTheAllowed() {
    int legal = 0;
    int illegal = 0;
    for (Step step : Step.values()) {
      Event e = at(step);
      Map<Action, Step> expected = TABLE.get(step);
      assertThat(Workflow.allowed(e)).containsExactlyInAnyOrderElementsOf(expected.keySet());
      for (Action action : Action.values()) {
        if (expected.containsKey(action)) {
          assertThat(Workflow.next(e, action)).as(step + " " + action).isEqualTo(expected.get(action));
          legal++;
        } else {
          assertThatThrownBy(() -> Workflow.next(e, action)).as(step + " " + action)
              .isInstanceOfSatisfying(EventException.class, ex -> {
                assertThat(ex.refusal()).isEqualTo(DomainException.Refusal.CONFLICT);
                assertThat(ex.code()).isEqualTo("illegal_transition");
                for (Action allowed : expected.keySet()) {
                  assertThat(ex.getMessage()).contains(allowed.code());
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> detail = (Map<String, Object>) ex.details().get(0);
                assertThat((List<?>) detail.get("allowed")).hasSize(expected.size());
              });
          illegal++;
        }
      }
    }
    assertThat(legal + illegal).isEqualTo(Step.values().length * Action.values().length);
    assertThat(illegal).isGreaterThan(legal);
  }

  @Test
  void flagsNarrowTheAllowedActions() {
    Event supervised = event(Step.HANDLING, true, Escalation.NONE, "d", "department", null);
    assertThat(Workflow.allowed(supervised)).contains(Action.UNSUPERVISE).doesNotContain(Action.SUPERVISE);
    assertThatThrownBy(() -> Workflow.next(supervised, Action.SUPERVISE)).hasMessageContaining("already supervised");
    Event atDistrict = event(Step.DISPATCH, false, Escalation.DISTRICT, null, null, null);
    assertThat(Workflow.allowed(atDistrict)).doesNotContain(Action.ESCALATE);
    assertThatThrownBy(() -> Workflow.next(atDistrict, Action.ESCALATE)).hasMessageContaining("district command");
    assertThatThrownBy(() -> Workflow.next(at(Step.CLOSED), Action.SUPERVISE)).hasMessageContaining("allowed: reopen");
  }

  @Test
  void gridWorkersActInTheirOwnGridsOnly() {
    Principal mine = user("w1", Role.GRIDWORKER, GRID);
    Principal villageWide = user("w2", Role.GRIDWORKER, "350521104201");
    Principal elsewhere = user("w3", Role.GRIDWORKER, OTHER_GRID);
    Set<EventCategory> none = Set.of();
    for (Step step : List.of(Step.PATROL, Step.COLLECTION, Step.DISCOVERY)) {
      Action action = step == Step.PATROL ? Action.COLLECT : step == Step.COLLECTION ? Action.DISCOVER : Action.SUBMIT;
      assertThat(Workflow.authorize(mine, at(step), action, none)).isEqualTo("gridworker");
      assertThat(Workflow.authorize(villageWide, at(step), action, none)).isEqualTo("gridworker");
      assertThatThrownBy(() -> Workflow.authorize(elsewhere, at(step), action, none))
          .isInstanceOfSatisfying(EventException.class, e -> assertThat(e.refusal()).isEqualTo(DomainException.Refusal.FORBIDDEN))
          .hasMessageContaining("grid workers of grid " + GRID);
    }
    // grid workers neither dispatch, close nor supervise
    for (Action action : List.of(Action.DISPATCH, Action.CLOSE, Action.SUPERVISE, Action.REOPEN)) {
      assertThatThrownBy(() -> Workflow.authorize(mine, at(Step.DISPATCH), action, none)).as(action.code())
          .isInstanceOf(EventException.class);
    }
  }

  @Test
  void dispatchBelongsToTheLeadersOfTheCommandLevel() {
    Principal villageLeader = user("lv", Role.LEADER, "350521104201");
    Principal townshipLeader = user("lt", Role.LEADER, "350521104000");
    Principal districtLeader = user("ld", Role.LEADER);
    Principal otherTownship = user("lo", Role.LEADER, "350521105000");
    Set<EventCategory> none = Set.of();
    Event local = event(Step.DISPATCH, false, Escalation.NONE, null, null, null);
    Event township = event(Step.DISPATCH, false, Escalation.TOWNSHIP, null, null, null);
    Event district = event(Step.DISPATCH, false, Escalation.DISTRICT, null, null, null);
    assertThat(Workflow.authorize(villageLeader, local, Action.DISPATCH, none)).isEqualTo("leader");
    assertThatThrownBy(() -> Workflow.authorize(otherTownship, local, Action.DISPATCH, none))
        .isInstanceOf(EventException.class);
    assertThatThrownBy(() -> Workflow.authorize(villageLeader, township, Action.DISPATCH, none))
        .hasMessageContaining("350521104000");
    assertThat(Workflow.authorize(townshipLeader, township, Action.DISPATCH, none)).isEqualTo("leader");
    assertThatThrownBy(() -> Workflow.authorize(townshipLeader, district, Action.DISPATCH, none))
        .hasMessageContaining("350521000000");
    assertThat(Workflow.authorize(districtLeader, district, Action.DISPATCH, none)).isEqualTo("leader");
    assertThat(Workflow.authorize(user("root", Role.ADMIN), district, Action.DISPATCH, none)).isEqualTo("admin");
  }

  @Test
  void handlingIsForTheAssigneeOrItsSectorAndVerificationForSomeoneElse() {
    Principal fire = user("dept-fire", Role.DEPARTMENT);
    Principal fireColleague = user("dept-fire-2", Role.DEPARTMENT);
    Principal sanitation = user("dept-san", Role.DEPARTMENT);
    Event handling = at(Step.HANDLING);
    assertThat(Workflow.authorize(fire, handling, Action.HANDLE, Set.of())).isEqualTo("department");
    assertThat(Workflow.authorize(fireColleague, handling, Action.HANDLE, EnumSet.of(EventCategory.FIRE_HAZARD)))
        .isEqualTo("department");
    assertThatThrownBy(() -> Workflow.authorize(sanitation, handling, Action.HANDLE,
        EnumSet.of(EventCategory.SANITATION))).hasMessageContaining("the assignee 'dept-fire'");

    Principal worker = user("w1", Role.GRIDWORKER, GRID);
    Event handledByWorker = event(Step.VERIFICATION, false, Escalation.NONE, "w1", "gridworker", "w1");
    assertThatThrownBy(() -> Workflow.authorize(worker, handledByWorker, Action.VERIFY, Set.of()))
        .hasMessageContaining("may not verify");
    Event handledByDept = event(Step.VERIFICATION, false, Escalation.NONE, "dept-fire", "department", "dept-fire");
    assertThat(Workflow.authorize(worker, handledByDept, Action.VERIFY, Set.of())).isEqualTo("gridworker");
    assertThat(Workflow.authorize(worker, handledByDept, Action.REJECT, Set.of())).isEqualTo("gridworker");
    assertThatThrownBy(() -> Workflow.authorize(fire, handledByDept, Action.VERIFY, Set.of()))
        .isInstanceOf(EventException.class);
  }

  @Test
  void leadersSuperviseCloseAndReopenInTheirAreas() {
    Principal leader = user("lv", Role.LEADER, "350521104201");
    Principal outside = user("lo", Role.LEADER, "350521105000");
    List<Action> leaderOnly = new ArrayList<>(List.of(Action.SUPERVISE, Action.UNSUPERVISE, Action.CLOSE, Action.REOPEN));
    for (Action action : leaderOnly) {
      assertThat(Workflow.authorize(leader, at(Step.SUPERVISION), action, Set.of())).isEqualTo("leader");
      assertThatThrownBy(() -> Workflow.authorize(outside, at(Step.SUPERVISION), action, Set.of()))
          .hasMessageContaining("leaders covering grid " + GRID);
      assertThatThrownBy(() -> Workflow.authorize(user("w1", Role.GRIDWORKER, GRID), at(Step.SUPERVISION), action,
          Set.of())).isInstanceOf(EventException.class);
    }
    // escalation: from the field or by the assignee who cannot solve it
    assertThat(Workflow.authorize(user("w1", Role.GRIDWORKER, GRID), at(Step.HANDLING), Action.ESCALATE, Set.of()))
        .isEqualTo("gridworker");
    assertThat(Workflow.authorize(user("dept-fire", Role.DEPARTMENT), at(Step.HANDLING), Action.ESCALATE, Set.of()))
        .isEqualTo("department");
    assertThatThrownBy(() -> Workflow.authorize(user("dept-san", Role.DEPARTMENT), at(Step.HANDLING), Action.ESCALATE,
        Set.of())).isInstanceOf(EventException.class);
  }
}
