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
import dev.crossrole.store.EmbeddedAuditTrail;
import dev.crossrole.store.JdbcIdentityStore;
import dev.crossrole.store.StoreConfig;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
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
      "The embedded store's trail is read from its files, also while its server runs; naming an"
          + " --account by name rather than by id then needs the server stopped, since the"
          + " names are in its database."
    })
public final class AuditCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

  /**
   * The account a query for every account's events names; {@code eventsOfEveryAccount} ignores it.
   */
  private static final String EVERY_ACCOUNT = "*";

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
    StoreConfig config = store.config().build().storeConfig();
    List<AuditEvent> events = new ArrayList<>();
    try {
      if (config.dataDirectory().isPresent()) {
        EmbeddedAuditTrail trail = EmbeddedAuditTrail.in(config.dataDirectory().get());
        if (account == null) {
          // The query's account is not consulted: every account's events, in one pass.
          events.addAll(trail.eventsOfEveryAccount(query(EVERY_ACCOUNT, from)));
        } else {
          String id = ACCOUNT_ID.matcher(account).matches() ? account : accountNamed(config);
          events.addAll(trail.events(query(id, from)));
        }
      } else {
        try (JdbcIdentityStore opened = JdbcIdentityStore.open(config)) {
          for (String id : accounts(opened)) {
            events.addAll(opened.auditLog().events(query(id, from)));
          }
        }
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

  /** Every event of account {@code id} that the options select. */
  private AuditQuery query(String id, Optional<Instant> from) {
    AuditQuery.Builder query = AuditQuery.builder(id).limit(Integer.MAX_VALUE);
    from.ifPresent(query::start);
    Optional.ofNullable(eventName).ifPresent(n -> query.attribute(AuditQuery.Key.EVENT_NAME, n));
    Optional.ofNullable(principal).ifPresent(query::principalArn);
    query.failures(errors ? AuditQuery.Failures.ONLY : AuditQuery.Failures.INCLUDED);
    return query.build();
  }

  /**
   * The id of the account {@code --account} names, from the embedded store's database: which a
   * running server holds, so that the name cannot be looked up then.
   */
  private String accountNamed(StoreConfig config) {
    try (JdbcIdentityStore opened = JdbcIdentityStore.open(config)) {
      return accounts(opened).get(0);
    } catch (IdentityException e) {
      throw new IdentityException(
          e.code(),
          "Could not look up the account named "
              + account
              + " ("
              + e.getMessage()
              + "). While a server runs on --data, name the account by its 12-digit id.",
          e);
    }
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
