package dev.crossrole.cli.internal;

import dev.crossrole.server.ServerConfig;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where a server's state is, for the commands that work on it while the server runs or not: its
 * data directory and, when it keeps its store in PostgreSQL, that database.
 */
public final class StoreOptions {
  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "crossrole's data directory (default ${DEFAULT-VALUE}).")
  Path data = Path.of(System.getProperty("user.home"), ".crossrole");

  @Option(
      names = "--db",
      paramLabel = "JDBC_URL",
      description = "crossrole's PostgreSQL store, when it uses one.")
  String db;

  /** The data directory. */
  public Path data() {
    return data;
  }

  /** The PostgreSQL URL, when one was given. */
  public Optional<String> database() {
    return Optional.ofNullable(db);
  }

  /** A server configuration naming that state, with the process's environment. */
  public ServerConfig.Builder config() {
    ServerConfig.Builder config = ServerConfig.builder(data).environment(System.getenv());
    database().ifPresent(config::databaseUrl);
    return config;
  }
}
