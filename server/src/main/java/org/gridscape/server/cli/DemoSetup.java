package org.gridscape.server.cli;

import io.vertx.core.Future;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gridscape.server.GridScapeServer;
import org.gridscape.server.auth.AuthService;
import org.gridscape.server.auth.PasswordHasher;
import org.gridscape.server.auth.Role;

/** What {@code ./gridscape demo} adds to a plain server: one account per role, printed once. */
final class DemoSetup {

  private DemoSetup() {}

  static void run(GridScapeServer server, PrintStream out) {
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
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("demo set-up failed: " + e.getMessage(), e);
    }
  }
}
