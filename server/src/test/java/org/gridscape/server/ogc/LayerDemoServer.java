package org.gridscape.server.ogc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gridscape.server.GridScapeServer;
import org.gridscape.server.config.ServerConfig;

/**
 * A server with the {@link LayerData} district and {@code --ogc-public true}, for running the OGC
 * CITE suite (which cannot send credentials) against it: {@code LayerDemoServer PORT [DATA_DIR]}.
 */
public final class LayerDemoServer {

  private LayerDemoServer() {}

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8090;
    Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("gridscape-ogc-");
    ServerConfig config = new ServerConfig("127.0.0.1", port, dir, null, "demo-admin-password",
        Duration.ofHours(12), 64L << 20, List.of(), 4, true);
    GridScapeServer server = GridScapeServer.start(config).toCompletionStage().toCompletableFuture()
        .get(120, TimeUnit.SECONDS);
    LayerData.seed(server.context().db());
    System.out.println("OGC API at http://127.0.0.1:" + server.port() + "/ogc (readable without signing in)");
    Runtime.getRuntime().addShutdownHook(new Thread(server::stopAndWait));
    Thread.currentThread().join();
  }
}
