package dev.crossrole.server;

import dev.crossrole.core.AccessAnalysis;
import dev.crossrole.core.IdentityException;
import dev.crossrole.core.IdentityStore;
import dev.crossrole.server.internal.edge.AccessJson;
import dev.crossrole.server.internal.edge.AdminSocket;
import dev.crossrole.store.JdbcIdentityStore;
import dev.crossrole.store.StoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code crossrole access}: who may assume a role and what a role or user may do, read from a
 * server's store — through the admin socket of a server running on the embedded store (which no
 * second process can open), else from the store directly (a stopped server's, or PostgreSQL's).
 */
public final class AccessReports {
  private AccessReports() {}

  /**
   * Whose access to report.
   *
   * @param kind a role or a user
   * @param name its name
   * @param account its account; when empty, the one account that has one of that name
   */
  public record Subject(AccessAnalysis.Kind kind, String name, Optional<String> account) {
    public Subject {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(account, "account");
      if (!name.matches("[\\w+=,.@-]{1,128}")
          || account.filter(a -> !a.matches("[0-9]{12}")).isPresent()) {
        throw new ServerException("invalid name or account", null);
      }
    }

    /** The admin socket's request line. */
    String request() {
      return "access "
          + kind.name().toLowerCase(java.util.Locale.ROOT)
          + " "
          + name
          + account.map(a -> " " + a).orElse("");
    }
  }

  /**
   * The report of {@code subject} in the store {@code config} names, as one line of JSON.
   *
   * @throws ServerException when the store cannot be read, or has no such role or user
   */
  public static String json(ServerConfig config, Subject subject) {
    try {
      if (config.databaseUrl().isEmpty()) {
        Optional<String> answer = AdminSocket.request(config.dataDirectory(), subject.request());
        if (answer.isPresent()) {
          return fromRunningServer(answer.get());
        }
      }
      StoreConfig store =
          config
              .databaseUrl()
              .map(url -> StoreConfig.database(url, config.environment()))
              .orElseGet(() -> StoreConfig.embedded(config.dataDirectory()));
      if (config.databaseUrl().isEmpty()
          && !Files.exists(
              config.dataDirectory().resolve(StoreConfig.EMBEDDED_FILE_NAME + ".mv.db"))) {
        throw new ServerException("no crossrole store in " + config.dataDirectory(), null);
      }
      try (JdbcIdentityStore opened = JdbcIdentityStore.open(store)) {
        return answer(opened, subject);
      }
    } catch (IOException e) {
      throw new ServerException(
          "cannot read the store: " + e.getMessage(), new UncheckedIOException(e));
    } catch (IdentityException e) {
      throw new ServerException(e.getMessage(), e);
    }
  }

  private static String fromRunningServer(String answer) {
    if (answer.startsWith("ok ")) {
      return answer.substring(3);
    }
    throw new ServerException(
        answer.startsWith("error ") ? answer.substring(6) : "the running server answered " + answer,
        null);
  }

  /** The report of {@code subject} from {@code store}, as one line of JSON. */
  public static String answer(IdentityStore store, Subject subject) {
    return AccessJson.of(
        new AccessAnalysis(store)
            .report(
                subject.kind(), subject.name(), subject.account(), Clock.systemUTC().instant()));
  }
}
