package dev.crossrole.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crossrole.server.internal.registry.RegistryGate;
import dev.crossrole.server.internal.registry.RegistryImages;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --registry auto} when the registry dies while the server runs: it is started again on the
 * same address, {@code /health} says so meanwhile, and stopping the server leaves none running. The
 * real {@code docker-registry} runs behind a {@link RegistryGate}, so that the test decides how
 * long it stays down.
 */
class RegistryRestartTest {
  private static final String APP = "111111111111/ourthing/app";
  private static final String PASSWORD = "pw-good";
  private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(30);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path data;
  @TempDir Path work;

  private RegistryGate gate;
  private CrossroleServer server;
  private boolean closed;

  @BeforeEach
  void start() throws IOException {
    gate = RegistryGate.install(Files.createDirectories(work.resolve("bin")));
    server =
        CrossroleServer.start(
            ServerConfig.builder(data)
                .port(0)
                .environment(Map.of("PATH", gate.directory().toString()))
                .registry(new RegistryMode.Auto())
                .build(),
            new TableAuthorizer(
                Map.of(PASSWORD, Instant.now().plus(1, ChronoUnit.HOURS)),
                Map.of(APP, Set.of("pull", "push"))));
  }

  @AfterEach
  void stop() {
    if (!closed) {
      server.close();
    }
  }

  private void closeServer() {
    closed = true;
    server.close();
  }

  @Test
  void registryKilled_backOnSameUrlAfterUnhealthySpell_pushesWork() throws Exception {
    URI registry = server.registryUrl().orElseThrow();
    Skopeo skopeo = new Skopeo(work);
    OciImage before = OciImage.write(work.resolve("before"), "v1", "pushed before the crash\n");
    Skopeo.Result first = skopeo.push(before, registry.getAuthority() + "/" + APP + ":1", PASSWORD);
    assertThat(first.exitCode()).as(first.output()).isZero();
    assertThat(health().statusCode()).isEqualTo(200);
    // Held down, each restart fails, so the unhealthy spell lasts until the test has seen it.
    gate.holdDown();

    ProcessHandle killed = RegistryGate.kill(server.registryProcesses());

    assertThat(awaitHealth(503).body()).isEqualTo("{\"status\":\"unavailable\"}");
    assertThatThrownBy(() -> v2Status(registry)).isInstanceOf(ConnectException.class);
    gate.release();
    assertThat(awaitHealth(200).body()).isEqualTo("{\"status\":\"ok\"}");
    assertThat(server.registryUrl()).contains(registry);
    assertThat(v2Status(registry)).isEqualTo(401);
    assertThat(RegistryGate.registry(server.registryProcesses()).pid()).isNotEqualTo(killed.pid());

    OciImage after = OciImage.write(work.resolve("after"), "v2", "pushed after the restart\n");
    Skopeo.Result second = skopeo.push(after, registry.getAuthority() + "/" + APP + ":2", PASSWORD);

    assertThat(second.exitCode()).as(second.output()).isZero();
    // ECR's image calls reach the restarted registry, which kept its storage.
    assertThat(server.registryImages().orElseThrow().images(APP))
        .extracting(RegistryImages.Image::digest)
        .containsExactlyInAnyOrder(before.manifestDigest(), after.manifestDigest());
  }

  @Test
  void close_afterRegistryKilled_noRegistryLeft() throws Exception {
    URI registry = server.registryUrl().orElseThrow();
    List<ProcessHandle> crashed = server.registryProcesses();
    gate.holdDown();
    RegistryGate.kill(crashed);
    awaitHealth(503);
    // From here a restart would succeed; closing must stop supervising before it can.
    gate.release();

    closeServer();

    assertThat(crashed).noneMatch(ProcessHandle::isAlive);
    assertThat(registriesOfThisServer()).isEmpty();
    assertThatThrownBy(() -> v2Status(registry)).isInstanceOf(ConnectException.class);
  }

  @Test
  void close_registryRunning_notRestarted() throws Exception {
    URI registry = server.registryUrl().orElseThrow();
    List<ProcessHandle> running = server.registryProcesses();

    closeServer();

    assertThat(running).isNotEmpty().noneMatch(ProcessHandle::isAlive);
    assertThat(registriesOfThisServer()).isEmpty();
    assertThatThrownBy(() -> v2Status(registry)).isInstanceOf(ConnectException.class);
  }

  /** Registries alive on this server's configuration file, whoever their parent. */
  private List<ProcessHandle> registriesOfThisServer() {
    String config = data.resolve("registry/config.yml").toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().command().map(c -> c.endsWith("docker-registry")).orElse(false))
        .filter(p -> p.info().arguments().map(a -> List.of(a).contains(config)).orElse(false))
        .filter(ProcessHandle::isAlive)
        .toList();
  }

  /** Polls {@code /health} until it answers {@code status}, for at most 30 s. */
  private HttpResponse<String> awaitHealth(int status) throws Exception {
    Instant deadline = Instant.now().plus(HEALTH_TIMEOUT);
    HttpResponse<String> r = health();
    while (r.statusCode() != status && Instant.now().isBefore(deadline)) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      r = health();
    }
    assertThat(r.statusCode()).as("/health within %s", HEALTH_TIMEOUT).isEqualTo(status);
    return r;
  }

  private HttpResponse<String> health() throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(server.endpoint() + "/health")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int v2Status(URI registry) throws IOException, InterruptedException {
    return HTTP.send(
            HttpRequest.newBuilder(registry.resolve("/v2/")).GET().build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
