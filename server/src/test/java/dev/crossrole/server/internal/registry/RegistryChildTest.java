package dev.crossrole.server.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crossrole.core.crypto.MasterKey;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One run of the real {@code docker-registry} under its wrapper: how it ends, and its port. */
class RegistryChildTest {
  private static final String HOST = "127.0.0.1";

  @TempDir Path dir;

  private RegistryChild child;

  @BeforeEach
  void start() throws IOException {
    Path binary =
        RegistryChild.findBinary(System.getenv("PATH"))
            .orElseThrow(() -> new AssertionError("docker-registry is not installed"));
    child =
        RegistryChild.start(
            binary,
            dir.resolve("registry"),
            HOST,
            RegistryChild.freePort(HOST),
            URI.create("http://127.0.0.1:9/registry/token"),
            SigningKey.generate(
                    MasterKey.load(dir, Map.of()).secretBox(SigningKey.SECRET_BOX_PURPOSE),
                    Instant.now())
                .certificatePem(),
            Optional.empty(),
            Optional.empty());
  }

  @AfterEach
  void stop() {
    child.close();
  }

  @Test
  void awaitExit_registryKilled_statusOfTheKillAndNothingOfTheRunLeft() throws Exception {
    List<ProcessHandle> run = child.processes();
    assertThat(run).hasSizeGreaterThanOrEqualTo(3);

    RegistryGate.kill(run);

    assertThat(child.awaitExit()).isEqualTo(128 + 9);
    // The server has not closed the pipe yet: the wrapper stopped and reaped the watcher itself.
    assertThat(child.registryRunning()).isFalse();
    assertThat(run).noneMatch(ProcessHandle::isAlive);
  }

  @Test
  void portFree_registryListening_falseThenTrueOnceClosed() {
    int port = child.launch().port();
    assertThat(RegistryChild.portFree(HOST, port)).isFalse();

    child.close();

    assertThat(RegistryChild.portFree(HOST, port)).isTrue();
  }

  @Test
  void portFree_otherListener_false() throws IOException {
    try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      assertThat(RegistryChild.portFree(HOST, other.getLocalPort())).isFalse();
    }
  }

  @Test
  void launch_sameRunAgain_sameConfigurationPortAndLog() {
    RegistryChild.Launch launch = child.launch();

    assertThat(launch.config()).isEqualTo(dir.resolve("registry/config.yml"));
    assertThat(launch.log()).isEqualTo(dir.resolve("registry/registry.log"));
    assertThat(launch.url()).isEqualTo(child.url());
    assertThat(launch.url().toString()).isEqualTo("http://127.0.0.1:" + launch.port());
  }
}
