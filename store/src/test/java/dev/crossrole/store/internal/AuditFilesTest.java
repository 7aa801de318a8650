package dev.crossrole.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossrole.core.AuditEvent;
import dev.crossrole.core.AuditQuery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded trail's files: what the store contract cannot see (one file per hour, owner-only,
 * lines a reader can use, torn lines, another process reading, retention within an hour).
 */
class AuditFilesTest {
  private static final String OURS = "111111111111";
  private static final Instant T0 = Instant.parse("2026-12-07T10:59:58.123456Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;
  private Path dir;
  private AuditFiles trail;

  private AuditFiles trail() {
    dir = dataDir.resolve("audit");
    trail = new AuditFiles(dir);
    return trail;
  }

  @AfterEach
  void close() {
    if (trail != null) {
      trail.close();
    }
  }

  private static AuditEvent event(String name, Instant at) {
    return event(name, at, OURS);
  }

  private static AuditEvent event(String name, Instant at, String account) {
    return new AuditEvent(
        UUID.randomUUID().toString(),
        at,
        account,
        "sts.amazonaws.com",
        name,
        false,
        Optional.of("builder"),
        Optional.of("AKIAEXAMPLEEXAMPLE01"),
        Optional.of("arn:aws:iam::" + OURS + ":user/builder"),
        Optional.empty(),
        List.of(new AuditEvent.Resource("AWS::IAM::Role", "arn:aws:iam::" + OURS + ":role/R")),
        "{\"eventName\":\"" + name + "\",\"quoted\":\"a \\\"b\\\" ,\\\"record\\\":\"}");
  }

  private List<String> names(AuditQuery query) {
    return trail.events(query).stream().map(AuditEvent::eventName).toList();
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  @Test
  void append_eventsOfTwoHours_oneOwnerOnlyFilePerHour() throws IOException {
    trail().append(List.of(event("Before", T0), event("After", T0.plusSeconds(3))));

    assertThat(files())
        .extracting(p -> p.getFileName().toString())
        .containsExactly("events-2026-12-07T10Z.jsonl", "events-2026-12-07T11Z.jsonl");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    for (Path file : files()) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
    }
  }

  @Test
  void append_eachLine_isJsonHoldingTheRecordAsGiven() throws IOException {
    AuditEvent event = event("AssumeRole", T0);
    trail().append(List.of(event));

    List<String> lines = Files.readAllLines(files().get(0));
    assertThat(lines).hasSize(1);
    JsonNode line = JSON.readTree(lines.get(0));
    assertThat(line.get("record")).isEqualTo(JSON.readTree(event.document()));
    assertThat(line.get("event").get("id").asText()).isEqualTo(event.eventId());
    assertThat(trail.events(AuditQuery.builder(OURS).build())).containsExactly(event);
  }

  @Test
  void append_loneSurrogateInANameAndTheRecord_writtenAndReadBack() {
    // A JSON request body may carry "\ud800", which Jackson reads as a lone UTF-16 surrogate: it
    // must not fail the batch, which holds other callers' events too.
    String name = "repo\ud800";
    AuditEvent event =
        event("ListImages", T0)
            .withResources(List.of(new AuditEvent.Resource("AWS::ECR::Repository", name)));
    AuditEvent odd =
        new AuditEvent(
            event.eventId(),
            event.eventTime(),
            event.accountId(),
            event.eventSource(),
            event.eventName(),
            event.readOnly(),
            event.username(),
            event.accessKeyId(),
            event.principalArn(),
            event.errorCode(),
            event.resources(),
            "{\"repositoryName\":\"" + name + "\"}");

    trail().append(List.of(odd, event("AssumeRole", T0)));

    assertThat(names(AuditQuery.builder(OURS).build()))
        .containsExactlyInAnyOrder("ListImages", "AssumeRole");
    assertThat(
            names(AuditQuery.builder(OURS).attribute(AuditQuery.Key.RESOURCE_NAME, name).build()))
        .containsExactly("ListImages");
  }

  @Test
  void events_committedOutOfTimeOrder_newestFirst() {
    trail().append(List.of(event("Second", T0.minusSeconds(1))));
    trail.append(List.of(event("First", T0.minusSeconds(2)), event("Third", T0)));

    assertThat(names(AuditQuery.builder(OURS).build())).containsExactly("Third", "Second", "First");
  }

  @Test
  void events_pagesAcrossHours_coverEveryEventOnce() {
    List<AuditEvent> all = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      // Two events share each instant, three instants an hour.
      all.add(event("E" + i, T0.plusSeconds(1200L * (i / 2))));
    }
    trail().append(all);

    List<String> seen = new ArrayList<>();
    Optional<AuditQuery.Position> after = Optional.empty();
    do {
      AuditQuery.Builder q = AuditQuery.builder(OURS).limit(2);
      after.ifPresent(q::after);
      List<AuditEvent> page = trail.events(q.build());
      page.forEach(e -> seen.add(e.eventId()));
      after = page.size() < 2 ? Optional.empty() : Optional.of(AuditQuery.Position.of(page.get(1)));
    } while (after.isPresent());

    assertThat(seen)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(all.stream().map(AuditEvent::eventId).toList());
  }

