package org.gridscape.server;

import io.vertx.core.Vertx;
import org.gridscape.server.auth.AuthService;
import org.gridscape.server.config.ServerConfig;
import org.gridscape.server.grid.GridService;
import org.gridscape.server.scene.SceneService;
import java.util.Optional;
import org.gridscape.server.store.Database;
import org.gridscape.server.store.ObjectStore;

/**
 * The long-lived parts the HTTP handlers and commands share.
 *
 * @param sharedObjects the object store replicas share (the database or an S3 bucket); empty when files
 *                      stay under the data directory (the embedded database, one process)
 * @param changes       the live tail of the change log that Server-Sent-Event streams follow
 * @param patrols       grid workers' patrols and their coverage
 */
public record ServerContext(Vertx vertx, ServerConfig config, Database db, AuthService auth, GridService grids,
    SceneService scenes, org.gridscape.server.event.EventService events,
    org.gridscape.server.imagery.ImageryService imagery, org.gridscape.server.tileset.ImportedTilesets tilesets,
    Optional<ObjectStore> sharedObjects, org.gridscape.server.change.ChangeFeed changes,
    org.gridscape.server.patrol.PatrolService patrols) {}
