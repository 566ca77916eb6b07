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
  MODE;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ChangeKind parse(String id) {
    return valueOf(id.toUpperCase(Locale.ROOT));
  }
}