  @Test
  void events_lastLineBeingWritten_isNotRead() throws IOException {
    trail().append(List.of(event("Whole", T0)));
    Files.writeString(files().get(0), "{\"event\":{\"id\":\"x", StandardOpenOption.APPEND);

    assertThat(names(AuditQuery.builder(OURS).build())).containsExactly("Whole");
  }

  @Test
  void append_afterACrashTornLine_cutsTheTornLineOff() throws IOException {
    trail().append(List.of(event("BeforeCrash", T0)));
    trail.close();
    Files.writeString(files().get(0), "{\"event\":{\"id\":\"to", StandardOpenOption.APPEND);

    AuditFiles reopened = new AuditFiles(dir);
    reopened.append(List.of(event("AfterCrash", T0.plusMillis(1))));
    reopened.close();

    List<String> lines = Files.readAllLines(files().get(0), StandardCharsets.UTF_8);
    assertThat(lines).hasSize(2).allMatch(l -> l.startsWith("{\"event\":") && l.endsWith("}"));
    assertThat(names(AuditQuery.builder(OURS).build()))
        .containsExactly("AfterCrash", "BeforeCrash");
  }

  @Test
  void events_readByAnotherInstance_whileTheFirstAppends() {
    trail().append(List.of(event("One", T0)));
    AuditFiles reader = new AuditFiles(dir);

    trail.append(List.of(event("Two", T0.plusMillis(1))));

    assertThat(reader.events(AuditQuery.builder(OURS).build()))
        .extracting(AuditEvent::eventName)
        .containsExactly("Two", "One");
  }

  @Test
  void deleteBefore_withinAnHour_keepsThatHoursNewerEvents() throws IOException {
    trail()
        .append(
            List.of(
                event("OldHour", T0.minusSeconds(3600)),
                event("Old", T0.minusSeconds(10)),
                event("New", T0)));

    int deleted = trail.deleteBefore(T0.minusSeconds(5));

    assertThat(deleted).isEqualTo(2);
    assertThat(names(AuditQuery.builder(OURS).build())).containsExactly("New");
    assertThat(files()).hasSize(1);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files().get(0))))
        .isEqualTo("rw-------");
    trail.append(List.of(event("Later", T0.plusMillis(1))));
    assertThat(names(AuditQuery.builder(OURS).build())).containsExactly("Later", "New");
  }

  @Test
  void append_documentOfSeveralLines_refused() {
    AuditEvent base = event("X", T0);
    AuditEvent multiline =
        new AuditEvent(
            base.eventId(),
            base.eventTime(),
            base.accountId(),
            base.eventSource(),
            base.eventName(),
            base.readOnly(),
            base.username(),
            base.accessKeyId(),
            base.principalArn(),
            base.errorCode(),
            base.resources(),
            "{\n\"eventName\": \"X\"\n}");

    assertThatThrownBy(() -> trail().append(List.of(multiline)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one line");
    assertThat(dir).doesNotExist();
  }

  @Test
  void eventsOfEveryAccount_twoAccountsOverTwoHours_eachEventOnceNewestFirst() {
    trail()
        .append(
            List.of(
                event("One", T0, "222222222222"),
                event("Two", T0.plusSeconds(5), OURS),
                event("Three", T0.plusSeconds(6), "222222222222")));

    assertThat(new AuditFiles(dir).eventsOfEveryAccount(AuditQuery.builder(OURS).build()))
        .extracting(AuditEvent::eventName, AuditEvent::accountId)
        .containsExactly(
            tuple("Three", "222222222222"), tuple("Two", OURS), tuple("One", "222222222222"));
  }

  @Test
  void events_beforeAnyAppend_noneAndNoDirectory() {
    assertThat(trail().events(AuditQuery.builder(OURS).build())).isEmpty();
    assertThat(trail.deleteBefore(T0)).isZero();
    assertThat(trail.eventsOfEveryAccount(AuditQuery.builder(OURS).build())).isEmpty();
    assertThat(dir).doesNotExist();
  }
}
