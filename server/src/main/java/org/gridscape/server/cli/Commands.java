package org.gridscape.server.cli;

import java.io.PrintStream;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gridscape.server.GridScapeServer;
import org.gridscape.server.auth.Role;
import org.gridscape.server.backup.BackupCommands;
import org.gridscape.server.config.Arguments;
import org.gridscape.server.config.ConfigException;
import org.gridscape.server.config.ServerConfig;

/**
 * The command line: parses the command and its options once, then runs it. Returns the process
 * exit code, or -1 when a server keeps running in the background threads.
 */
public final class Commands {

  private static final Map<String, String> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put("serve", "run the server");
    COMMANDS.put("demo", "run the server on the sample district (loads it on first start) and print how to sign in");
    COMMANDS.put("import", "import village-plan|grids|regions FILE [--village CODE] [--crs EPSG:4549] [--repair] [--publish]");
    COMMANDS.put("generate-sample", "generate-sample --out DIR [--seed S] [--scale N]: write the synthetic sample district");
    COMMANDS.put("validate", "validate --village CODE: check a village's grids by the seven principles");
    COMMANDS.put("build", "build [--mode all|dirty]: build and publish the 3D scenes (stop a server on the embedded database first)");
    COMMANDS.put("bench", "bench scenes|sample|city|filter|changes|ingest|editor|mappdf: the benchmark programs behind BENCHMARKS.md");
    COMMANDS.put("export", "export --out FILE: the whole database to a bundle (GeoPackage + CSV, see docs/BACKUP.md)");
    COMMANDS.put("restore", "restore FILE [--replace]: load a bundle into the database, all or nothing");
  }

  private Commands() {}

  public static int run(String[] rawArgs, PrintStream out, PrintStream err) {
    Arguments args;
    try {
      args = Arguments.fromProcess(rawArgs);
    } catch (ConfigException e) {
      err.println("gridscape: " + e.getMessage());
      return 2;
    }
    String command = args.positional().isEmpty() ? "help" : args.positional().get(0);
    if (args.flag("help") || command.equals("help") || command.equals("-h")) {
      return help(command.equals("help") ? null : command, out);
    }
    try {
      return switch (command) {
        case "serve" -> serve(args, false, out, err);
        case "demo" -> serve(args, true, out, err);
        case "import" -> GridCommands.importFile(args, out, err);
        case "validate" -> GridCommands.validate(args, out, err);
        case "generate-sample" -> SampleCommands.generate(args, out, err);
        case "build" -> SceneCommands.build(args, out, err);
        case "bench" -> BenchCommands.run(args, out, err);
        case "export" -> BackupCommands.export(args, out, err);
        case "restore" -> BackupCommands.restore(args, out, err);
        default -> {
          err.println("gridscape: unknown command '" + command + "'. Commands: " + String.join(", ", COMMANDS.keySet()));
          yield 2;
        }
      };
    } catch (ConfigException e) {
      err.println("gridscape: " + e.getMessage());
      return 2;
    } catch (IllegalStateException e) {
      err.println("gridscape: " + e.getMessage());
      return 1;
    }
  }

  private static int help(String command, PrintStream out) {
    out.println("GridScape - 3D grid-governance map server");
    out.println();
    out.println("Usage: ./gridscape <command> [options]");
    out.println();
    out.println("Commands:");
    COMMANDS.forEach((name, description) -> out.printf("  %-16s %s%n", name, description));
    out.println();
    out.println("Server options (command line > GRIDSCAPE_<NAME> environment > --config FILE):");
    Arguments probe = Arguments.parse(new String[0], Map.of());
    ServerConfig.from(probe);
    for (Arguments.Option option : probe.describedOptions()) {
      out.printf("  --%-20s %s%s%n", option.name(), option.description(),
          option.defaultValue() == null ? "" : " (default " + option.defaultValue() + ")");
    }
    out.println("  --config FILE          a properties file with any of the options above");
    return 0;
  }

  private static int serve(Arguments args, boolean demo, PrintStream out, PrintStream err) {
    ServerConfig config = ServerConfig.from(args);
    List<String> unknown = args.unknownOptions();
    if (!unknown.isEmpty() && !unknown.equals(List.of("exit-after-start"))) {
      err.println("gridscape: unknown option(s) " + unknown.stream().map(o -> "--" + o).toList()
          + "; see ./gridscape --help");
      return 2;
    }
    GridScapeServer server;
    try {
      server = GridScapeServer.start(config).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      err.println("gridscape: could not start: " + cause.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::stopAndWait, "gridscape-shutdown"));
    String url = "http://localhost:" + server.port() + "/";
    server.generatedAdminPassword().ifPresent(password -> {
      out.println("First start: created user 'admin' with password " + password);
      out.println("(shown only now; it is stored hashed. Set GRIDSCAPE_ADMIN_PASSWORD to choose it.)");
    });
    if (demo) {
      DemoSetup.run(server, out);
    }
    out.println("GridScape is running at " + url + "  (health: " + url + "health)");
    return -1;
  }

  static EnumSet<Role> demoRoles() {
    EnumSet<Role> roles = EnumSet.allOf(Role.class);
    roles.remove(Role.ADMIN);
    return roles;
  }
}
