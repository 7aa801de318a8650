package dev.crossrole.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossrole.cli.internal.DurationConverter;
import dev.crossrole.cli.internal.StoreOptions;
import dev.crossrole.core.Account;
import dev.crossrole.core.AuditEvent;
import dev.crossrole.core.AuditQuery;
import dev.crossrole.core.IdentityException;
import dev.crossrole.store.JdbcIdentityStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code crossrole audit}: the audit trail read from the store, oldest first, as lines or as
 * CloudTrail's {@code {"Records": […]}}.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    versionProvider = CrossroleCommand.VersionProvider.class,
    description = {
      "Prints the audit trail: CloudTrail-format events of every authenticated request, oldest"
          + " first, read from the store in --data or --db.",
      "The embedded store is readable while its server is stopped; with a server running, use"
          + " 'aws cloudtrail lookup-events' against it, or a --db store."
    })
public final class AuditCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Mixin StoreOptions store;

  @Option(
      names = "--account",
      paramLabel = "ID|NAME",
      description = "Only this account's trail (default: every account's).")
  String account;

  @Option(
      names = "--since",
      paramLabel = "TIME",
      description = "Only events at or after TIME: 2024-05-01T10:00:00Z, or a duration ago (1h).")
  String since;

  @Option(names = "--event-name", paramLabel = "NAME", description = "Only this operation.")
  String eventName;

  @Option(names = "--principal", paramLabel = "ARN", description = "Only this caller's events.")
  String principal;

  @Option(names = "--errors", description = "Only events answered with an error.")
  boolean errors;

  @Option(names = "--json", description = "CloudTrail's {\"Records\": [...]} instead of lines.")
  boolean json;

  @Override
  public Integer call() throws JsonProcessingException {
    Optional<Instant> from = since().map(this::instant);
    PrintWriter out = spec.commandLine().getOut();
    List<AuditEvent> events;
    try (JdbcIdentityStore opened = JdbcIdentityStore.open(store.config().build().storeConfig())) {
      events = new ArrayList<>();
      for (String id : accounts(opened)) {
        AuditQuery.Builder query = AuditQuery.builder(id).limit(Integer.MAX_VALUE);
        from.ifPresent(query::start);
        Optional.ofNullable(eventName)
            .ifPresent(n -> query.attribute(AuditQuery.Key.EVENT_NAME, n));
        Optional.ofNullable(principal).ifPresent(query::principalArn);
        query.failures(errors ? AuditQuery.Failures.ONLY : AuditQuery.Failures.INCLUDED);
        events.addAll(opened.auditLog().events(query.build()));
      }
    } catch (IdentityException e) {
      spec.commandLine().getErr().println("crossrole audit: " + e.getMessage());
      return 1;
    }
    events.sort(Comparator.comparing(AuditEvent::eventTime).thenComparing(AuditEvent::accountId));
    if (json) {
      ObjectNode document = JSON.createObjectNode();
      ArrayNode records = document.putArray("Records");
      for (AuditEvent event : events) {
        records.add(JSON.readTree(event.document()));
      }
      out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document));
    } else {
      for (AuditEvent event : events) {
        out.println(line(event));
      }
    }
    out.flush();
    return 0;
  }

  private Optional<String> since() {
    return Optional.ofNullable(since);
  }

  /** An instant, or a duration before now. */
  private Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeException notAnInstant) {
      try {
        return Clock.systemUTC().instant().minus(DurationConverter.parse(text));
      } catch (TypeConversionException e) {
        throw new ParameterException(
            spec.commandLine(),
            "Invalid --since '" + text + "': write a time (2024-05-01T10:00:00Z) or 1h, 90m, 7d");
      }
    }
  }

  /** The accounts to read: the one named by id or name, or every one. */
  private List<String> accounts(JdbcIdentityStore opened) {
    List<Account> all = opened.accounts();
    if (account == null) {
      return all.stream().map(Account::id).toList();
    }
    return all.stream()
        .filter(a -> a.id().equals(account) || a.name().equals(account))
        .map(Account::id)
        .findFirst()
        .map(List::of)
        .orElseThrow(
            () -> new ParameterException(spec.commandLine(), "No account " + account + "."));
  }

  /** {@code TIME ACCOUNT SOURCE NAME PRINCIPAL IP [ERROR]}, tab-separated. */
  private static String line(AuditEvent event) throws JsonProcessingException {
    JsonNode record = JSON.readTree(event.document());
    StringBuilder line =
        new StringBuilder()
            .append(record.path("eventTime").asText())
            .append('\t')
            .append(event.accountId())
            .append('\t')
            .append(event.eventSource())
            .append('\t')
            .append(event.eventName())
            .append('\t')
            .append(event.principalArn().orElse("-"))
            .append('\t')
            .append(record.path("sourceIPAddress").asText("-"));
    event.errorCode().ifPresent(code -> line.append('\t').append(code));
    return line.toString();
  }
}
