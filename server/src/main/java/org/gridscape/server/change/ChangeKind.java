package org.gridscape.server.change;

import java.util.Locale;

/** What kind of thing a change log entry is about; its {@link #id()} is the entry's {@code kind}. */
public enum ChangeKind {
  /** A published grid was created, changed or retired; id: the grid code. */
  GRID,
  /** A village's working draft (grids or plan) changed; id: the village code. Editors only. */
  DRAFT,
  /** Rows of a people, housing-safety, Party or assistance table; id: the table (e.g. households). */
  LAYER,
  /** An event was reported, imported or took a step; id: the event id. */
  EVENT,
  /** A grid's 3D scene was published anew (or left the scene); id: the grid code. */
  SCENE,
  /** The district switched between peacetime and wartime; id: {@code district}. */
  MODE,
  /** A region (district, township, work area, village) was imported; id and region: its code. */
  REGION,
  /** An orthophoto layer was imported; id: the layer id; district-wide. */
  IMAGERY,
  /** A photogrammetry (3D Tiles) tileset was imported; id: the tileset id; region: the region it covers. */
  TILESET,
  /** A photo or attachment was added to an event; id: the event id; version: the attachment's number. */
  ATTACHMENT,
  /** A user account was created; id: the user name (nothing else). Administrators only. */
  USER,
  /** An API key was created; id: the key's public id, never the key. Administrators only. */
  API_KEY,
  /**
   * A grid worker's patrol started (version 1) or ended (version 2); id: the patrol id, region: its
   * grid. Never per point, never who or where: leaders, grid workers and administrators.
   */
  PATROL,
  /** A grid worker's visit (走访) was recorded; id: the visit id, region: its grid. Like patrols: no who or where. */
  VISIT,
  /**
   * A proposed change to a grid's layers (信息采集) was made (version 1), approved (2) or rejected (3);
   * id: the proposal id, region: its grid. Approved changes also append their {@link #LAYER} entries.
   */
  COLLECTION;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ChangeKind parse(String id) {
    return valueOf(id.toUpperCase(Locale.ROOT));
  }
}
