package dev.crossrole.server.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.crossrole.core.crypto.MasterKey;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The registry child restarted when it dies, with the real {@code docker-registry} behind a {@link
 * RegistryGate} that can keep restarts failing or starting; killed with SIGKILL as a crash is.
 */
class RegistrySupervisorTest {
  private static final String HOST = "127.0.0.1";
  private static final String EVENTS_SECRET = "events-secret-9d2f6c0b1e";
  private static final RestartBackoff QUICK =
      new RestartBackoff(Duration.ofMillis(10), Duration.ofMillis(80), Duration.ofHours(1));
  private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(45);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  private RegistryGate gate;
  // Set by startRegistry and supervise, for the test that called them.
  private RegistryChild first;
  private RegistrySupervisor supervisor;
  private final BlockingQueue<RegistrySupervisor.Event> events = new LinkedBlockingQueue<>();

  @BeforeEach
  void installGate() throws IOException {
    gate = RegistryGate.install(Files.createDirectories(dir.resolve("bin")));
  }

  @AfterEach
  void stop() {
    if (supervisor != null) {
      supervisor.close();
    }
    if (first != null) {
      first.close();
    }
  }

  /** Starts the registry as the server does, behind the gate. */
  private void startRegistry() throws IOException {
    String certificate =
        SigningKey.generate(
                MasterKey.load(dir, Map.of()).secretBox(SigningKey.SECRET_BOX_PURPOSE),
                Instant.now())
            .certificatePem();
    // Nothing listens on port 9 of loopback: the registry has no tokens or events to send here.
    first =
        RegistryChild.start(
            gate.binary(),
            dir.resolve("registry"),
            HOST,
            RegistryChild.freePort(HOST),
            URI.create("http://127.0.0.1:9/registry/token"),
            certificate,
            Optional.of(
                new RegistryConfigYaml.Notifications(
                    URI.create("http://127.0.0.1:9/registry/events"), EVENTS_SECRET)),
            Optional.empty());
  }

  /** Starts the registry and a supervisor of it. */
  private void supervise(RestartBackoff backoff) throws IOException {
    startRegistry();
    supervisor = new RegistrySupervisor(backoff, events::add);
    supervisor.supervise(first);
  }

  @Test
  void crash_registryKilled_restartedOnSamePortAndReported() throws Exception {
    supervise(QUICK);
    List<ProcessHandle> before = supervisor.processes();

    ProcessHandle killed = RegistryGate.kill(before);

    assertThat(next(RegistrySupervisor.Exited.class))
        .isEqualTo(new RegistrySupervisor.Exited(137, first.url(), Duration.ofMillis(10)));
    assertThat(next(RegistrySupervisor.Restarted.class))
        .isEqualTo(new RegistrySupervisor.Restarted(first.url()));
    assertThat(supervisor.registryUp()).isTrue();
    assertThat(v2Status(first.url())).isEqualTo(401);
    assertThat(RegistryGate.registry(supervisor.processes()).pid()).isNotEqualTo(killed.pid());
    // The dead run's wrapper and watcher went with it.
    assertThat(before).noneMatch(ProcessHandle::isAlive);
  }

  @Test
  void stopRestarting_registryDiesThen_notRestartedAndCloseLeavesNothing() throws Exception {
    supervise(QUICK);
    List<ProcessHandle> before = supervisor.processes();

    supervisor.stopRestarting();
    RegistryGate.kill(before);
    supervisor.close();

    assertThat(events).isEmpty();
    assertThat(supervisor.registryUp()).isFalse();
    assertThat(before).noneMatch(ProcessHandle::isAlive);
    assertThat(supervisor.processes()).noneMatch(ProcessHandle::isAlive);
  }

  @Test
  void stopRestarting_registryAlive_keepsServingUntilClose() throws Exception {
    supervise(QUICK);

    supervisor.stopRestarting();

    assertThat(v2Status(first.url())).isEqualTo(401);
    assertThat(supervisor.registryUp()).isFalse();
    supervisor.close();
    assertThat(supervisor.processes()).noneMatch(ProcessHandle::isAlive);
  }

  @Test
  void crash_supervisionFails_abandonedReportedAndHealthDown() throws Exception {
    startRegistry();
    // A sink that fails on the crash report makes watching fail: that must be said, not lost.
    supervisor =
        new RegistrySupervisor(
            QUICK,
            event -> {
              if (event instanceof RegistrySupervisor.Exited) {
                throw new IllegalStateException("sink refuses");
              }
              events.add(event);
            });
    supervisor.supervise(first);

    RegistryGate.kill(supervisor.processes());

    assertThat(next(RegistrySupervisor.Abandoned.class))
        .isEqualTo(new RegistrySupervisor.Abandoned("java.lang.IllegalStateException"));
    assertThat(supervisor.registryUp()).isFalse();
  }

