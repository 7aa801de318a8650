package dev.crossrole.store;

import dev.crossrole.core.Account;
import dev.crossrole.core.User;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The child process of {@link H2CrashDurabilityTest}: opens the embedded store in the directory
 * given as the first argument, then creates users one by one and prints {@code confirmed NAME} as
 * each {@code createUser} returns, until it is killed (or has written as many as the second
 * argument says).
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
}
