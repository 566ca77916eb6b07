package org.gridscape.server;

import io.vertx.core.Vertx;
import org.gridscape.server.auth.AuthService;
import org.gridscape.server.config.ServerConfig;
import org.gridscape.server.grid.GridService;
import org.gridscape.server.scene.SceneService;
import org.gridscape.server.store.Database;

/** The long-lived parts the HTTP handlers and commands share. */
public record ServerContext(Vertx vertx, ServerConfig config, Database db, AuthService auth, GridService grids,
    SceneService scenes, org.gridscape.server.event.EventService events,
    org.gridscape.server.imagery.ImageryService imagery, org.gridscape.server.tileset.ImportedTilesets tilesets) {}
