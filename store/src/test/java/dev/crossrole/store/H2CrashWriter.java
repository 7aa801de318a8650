package dev.crossrole.store;

import dev.crossrole.core.Account;
import dev.crossrole.core.AuditEvent;
import dev.crossrole.core.User;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The child process of {@link H2CrashDurabilityTest}: opens the embedded store in the directory
 * given as the first argument, then writes one by one and prints {@code confirmed NAME} as each
 * write returns, until it is killed (or has written as many as the second argument says). The third
 * argument says what it writes: {@code users} (one {@code createUser} each) or {@code audit} (a
 * batch of three audit events each, named by their ids).
 */
public final class H2CrashWriter {
  private H2CrashWriter() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    try (JdbcIdentityStore store = JdbcIdentityStore.open(StoreConfig.embedded(dir))) {
      store.createAccount(new Account("ours", "111111111111"));
      System.out.println("ready");
      System.out.flush();
      if (args[2].equals("audit")) {
        appendEvents(store, count);
        return;
      }
      for (int i = 0; i < count; i++) {
        String name = "user" + i;
        store.createUser(
            new User(
                "111111111111",
                "/",
                name,
                String.format("AIDA%017d", i),
                Instant.now(),
                Optional.empty(),
                Map.of("n", Integer.toString(i))));
        System.out.println("confirmed " + name);
        System.out.flush();
      }
    }
  }

  private static void appendEvents(JdbcIdentityStore store, int count) {
    for (int i = 0; i < count; i++) {
      List<AuditEvent> batch = new ArrayList<>();
      for (int j = 0; j < 3; j++) {
        batch.add(
            IdentityStoreContract.auditEvent("111111111111", "AssumeRole", Instant.now(), null));
      }
      store.auditLog().append(batch);
      for (AuditEvent event : batch) {
        System.out.println("confirmed " + event.eventId());
      }
      System.out.flush();
    }
  }
}