  @Test
  void crash_wrapperKilled_orphanedRegistryStoppedAndRestarted() throws Exception {
    supervise(QUICK);
    List<ProcessHandle> before = supervisor.processes();
    ProcessHandle wrapper = before.get(0);
    ProcessHandle orphaned = RegistryGate.registry(before);

    assertThat(wrapper.destroyForcibly()).isTrue();

    assertThat(next(RegistrySupervisor.Exited.class).status()).isEqualTo(137);
    assertThat(next(RegistrySupervisor.Restarted.class).url()).isEqualTo(first.url());
    // The registry outlived its wrapper; closing the dead run stopped it, freeing the port.
    assertThat(orphaned.isAlive()).isFalse();
    assertThat(RegistryGate.registry(supervisor.processes()).pid()).isNotEqualTo(orphaned.pid());
    assertThat(v2Status(first.url())).isEqualTo(401);
  }

  @Test
  void crash_keepsFailingToStart_pausesDoubleUpToLongestThenRestarts() throws Exception {
    supervise(QUICK);
    gate.holdDown();

    RegistryGate.kill(supervisor.processes());

    assertThat(next(RegistrySupervisor.Exited.class).restartIn()).isEqualTo(Duration.ofMillis(10));
    List<RegistrySupervisor.StartFailed> failures = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      failures.add(next(RegistrySupervisor.StartFailed.class));
    }
    assertThat(failures)
        .extracting(RegistrySupervisor.StartFailed::retryIn)
        .containsExactly(
            Duration.ofMillis(20),
            Duration.ofMillis(40),
            Duration.ofMillis(80),
            Duration.ofMillis(80));
    assertThat(failures)
        .allSatisfy(
            f -> {
              assertThat(f.reason())
                  .isEqualTo(
                      "docker-registry exited with status "
                          + RegistryGate.HELD_DOWN_STATUS
                          + " while starting");
              assertThat(f.log()).isEqualTo(first.log());
            });
    assertThat(supervisor.registryUp()).isFalse();

    gate.release();

