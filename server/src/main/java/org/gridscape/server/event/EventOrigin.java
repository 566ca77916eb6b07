package org.gridscape.server.event;

/**
 * Where a report came from (V17 {@code event_origin}): the phone's id of it and the patrol it was
 * made on; either may be null.
 *
 * @param fresh created by the request that answers it (not stored)
 */
public record EventOrigin(String clientId, String patrol, boolean fresh) {

  EventOrigin asFresh() {
    return new EventOrigin(clientId, patrol, true);
  }
}
