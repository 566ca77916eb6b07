package org.gridscape.server;

import java.io.PrintStream;
import java.util.Arrays;
import org.gridscape.server.cli.Commands;

/** Entry point of {@code gridscape.jar}: {@code serve}, {@code demo} and the other commands. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    PrintStream out = System.out;
    int code = Commands.run(args, out, System.err);
    if (code >= 0) {
      System.exit(code);
    }
    // a negative code means a server is running: keep the JVM alive until SIGTERM
    if (Arrays.asList(args).contains("--exit-after-start")) {
      System.exit(0);
    }
  }
}
