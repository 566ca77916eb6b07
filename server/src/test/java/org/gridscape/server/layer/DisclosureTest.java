package org.gridscape.server.layer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.auth.Role;
import org.junit.jupiter.api.Test;

class DisclosureTest {

  private static final String GRID = "350521104201001";
  private static final String OTHER_GRID = "350521104203001";

  private static Principal as(Role role, String... scopes) {
    return new Principal("u", Set.of(role), List.of(scopes));
  }

  @Test
  void maskedForTheReadingRolesFullOnlyForAdminsAndWorkersInScope() {
    assertThat(Disclosure.decide(as(Role.ADMIN), GRID, false).disclosure()).isEqualTo(Disclosure.MASKED);
    assertThat(Disclosure.decide(as(Role.ADMIN), GRID, true).disclosure()).isEqualTo(Disclosure.FULL);
    assertThat(Disclosure.decide(as(Role.LEADER), GRID, false).disclosure()).isEqualTo(Disclosure.MASKED);
    assertThat(Disclosure.decide(as(Role.LEADER), GRID, true).allowed()).isFalse();
    assertThat(Disclosure.decide(as(Role.GRIDWORKER, GRID), GRID, true).disclosure()).isEqualTo(Disclosure.FULL);
    assertThat(Disclosure.decide(as(Role.GRIDWORKER, GRID), OTHER_GRID, false).allowed()).isFalse();
    assertThat(Disclosure.decide(as(Role.GRIDWORKER, "350521104201"), GRID, true).allowed())
        .as("a worker scoped to the village covers its grids").isTrue();
    for (Role role : List.of(Role.PLANNER, Role.DEPARTMENT, Role.APICLIENT)) {
      assertThat(Disclosure.decide(as(role), GRID, false).allowed()).as(role.id()).isFalse();
    }
  }
}
