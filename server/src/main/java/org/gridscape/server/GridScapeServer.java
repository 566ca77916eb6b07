package org.gridscape.server;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.ext.web.Router;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.gridscape.server.auth.AuthService;
import org.gridscape.server.change.ChangeFeed;
import org.gridscape.server.change.WebhookWorker;
import org.gridscape.server.config.ServerConfig;
import org.gridscape.server.grid.GridService;
import org.gridscape.server.http.HttpServerVerticle;
import org.gridscape.server.http.Routes;
import org.gridscape.server.imagery.ImageryService;
import org.gridscape.server.scene.BuildMode;
import org.gridscape.server.scene.SceneService;
import org.gridscape.server.store.Database;
import org.gridscape.server.store.ObjectStore;
import org.gridscape.server.store.ObjectStores;
import org.gridscape.server.tileset.ImportedTileset;
import org.gridscape.server.tileset.ImportedTilesets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running GridScape: Vert.x, the database, services and the HTTP server. */
public final class GridScapeServer {

  private static final Logger LOG = LoggerFactory.getLogger(GridScapeServer.class);

  private final ServerContext context;
  private final String httpDeployment;
  private final int port;
  private final Optional<String> generatedAdminPassword;
  private final WebhookWorker webhooks;

  private GridScapeServer(ServerContext context, String httpDeployment, int port,
      Optional<String> generatedAdminPassword, WebhookWorker webhooks) {
    this.context = context;
    this.webhooks = webhooks;
    this.httpDeployment = httpDeployment;
    this.port = port;
    this.generatedAdminPassword = generatedAdminPassword;
  }

  /** Opens everything and listens; on failure everything opened so far is closed again. */
  public static Future<GridScapeServer> start(ServerConfig config) {
    Vertx vertx;
    try {
      Files.createDirectories(config.dataDir());
      Path cache = config.dataDir().toAbsolutePath().resolve("cache/vertx");
      // Linux epoll when netty's native transport is on the class path (it is a dependency), else NIO.
      vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setFileSystemOptions(
          new FileSystemOptions().setFileCacheDir(cache.toString()).setClassPathResolvingEnabled(true)));
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
    // A promise without a Vert.x context: it must still complete after Vert.x has closed.
    Promise<GridScapeServer> result = Promise.promise();
    startOn(vertx, config).onComplete(started -> {
      if (started.succeeded()) {
        result.complete(started.result());
      } else {
        vertx.close().onComplete(closed -> result.fail(started.cause()));
      }
    });
    return result.future();
  }

  private static Future<GridScapeServer> startOn(Vertx vertx, ServerConfig config) {
    return Database.open(vertx, config).compose(db -> vertx.executeBlocking(() -> Optional.ofNullable(
            ObjectStores.open(db, config.sceneStore()))).compose(shared -> AuthService.create(vertx, db, config.tokenTtl())
        .compose(auth -> auth.ensureAdmin(config.adminPassword()).compose(generated -> SceneService.start(vertx, db,
            config.dataDir(), shared.orElse(null), SceneService.Settings.defaults()).compose(scenes -> ImageryService.start(vertx, db,
            config.dataDir(), shared).compose(imagery -> ImportedTilesets.start(vertx, db, config.dataDir(), shared)
            .compose(tilesets -> ChangeFeed.start(vertx, db, config.changeFeed().retention()).compose(changes -> {
          // Imported meshes hang in the scene tree below their region; an import or a removal
          // republishes the tree (no grid is extruded again).
          scenes.attachments(() -> tilesets.list().map(list -> list.stream().map(ImportedTileset::attached).toList()));
          tilesets.setOnChange(() -> scenes.build(BuildMode.DIRTY, "imported tilesets"));
          java.time.Clock clock = java.time.Clock.systemUTC();
          ServerContext context = new ServerContext(vertx, config, db, auth, new GridService(vertx, db), scenes,
              new org.gridscape.server.event.EventService(vertx, db, clock), imagery, tilesets, shared, changes,
              new org.gridscape.server.patrol.PatrolService(vertx, db, clock));
          WebhookWorker webhooks = WebhookWorker.start(vertx, db);
          // One router (and with it one set of caches, limits and handlers) for all HTTP instances.
          Router router = Routes.create(context);
          List<HttpServerVerticle> instances = new CopyOnWriteArrayList<>();
          return vertx.deployVerticle(() -> {
            HttpServerVerticle verticle = new HttpServerVerticle(config, router);
            instances.add(verticle);
            return verticle;
          }, new DeploymentOptions().setInstances(config.httpInstances())).map(id -> {
            int port = instances.stream().mapToInt(HttpServerVerticle::actualPort).max().orElse(config.port());
            LOG.info("GridScape {} listening on port {} ({} HTTP instances, {}, {} database)", Version.VERSION, port,
                instances.size(), vertx.isNativeTransportEnabled() ? "epoll" : "NIO", db.kind().label());
            return new GridScapeServer(context, id, port, generated, webhooks);
          });
        }))))))
        .recover(e -> {
          shared.ifPresent(ObjectStore::close);
          return Future.failedFuture(e);
        }))
        .recover(e -> db.close().transform(ignored -> Future.failedFuture(e))));
  }

  public int port() {
    return port;
  }

  public ServerContext context() {
    return context;
  }

  /** The first admin's password when it was generated at this start (print it once). */
  public Optional<String> generatedAdminPassword() {
    return generatedAdminPassword;
  }

  /**
   * Stops accepting, finishes requests in flight, closes the pool, then Vert.x. The returned future
   * has no Vert.x context: it completes once the HTTP server and the pool are closed, since
   * listeners of Vert.x's own close future cannot run after its event loops have stopped.
   */
  public Future<Void> stop() {
    Vertx vertx = context.vertx();
    context.scenes().close();
    context.imagery().close();
    context.changes().close();
    webhooks.close();
    Promise<Void> stopped = Promise.promise();
    vertx.undeploy(httpDeployment)
        .transform(ignored -> {
          context.sharedObjects().ifPresent(ObjectStore::close);
          return context.db().close();
        })
        .onComplete(ignored -> {
          stopped.complete();
          vertx.close();
        });
    return stopped.future();
  }

  /** Blocks until stopped; used by the shutdown hook. */
  public void stopAndWait() {
    try {
      stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("Shutdown did not complete cleanly: {}", e.toString());
    }
  }
}
