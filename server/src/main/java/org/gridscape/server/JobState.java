package org.gridscape.server;

import java.util.Locale;

/** Where a background job (a scene build, an orthophoto import) stands, as the API reports it. */
public enum JobState {
  QUEUED, RUNNING, SUCCEEDED, FAILED;

  /** The lower-case name used in JSON. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean finished() {
    return this == SUCCEEDED || this == FAILED;
  }
}
