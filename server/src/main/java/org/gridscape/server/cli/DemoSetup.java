package org.gridscape.server.cli;

import io.vertx.core.Future;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gridscape.server.GridScapeServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gridscape.server.auth.AuthService;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.layer.LayerImporter;
import org.gridscape.server.sample.SampleDistrictGenerator;
import org.gridscape.server.sample.SampleLoader;
import org.gridscape.server.sample.SampleOptions;
import org.gridscape.server.auth.PasswordHasher;
import org.gridscape.server.auth.Role;

/** What {@code ./gridscape demo} adds to a plain server: one account per role, printed once. */
final class DemoSetup {

  private DemoSetup() {}

  static void run(GridScapeServer server, PrintStream out) {
    loadSampleOnFirstStart(server, out);
    createAccounts(server, out);
  }

  /** Generates the sample district under the data directory and loads it, unless a district is loaded. */
  static void loadSampleOnFirstStart(GridScapeServer server, PrintStream out) {
    var context = server.context();
    SampleLoader loader = new SampleLoader(context.vertx(), context.grids(), new LayerImporter(context.vertx(), context.db()),
        context.events(),
        new Principal("demo-loader", EnumSet.of(Role.ADMIN), List.of()), context.patrols()).withFieldWork(context.db());
    if (await(loader.alreadyLoaded())) {
      return;
    }
    long start = System.nanoTime();
    Path dir = context.config().dataDir().resolve("sample");
    if (!Files.exists(dir.resolve("manifest.json"))) {
      out.println("First start: generating the sample district into " + dir + " ...");
      SampleDistrictGenerator.generate(SampleOptions.defaults(dir), line -> out.println("  " + line));
    }
    out.println("Loading the sample district through the import services ...");
    SampleLoader.Loaded loaded = await(loader.load(dir, line -> out.println("  " + line)));
    out.printf("Sample district loaded in %.1f s: %d villages, %d grids, %d buildings%n",
        (System.nanoTime() - start) / 1e9, loaded.villages(), loaded.grids(), loaded.buildings());
  }

  private static void createAccounts(GridScapeServer server, PrintStream out) {
    AuthService auth = server.context().auth();
    List<String> created = new ArrayList<>();
    for (Role role : Commands.demoRoles()) {
      String username = "demo-" + role.id();
      String password = PasswordHasher.generatePassword();
      Future<Boolean> made = auth.users().find(username).compose(existing -> existing.isPresent()
          ? Future.succeededFuture(false)
          : auth.createUser(username, password, EnumSet.of(role), List.of()).map(p -> true));
      if (await(made)) {
        created.add(String.format("  %-12s %-18s %s", role.id(), username, password));
      }
    }
    if (!created.isEmpty()) {
      out.println("Demo accounts (passwords shown only now):");
      out.println(String.format("  %-12s %-18s %s", "role", "user", "password"));
      created.forEach(out::println);
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(15, TimeUnit.MINUTES);
    } catch (Exception e) {
      throw new IllegalStateException("demo set-up failed: " + e.getMessage(), e);
    }
  }
}
