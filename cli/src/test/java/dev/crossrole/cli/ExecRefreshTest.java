package dev.crossrole.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.crossrole.cli.internal.SignalForwarding;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@code crossrole exec --credentials endpoint} with a clock the test moves: an SDK client in the
 * command reads the endpoint, the clock passes the renewal time (or not), the client reads again.
 * The sessions last an hour; no one waits for them to age.
 */
class ExecRefreshTest {
  private static final Duration LIMIT = Duration.ofSeconds(90);

  @TempDir static Path dir;
  @RegisterExtension static final SeedServer server = new SeedServer();

  record RefreshCase(String name, Duration elapsed, boolean renewed) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<RefreshCase> cases() {
    return List.of(
        new RefreshCase(
            "endpoint_clockBeforeRenewalTime_sameSession", Duration.ofMinutes(30), false),
        new RefreshCase(
            "endpoint_clockPastRenewalTime_newSessionBothValid", Duration.ofMinutes(45), true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void endpoint_sdkReadsTwice_credentialsRenewedByTheClock(RefreshCase c) throws Exception {
    Path first = Fifo.create(dir, c.name() + "-first");
    Path go = Fifo.create(dir, c.name() + "-go");
    Path second = Fifo.create(dir, c.name() + "-second");
    MovableClock clock = new MovableClock(Instant.now());
    StringWriter err = new StringWriter();
    CommandLine exec =
        new CommandLine(new ExecCommand(server.commandEnvironment(), clock, SignalForwarding::none))
            .setErr(new PrintWriter(err));

    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                exec.execute(
                    "--profile",
                    "build",
                    "--credentials",
                    "endpoint",
                    "--",
                    ProcessHandle.current().info().command().orElseThrow(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    ContainerReader.class.getName(),
                    first.toString(),
                    go.toString(),
                    second.toString()));
    String before = assertTimeoutPreemptively(LIMIT, () -> Files.readString(first)).strip();
    clock.advance(c.elapsed());
    assertTimeoutPreemptively(LIMIT, () -> Files.writeString(go, "go\n"));
    String after = assertTimeoutPreemptively(LIMIT, () -> Files.readString(second)).strip();

    assertThat(exit.get(LIMIT.toSeconds(), TimeUnit.SECONDS)).as(err.toString()).isZero();
    String[] one = before.split(" ");
    String[] two = after.split(" ");
    assertThat(one[0]).startsWith("ASIA");
    assertThat(two[0]).startsWith("ASIA");
    assertThat(one[1]).startsWith(SeedServer.ASSUMED_ROLE_PREFIX);
    assertThat(two[1]).startsWith(SeedServer.ASSUMED_ROLE_PREFIX);
    if (c.renewed()) {
      assertThat(two[0]).isNotEqualTo(one[0]);
    } else {
      assertThat(two[0]).isEqualTo(one[0]);
    }
  }

  /** A clock that stands still until the test moves it. */
  static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("UTC only");
    }
  }
}
