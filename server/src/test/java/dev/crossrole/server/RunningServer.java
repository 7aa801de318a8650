package dev.crossrole.server;

import dev.crossrole.core.Account;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A server on a free port over a fresh data directory, for a test class: registered on a static
 * field ({@code @RegisterExtension static final RunningServer server = …}) it runs for the whole
 * class, on an instance field for each test. Its data directory is there from the start (the AWS
 * CLI's profiles are written to it); the server stops and the directory goes afterwards.
 */
final class RunningServer
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private final UnaryOperator<ServerConfig.Builder> config;
  private final Path data;
  private final AwsCli aws;
  private CrossroleServer server;
  private boolean forTheClass;

  private RunningServer(UnaryOperator<ServerConfig.Builder> config) {
    this.config = config;
    try {
      this.data = Files.createTempDirectory("crossrole-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.aws = new AwsCli(data);
  }

  /** A server of these accounts and otherwise the defaults. */
  static RunningServer of(Account... accounts) {
    return configured(
        builder -> {
          for (Account account : accounts) {
            builder.account(account);
          }
          return builder;
        });
  }

  /** A server of the configuration {@code config} makes of a builder on a free port. */
  static RunningServer configured(UnaryOperator<ServerConfig.Builder> config) {
    return new RunningServer(config);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    forTheClass = true;
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    stop();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!forTheClass) {
      start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    if (!forTheClass) {
      stop();
    }
  }

  /** The running server. */
  CrossroleServer get() {
    return server;
  }

  /** Its endpoint, {@code http://127.0.0.1:port}. */
  String endpoint() {
    return server.endpoint();
  }

  /** Its data directory, where it writes the profiles' config and credentials. */
  Path data() {
    return data;
  }

  /** The real AWS CLI with the profiles the server wrote. */
  AwsCli aws() {
    return aws;
  }

  private void start() {
    server = CrossroleServer.start(config.apply(ServerConfig.builder(data).port(0)).build());
  }

  private void stop() throws IOException {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      deleteTree(data);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.delete(path);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
