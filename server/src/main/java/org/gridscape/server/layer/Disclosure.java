package org.gridscape.server.layer;

import org.gridscape.server.auth.Principal;
import org.gridscape.server.auth.Role;

/**
 * How much of a person a caller may see. The policy (docs: Security):
 * <ul>
 *   <li>Person-level data is for admins, leaders and grid workers only, and only inside their
 *       scopes (a grid worker's grids): anyone else gets 403.</li>
 *   <li>Masked by default, for all of them.</li>
 *   <li>In full ({@code ?full=true}) only for admins and for grid workers within scope: they visit
 *       and help the households. Leaders oversee through figures and never need full identities.</li>
 *   <li>Every full read is audit-logged: who, what, when, from where.</li>
 * </ul>
 */
public enum Disclosure {
  MASKED, FULL;

  /** The caller may see this much, or the reason why not. */
  public record Decision(Disclosure disclosure, String refusal) {
    public Decision {
      if ((disclosure == null) == (refusal == null)) {
        throw new IllegalArgumentException("either a disclosure or a refusal");
      }
    }

    public boolean allowed() {
      return disclosure != null;
    }
  }

  /**
   * @param areaCode the grid code of the building (its village code when it has no grid yet)
   */
  public static Decision decide(Principal principal, String areaCode, boolean fullRequested) {
    if (!principal.hasAny(Role.ADMIN, Role.LEADER, Role.GRIDWORKER)) {
      return new Decision(null, "person-level data is for the admin, leader and gridworker roles");
    }
    if (!principal.covers(areaCode)) {
      return new Decision(null, "'" + areaCode + "' is outside your assigned areas");
    }
    if (!fullRequested) {
      return new Decision(MASKED, null);
    }
    if (principal.has(Role.ADMIN) || principal.has(Role.GRIDWORKER)) {
      return new Decision(FULL, null);
    }
    return new Decision(null, "unmasked personal data is for admins and for grid workers in their own grids");
  }
}
