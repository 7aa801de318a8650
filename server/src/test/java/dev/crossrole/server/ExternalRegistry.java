package dev.crossrole.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code docker-registry} run by a test from a configuration file, as an operator runs one
 * for {@code --registry URL}: started, awaited until it answers, stopped on close.
 */
final class ExternalRegistry implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(30);

  private final Process process;
  private final URI url;

  private ExternalRegistry(Process process, URI url) {
    this.process = process;
    this.url = url;
  }

  /**
   * Starts {@code docker-registry serve CONFIG} with its output in {@code log} and waits until it
   * answers {@code GET URL/v2/} with token authentication's 401.
   */
  static ExternalRegistry start(Path config, Path log, URI url) throws Exception {
    Process process =
        new ProcessBuilder("docker-registry", "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    ExternalRegistry registry = new ExternalRegistry(process, url);
    try {
      registry.awaitUnauthorized(URI.create(url + "/v2/"));
      return registry;
    } catch (Exception | AssertionError e) {
      registry.close();
      throw e;
    }
  }

  /** Where it listens, such as {@code http://127.0.0.1:5000}. */
  URI url() {
    return url;
  }

  /** The {@code HOST:PORT} of {@code docker://} image references to it. */
  String authority() {
    return url.getAuthority();
  }

  /** A port nothing listens on at the moment, for a server or registry the test starts next. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private void awaitUnauthorized(URI url) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Instant deadline = Instant.now().plus(STARTUP);
    while (Instant.now().isBefore(deadline)) {
      assertThat(process.isAlive()).as("docker-registry exited").isTrue();
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.discarding());
        assertThat(r.statusCode()).isEqualTo(401);
        return;
      } catch (ConnectException notYet) {
        // Not listening yet: it exits (checked above) or listens soon.
        process.waitFor(20, TimeUnit.MILLISECONDS);
      }
    }
    throw new AssertionError("docker-registry did not listen within " + STARTUP);
  }

  /** Stops the registry, forcibly when it has not stopped 15 s after being asked to. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
