package org.gridscape.server.change;

import java.util.Objects;

/**
 * What a write appends to the change log: never the values, only what changed.
 *
 * @param region  the region or grid code a reader's scope is checked against; null for the whole
 *                district (seen by every reader)
 * @param version the version of the thing after the write, where it has one; else null
 */
public record Change(ChangeKind kind, String id, String region, Long version) {

  public Change {
    Objects.requireNonNull(kind, "kind");
    if (id == null || id.isEmpty() || id.length() > 64) {
      throw new IllegalArgumentException("a change needs an id of 1-64 characters, got '" + id + "'");
    }
    if (region != null && (region.isEmpty() || region.length() > 15)) {
      throw new IllegalArgumentException("a change's region is a code of at most 15 characters, got '" + region + "'");
    }
  }

  /** A published grid changed. */
  public static Change grid(String code, long version) {
    return new Change(ChangeKind.GRID, code, code, version);
  }

  /** A village's draft changed. */
  public static Change draft(String villageCode) {
    return new Change(ChangeKind.DRAFT, villageCode, villageCode, null);
  }

  /** Rows of a layer table changed in a grid (null: somewhere in the district). */
  public static Change layer(String table, String gridCode) {
    return new Change(ChangeKind.LAYER, table, gridCode, null);
  }

  /** An event changed. */
  public static Change event(String id, String gridCode, long version) {
    return new Change(ChangeKind.EVENT, id, gridCode, version);
  }

  /** A grid's scene was published in scene tree {@code tree}. */
  public static Change scene(String gridCode, long tree) {
    return new Change(ChangeKind.SCENE, gridCode, gridCode, tree);
  }

  /** A region was imported (created or updated). */
  public static Change region(String code) {
    return new Change(ChangeKind.REGION, code, code, null);
  }

  /** An orthophoto layer was imported. */
  public static Change imagery(String layerId) {
    return new Change(ChangeKind.IMAGERY, layerId, null, null);
  }

  /** A 3D Tiles tileset covering {@code regionCode} was imported. */
  public static Change tileset(String id, String regionCode) {
    return new Change(ChangeKind.TILESET, id, regionCode, null);
  }

  /** Attachment {@code n} was added to an event in a grid. */
  public static Change attachment(String eventId, String gridCode, int n) {
    return new Change(ChangeKind.ATTACHMENT, eventId, gridCode, (long) n);
  }

  /** A user account was created: its name only, no display name, roles or contact. */
  public static Change user(String username) {
    return new Change(ChangeKind.USER, username, null, null);
  }

  /** An API key was created: its public id, never the secret part. */
  public static Change apiKey(String keyId) {
    return new Change(ChangeKind.API_KEY, keyId, null, null);
  }

  /** A patrol in a grid started (version 1) or ended (version 2): no worker, no positions. */
  public static Change patrol(String patrolId, String gridCode, boolean ended) {
    return new Change(ChangeKind.PATROL, patrolId, gridCode, ended ? 2L : 1L);
  }

  /** A grid worker's visit in a grid was recorded: no worker, no position. */
  public static Change visit(String visitId, String gridCode) {
    return new Change(ChangeKind.VISIT, visitId, gridCode, 1L);
  }

  /** A proposal in a grid was made (version 1), approved (2) or rejected (3). */
  public static Change collection(String id, String gridCode, long version) {
    return new Change(ChangeKind.COLLECTION, id, gridCode, version);
  }

  /** The district mode changed. */
  public static Change mode() {
    return new Change(ChangeKind.MODE, "district", null, null);
  }
}
