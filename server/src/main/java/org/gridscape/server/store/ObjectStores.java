package org.gridscape.server.store;

import org.gridscape.server.config.SceneStoreConfig;

/** Opens the object store a configuration names. */
public final class ObjectStores {

  private ObjectStores() {}

  /**
   * The store replicas share (the database or an S3 bucket), or null when files stay under the data
   * directory (one process). Blocking: S3 is reached once to check the bucket.
   */
  public static ObjectStore open(Database db, SceneStoreConfig config) {
    return switch (config.kind()) {
      case LOCAL, AUTO -> null;
      case DATABASE -> new DatabaseObjects(db);
      case S3 -> S3Objects.open(config);
    };
  }
}
