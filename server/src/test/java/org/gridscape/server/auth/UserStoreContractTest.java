package org.gridscape.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gridscape.server.store.Database;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The repository contract: the same behaviour on H2 and on PostgreSQL. */
class UserStoreContractTest {

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void storesFindsListsAndRejectsDuplicates(TestDatabases.Kind kind) throws Exception {
    try (TestServer server = TestServer.start(kind)) {
      Database db = server.server().context().db();
      assertThat(db.kind().name()).isEqualTo(kind.name());
      UserStore store = new UserStore(db);

      await(store.insert(new UserStore.StoredUser("planner-a", "hash-a", "Planner A", EnumSet.of(Role.PLANNER),
          List.of("350521104000", "350521105000"), false)));
      UserStore.StoredUser found = await(store.find("planner-a")).orElseThrow();
      assertThat(found.roles()).containsExactly(Role.PLANNER);
      assertThat(found.scopes()).containsExactly("350521104000", "350521105000");
      assertThat(found.passwordHash()).isEqualTo("hash-a");
      assertThat(await(store.find("nobody"))).isEmpty();
      assertThat(await(store.list())).extracting(UserStore.StoredUser::username).containsExactly("admin", "planner-a");
      assertThat(await(store.count())).isEqualTo(2L);
      assertThat(await(store.updatePassword("planner-a", "hash-b"))).isTrue();
      assertThat(await(store.find("planner-a")).orElseThrow().passwordHash()).isEqualTo("hash-b");

      // the primary key, not only code, rejects a second user of the same name
      Future<Void> duplicate = store.insert(new UserStore.StoredUser("planner-a", "h", null, EnumSet.of(Role.LEADER),
          List.of(), false));
      assertThat(duplicate.toCompletionStage().toCompletableFuture()).failsWithin(30, TimeUnit.SECONDS);

      // a transaction that fails leaves nothing behind
      Future<Void> rolledBack = db.inTransaction(tx -> new UserStore(tx).insert(new UserStore.StoredUser("temp-user",
          "h", null, EnumSet.of(Role.LEADER), List.of(), false))
          .compose(ignored -> Future.<Void>failedFuture(new IllegalStateException("abort"))));
      assertThat(rolledBack.toCompletionStage().toCompletableFuture()).failsWithin(30, TimeUnit.SECONDS);
      assertThat(await(store.find("temp-user"))).isEmpty();

      // plain writes after transactions are committed and visible to every connection
      for (int i = 0; i < 6; i++) {
        String name = "tx-user-" + i;
        await(db.inTransaction(tx -> new UserStore(tx).insert(new UserStore.StoredUser(name, "h", null,
            EnumSet.of(Role.LEADER), List.of(), false))));
      }
      for (int i = 0; i < 6; i++) {
        await(store.insert(new UserStore.StoredUser("plain-user-" + i, "h", null, EnumSet.of(Role.LEADER), List.of(),
            false)));
      }
      for (int i = 0; i < 6; i++) {
        assertThat(await(store.count())).isEqualTo(14L);
      }

      await(store.insertApiKey(new UserStore.StoredApiKey("k1", "abc", "planner-a", List.of("grids", "roads"), 60, false)));
      UserStore.StoredApiKey key = await(store.findApiKey("k1")).orElseThrow();
      assertThat(key.layers()).containsExactly("grids", "roads");
      assertThat(key.ratePerMinute()).isEqualTo(60);
      assertThat(key.revoked()).isFalse();
    }
  }
}
