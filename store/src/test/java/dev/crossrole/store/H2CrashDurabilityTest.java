package dev.crossrole.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.crossrole.core.AuditEvent;
import dev.crossrole.core.AuditQuery;
import dev.crossrole.core.User;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write the embedded store confirmed, a user or a batch of audit events, survives the process
 * being killed with SIGKILL.
 */
class H2CrashDurabilityTest {
  /** More than the child can write before it is killed, so it is killed mid-stream. */
  private static final int ROWS = 1_000_000;

  /** Confirmations read before the kill. */
  private static final int CONFIRMED_BEFORE_KILL = 300;

  @TempDir Path dataDir;
  @TempDir Path logDir;

  @Test
  void createUser_processKilledWhileWriting_everyConfirmedUserSurvives() throws Exception {
    List<String> confirmed = confirmedBeforeKill("users");

    try (JdbcIdentityStore store = JdbcIdentityStore.open(StoreConfig.embedded(dataDir))) {
      List<String> missing = new ArrayList<>();
      for (String name : confirmed) {
        Optional<User> user = store.user("111111111111", name);
        if (user.isEmpty()) {
          missing.add(name);
        } else {
          assertThat(user.get().tags()).isEqualTo(Map.of("n", name.substring("user".length())));
        }
      }
      assertThat(missing)
          .as("confirmed users lost in the crash, of %d confirmed", confirmed.size())
          .isEmpty();
    }
  }

  @Test
  void auditAppend_processKilledWhileWriting_everyConfirmedEventSurvivesAndReads()
      throws Exception {
    List<String> confirmed = confirmedBeforeKill("audit");

    try (JdbcIdentityStore store = JdbcIdentityStore.open(StoreConfig.embedded(dataDir))) {
      Set<String> read =
          store
              .auditLog()
              .events(AuditQuery.builder("111111111111").limit(Integer.MAX_VALUE).build())
              .stream()
              .map(AuditEvent::eventId)
              .collect(Collectors.toSet());
      assertThat(confirmed)
          .as("confirmed events lost in the crash, of %d confirmed", confirmed.size())
          .allMatch(read::contains);
      // The store keeps appending after the crash, past whatever line the kill tore.
      store
          .auditLog()
          .append(
              List.of(
                  IdentityStoreContract.auditEvent("111111111111", "After", Instant.now(), null)));
      assertThat(store.auditLog().events(AuditQuery.builder("111111111111").limit(1).build()))
          .extracting(AuditEvent::eventName)
          .containsExactly("After");
    }
  }

  /** Starts the child writing {@code what}, kills it mid-stream, and returns what it confirmed. */
  private List<String> confirmedBeforeKill(String what) throws Exception {
    Path stderr = logDir.resolve("child-stderr.txt");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                H2CrashWriter.class.getName(),
                dataDir.toString(),
                Integer.toString(ROWS),
                what)
            .redirectError(stderr.toFile())
            .start();
    List<String> confirmed = new ArrayList<>();
    try {
      assertTimeoutPreemptively(
          Duration.ofSeconds(60),
          () -> {
            try (BufferedReader out =
                new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
              String line = out.readLine();
              assertThat(line)
                  .as("child's first line; stderr: %s", read(stderr))
                  .isEqualTo("ready");
              while (confirmed.size() < CONFIRMED_BEFORE_KILL && (line = out.readLine()) != null) {
                confirmed.add(line.substring("confirmed ".length()));
              }
              // SIGKILL: no shutdown hook, no close. The handle's kill, unlike Process's, leaves
              // the pipe open, so the lines the child printed before it died can still be read.
              child.toHandle().destroyForcibly();
              child.waitFor();
              // What the child printed before it died was confirmed too.
              while ((line = out.readLine()) != null) {
                if (line.startsWith("confirmed ")) {
                  confirmed.add(line.substring("confirmed ".length()));
                }
              }
            }
          });
    } finally {
      child.destroyForcibly();
    }

    assertThat(child.exitValue()).as("killed, not finished").isNotZero();
    assertThat(confirmed).hasSizeGreaterThanOrEqualTo(CONFIRMED_BEFORE_KILL).hasSizeLessThan(ROWS);
    return confirmed;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }
}
