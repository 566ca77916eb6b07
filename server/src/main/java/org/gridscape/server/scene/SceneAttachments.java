package org.gridscape.server.scene;

import io.vertx.core.Future;
import java.util.List;
import org.gridscape.scene.tiles.AttachedTileset;

/** Where the tilesets hung below regions of the scene come from (a district's imported meshes). */
@FunctionalInterface
public interface SceneAttachments {

  /** Nothing attached. */
  SceneAttachments NONE = () -> Future.succeededFuture(List.of());

  /** The tilesets to attach, each with the region it belongs to. */
  Future<List<AttachedTileset>> attached();
}
