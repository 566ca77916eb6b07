package org.gridscape.server.backup;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.gridscape.server.config.Arguments;
import org.gridscape.server.config.ConfigException;
import org.gridscape.server.config.ServerConfig;
import org.gridscape.server.store.Database;

/**
 * {@code export --out FILE} and {@code restore FILE [--replace]} on the configured database
 * ({@code --data-dir}, {@code --db-url}). Opening the database migrates it, so restoring into a new
 * data directory or an empty PostgreSQL schema needs no other step.
 */
public final class BackupCommands {

  private static final int TIMEOUT_MINUTES = 120;

  private BackupCommands() {}

  public static int export(Arguments args, PrintStream out, PrintStream err) {
    String file = args.getString("out", "the bundle file to write (a zip)", null);
    if (file == null) {
      throw new ConfigException("usage: ./gridscape export --out FILE");
    }
    ServerConfig config = ServerConfig.from(args);
    return run(config, err, (vertx, db) -> {
      long started = System.nanoTime();
      out.println("Exporting the " + db.kind().label() + " database to " + file);
      return new BackupExporter(vertx, db, config.dataDir()).export(Path.of(file), out::println).map(r -> {
        out.printf(Locale.ROOT, "Exported %d tables, %,d rows (schema version %s) to %s: %.1f MB in %.1f s%n",
            r.tables(), r.rows(), r.schemaVersion(), r.file(), r.bytes() / 1e6, (System.nanoTime() - started) / 1e9);
        return 0;
      });
    });
  }

  public static int restore(Arguments args, PrintStream out, PrintStream err) {
    if (args.positional().size() < 2) {
      throw new ConfigException("usage: ./gridscape restore FILE [--replace]");
    }
    Path file = Path.of(args.positional().get(1));
    boolean replace = args.flag("replace");
    if (!Files.isRegularFile(file)) {
      err.println("gridscape: no bundle at " + file);
      return 2;
    }
    ServerConfig config = ServerConfig.from(args);
    return run(config, err, (vertx, db) -> {
      long started = System.nanoTime();
      out.println("Restoring " + file + " into the " + db.kind().label() + " database" + (replace ? " (replacing)" : ""));
      return new BackupRestorer(vertx, db, config.dataDir()).restore(file, replace, out::println).map(r -> {
        out.printf(Locale.ROOT, "Restored %d tables, %,d rows in %.1f s; start the server to rebuild the scenes%n",
            r.tables(), r.rows(), (System.nanoTime() - started) / 1e9);
        return 0;
      });
    });
  }

  private interface Work {
    Future<Integer> run(Vertx vertx, Database db);
  }

  private static int run(ServerConfig config, PrintStream err, Work work) {
    Vertx vertx = Vertx.vertx();
    try {
      Database db;
      try {
        db = await(Database.open(vertx, config));
      } catch (ExecutionException e) {
        err.println("gridscape: cannot open the database (" + root(e).getMessage()
            + "); if the server is running on the embedded database, stop it first");
        return 1;
      }
      try {
        return await(work.run(vertx, db));
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        err.println("gridscape: " + (cause instanceof BackupException ? cause.getMessage() : root(cause).toString()));
        return 1;
      } finally {
        try {
          await(db.close());
        } catch (ExecutionException e) {
          err.println("gridscape: closing the database: " + root(e).getMessage());
        }
      }
    } finally {
      vertx.close();
    }
  }

  private static <T> T await(Future<T> future) throws ExecutionException {
    try {
      return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_MINUTES, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("gave up after " + TIMEOUT_MINUTES + " minutes", e);
    }
  }

  private static Throwable root(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
