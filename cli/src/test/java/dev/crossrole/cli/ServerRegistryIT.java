package dev.crossrole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/crossrole server} with its registry child, as a process: the ready line names the
 * registry, and killing the server outright (no shutdown hook runs) still stops the registry.
 */
class ServerRegistryIT {
  private static final Path BIN = Path.of("..", "bin", "crossrole").toAbsolutePath().normalize();

  @Test
  void server_killedWithSigkill_registryChildStops(@TempDir Path data) throws Exception {
    Process server =
        new ProcessBuilder(BIN.toString(), "server", "--port", "0", "--data", data.toString())
            .redirectError(data.resolve("server.err").toFile())
            .start();
    List<ProcessHandle> registry;
    try {
      String ready;
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
        ready = out.readLine();
        assertThat(ready).contains("ready on http://127.0.0.1:", "(registry http://127.0.0.1:");
        registry =
            server
                .descendants()
                .filter(
                    p -> p.info().command().map(c -> c.endsWith("docker-registry")).orElse(false))
                .toList();
        assertThat(registry).hasSize(1).allMatch(ProcessHandle::isAlive);

        server.destroyForcibly();
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      // The wrapper sees its standard input close and stops the registry.
      registry.get(0).onExit().get(30, TimeUnit.SECONDS);
      assertThat(registry).noneMatch(ProcessHandle::isAlive);
    } finally {
      server.descendants().forEach(ProcessHandle::destroyForcibly);
      server.destroyForcibly();
    }
  }
}