    assertThat(
            nextSkipping(
                RegistrySupervisor.Restarted.class, List.of(RegistrySupervisor.StartFailed.class)))
        .isEqualTo(new RegistrySupervisor.Restarted(first.url()));
    assertThat(supervisor.registryUp()).isTrue();
    assertThat(v2Status(first.url())).isEqualTo(401);
  }

  @Test
  void crash_portTakenMeanwhile_retriedUntilFreeThenRestarted() throws Exception {
    supervise(QUICK);
    gate.holdDown();
    RegistryGate.kill(supervisor.processes());
    next(RegistrySupervisor.Exited.class);

    try (ServerSocket squatter =
        new ServerSocket(first.launch().port(), 50, InetAddress.getByName(HOST))) {
      assertThat(squatter.isBound()).isTrue();
      gate.release();

      // A start already under way when the port was taken fails on its own; the next sees it.
      assertThat(
              nextSkipping(
                  RegistrySupervisor.PortTaken.class,
                  List.of(RegistrySupervisor.StartFailed.class)))
          .satisfies(taken -> assertThat(taken.url()).isEqualTo(first.url()));
      assertThat(supervisor.registryUp()).isFalse();
    }

    assertThat(
            nextSkipping(
                RegistrySupervisor.Restarted.class,
                List.of(RegistrySupervisor.PortTaken.class, RegistrySupervisor.StartFailed.class)))
        .isEqualTo(new RegistrySupervisor.Restarted(first.url()));
    assertThat(v2Status(first.url())).isEqualTo(401);
  }

  @Test
  void crash_eventsReported_noSecretOrConfiguration() throws Exception {
    supervise(QUICK);
    gate.holdDown();
    RegistryGate.kill(supervisor.processes());
    List<RegistrySupervisor.Event> seen = new ArrayList<>();
    seen.add(next(RegistrySupervisor.Exited.class));
    seen.add(next(RegistrySupervisor.StartFailed.class));
    gate.release();
    seen.add(
        nextSkipping(
            RegistrySupervisor.Restarted.class, List.of(RegistrySupervisor.StartFailed.class)));

    String config = Files.readString(first.launch().config());
    assertThat(config).contains(EVENTS_SECRET);
    assertThat(seen)
        .extracting(RegistrySupervisor.Event::message)
        .allSatisfy(
            line ->
                assertThat(line)
                    .doesNotContain(EVENTS_SECRET, "BEGIN", "rootcertbundle", "\n")
                    .contains("docker-registry"));
  }

  @Test
  void close_requestedStop_neverRestartedNoRegistryLeft() throws Exception {
    supervise(QUICK);
    List<ProcessHandle> processes = supervisor.processes();
    assertThat(supervisor.registryUp()).isTrue();

    supervisor.close();

    assertThat(processes).isNotEmpty().noneMatch(ProcessHandle::isAlive);
    assertThat(supervisor.registryUp()).isFalse();
    assertThat(events).isEmpty();
  }

  @Test
  void close_whileWaitingToRestart_returnsAtOnceNoRegistryLeft() throws Exception {
    supervise(new RestartBackoff(Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1)));
    List<ProcessHandle> processes = supervisor.processes();
    RegistryGate.kill(processes);
    assertThat(next(RegistrySupervisor.Exited.class).restartIn()).isEqualTo(Duration.ofHours(1));
    assertThat(supervisor.registryUp()).isFalse();

    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> supervisor.close());

    assertThat(processes).noneMatch(ProcessHandle::isAlive);
    assertThat(events).isEmpty();
  }

  @Test
  void close_whileRestartStarting_noRegistryLeft() throws Exception {
    supervise(QUICK);
    List<ProcessHandle> crashed = supervisor.processes();
    gate.holdStarting();
    RegistryGate.kill(crashed);
    next(RegistrySupervisor.Exited.class);
    Instant deadline = Instant.now().plus(EVENT_TIMEOUT);
    while (!gate.holding() && Instant.now().isBefore(deadline)) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    assertThat(gate.holding()).as("a restart under way").isTrue();
    List<ProcessHandle> starting = supervisor.processes();
    assertThat(starting).isNotEmpty();

    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> supervisor.close());

    assertThat(starting).noneMatch(ProcessHandle::isAlive);
    assertThat(crashed).noneMatch(ProcessHandle::isAlive);
    assertThat(events).isEmpty();
    assertThat(supervisor.registryUp()).isFalse();
  }

  @Test
  void supervise_afterClose_stopsTheRunAtOnce() throws Exception {
    startRegistry();
    supervisor = new RegistrySupervisor(QUICK, events::add);
    List<ProcessHandle> processes = first.processes();
    supervisor.close();

    supervisor.supervise(first);

    assertThat(processes).noneMatch(ProcessHandle::isAlive);
    assertThat(supervisor.registryUp()).isFalse();
    assertThat(events).isEmpty();
  }

  @Test
  void registryUp_beforeFirstRunHandedOver_false() {
    assertThat(new RegistrySupervisor(QUICK, events::add).registryUp()).isFalse();
  }

  static Stream<Arguments> messages() {
    URI url = URI.create("http://127.0.0.1:5000");
    return Stream.of(
        Arguments.of(
            "message_killedRegistry_statusSignalAndPause",
            new RegistrySupervisor.Exited(137, url, Duration.ofSeconds(1)),
            "docker-registry at http://127.0.0.1:5000 exited with status 137 (killed by signal 9);"
                + " restarting it in 1 s"),
        Arguments.of(
            "message_failedRegistry_statusAndPause",
            new RegistrySupervisor.Exited(2, url, Duration.ofSeconds(16)),
            "docker-registry at http://127.0.0.1:5000 exited with status 2; restarting it in 16 s"),
        Arguments.of(
            "message_portTaken_portAndPause",
            new RegistrySupervisor.PortTaken(url, Duration.ofSeconds(30)),
            "cannot restart docker-registry: the port of http://127.0.0.1:5000 is taken;"
                + " retrying in 30 s"),
        Arguments.of(
            "message_startFailed_reasonLogAndPause",
            new RegistrySupervisor.StartFailed(
                "docker-registry exited with status 1 while starting",
                Path.of("/data/registry/registry.log"),
                Duration.ofMillis(250)),
            "docker-registry did not start again: docker-registry exited with status 1 while"
                + " starting (its log: /data/registry/registry.log); retrying in 250 ms"),
        Arguments.of(
            "message_abandoned_failureClass",
            new RegistrySupervisor.Abandoned("java.lang.IllegalStateException"),
            "docker-registry is no longer restarted when it exits: its supervision failed"
                + " (java.lang.IllegalStateException)"),
        Arguments.of(
            "message_restarted_url",
            new RegistrySupervisor.Restarted(url),
            "docker-registry restarted at http://127.0.0.1:5000"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("messages")
  void message_event_oneLine(String name, RegistrySupervisor.Event event, String expected) {
    assertThat(event.message()).isEqualTo(expected);
  }

  /** The next event, which must be a {@code type}. */
  private <T extends RegistrySupervisor.Event> T next(Class<T> type) throws InterruptedException {
    RegistrySupervisor.Event event = events.poll(EVENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(event).as("an event within " + EVENT_TIMEOUT).isInstanceOf(type);
    return type.cast(event);
  }

  /** The next {@code type} event, passing over any number of the {@code passed} kinds first. */
  private <T extends RegistrySupervisor.Event> T nextSkipping(Class<T> type, List<Class<?>> passed)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(EVENT_TIMEOUT);
    while (true) {
      long left = Duration.between(Instant.now(), deadline).toMillis();
      RegistrySupervisor.Event event = events.poll(Math.max(left, 0), TimeUnit.MILLISECONDS);
      assertThat(event).as("a %s within %s", type.getSimpleName(), EVENT_TIMEOUT).isNotNull();
      if (type.isInstance(event)) {
        return type.cast(event);
      }
      assertThat(passed.stream().anyMatch(p -> p.isInstance(event)))
          .as("unexpected %s", event)
          .isTrue();
    }
  }

  private static int v2Status(URI registry) throws IOException, InterruptedException {
    return HTTP.send(
            HttpRequest.newBuilder(registry.resolve("/v2/")).GET().build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
