package dev.crossrole.server.internal.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossrole.core.AuditEvent;
import dev.crossrole.core.AuditLog;
import dev.crossrole.policy.Principal;
import dev.crossrole.server.internal.request.Caller;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each authenticated request into CloudTrail-format events and has them committed before the
 * request is answered. A request is one event in the caller's account; a cross-account AssumeRole
 * is also one in the role's account, the two sharing a {@code sharedEventID}. Parameters and
 * responses are kept as CloudTrail keeps them, without credentials: a secret access key, session
 * token, password or registry token never reaches the trail.
 *
 * <p>Requests refused at authentication (an unknown key, a bad signature, an expired token) make no
 * event: until the signature verifies, nobody is authenticated to attribute the request to, and an
 * event in the account a key id names would let anyone who knows the id write to that trail.
 */
public final class AuditTrail implements AutoCloseable {
  /** The CloudTrail record version the events follow. */
  static final String EVENT_VERSION = "1.08";

  private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** About the length of a record: an AssumeRole's is some 1,300 characters. */
  private static final int RECORD_SIZE = 2048;

  private static final Pattern ROLE_ARN = Pattern.compile("arn:aws:iam::(\\d{12}):role/.+");
  private static final List<String> READ_PREFIXES =
      List.of("Get", "List", "Describe", "BatchGet", "BatchCheck", "Lookup", "Simulate", "Decode");

  /** STS's calls that issue credentials: read-only, but CloudTrail keeps what they returned. */
  private static final List<String> ISSUING =
      List.of("AssumeRole", "GetSessionToken", RegistryTokenCall.EVENT_NAME);

  private final Optional<AuditWriter> writer;
  private final Predicate<String> knownAccount;

  private AuditTrail(Optional<AuditWriter> writer, Predicate<String> knownAccount) {
    this.writer = writer;
    this.knownAccount = knownAccount;
  }

  /** A trail that records nothing: each request is answered at once. */
  public static AuditTrail off() {
    return new AuditTrail(Optional.empty(), account -> false);
  }

  /**
   * A trail kept in {@code log} for {@code retention}, with events delivered to the accounts that
   * {@code knownAccount} accepts besides the caller's.
   */
  public static AuditTrail keptIn(
      AuditLog log, Duration retention, Clock clock, Predicate<String> knownAccount) {
    return new AuditTrail(Optional.of(new AuditWriter(log, retention, clock)), knownAccount);
  }

  /** Whether the trail records events. */
  public boolean on() {
    return writer.isPresent();
  }

  /**
   * Queues the events of {@code call}.
   *
   * @return completes when they are durable (at once when the trail is off); fails when they could
   *     not be committed
   */
  public CompletableFuture<Void> record(ApiCall call) {
    if (writer.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return writer.get().submit(events(call));
  }

  /**
   * Runs {@code answer} once the events of {@code call} are committed (at once when the trail is
   * off), or {@code failure} when they cannot be; nobody waits for the commit meanwhile.
   */
  public void answerAfter(ApiCall call, Runnable answer, Runnable failure) {
    CompletableFuture<Void> committed;
    try {
      committed = record(call);
    } catch (RuntimeException e) {
      committed = CompletableFuture.failedFuture(e);
    }
    committed.whenComplete(
        (ok, notCommitted) -> {
          if (notCommitted == null) {
            answer.run();
          } else {
            LOG.warn(
                "request {} answered as a failure: its audit event was not committed ({})",
                call.requestId(),
                notCommitted.getMessage());
            failure.run();
          }
        });
  }

  /** How many transactions have committed events. */
  public long transactions() {
    return writer.map(AuditWriter::transactions).orElse(0L);
  }

  /** How many events have been committed. */
  public long events() {
    return writer.map(AuditWriter::events).orElse(0L);
  }

  /**
   * The events of one call, one per recipient account, without committing them (what {@link
   * #record} commits; public for the benchmark that measures building them).
   */
  public List<AuditEvent> events(ApiCall call) {
    Optional<ObjectNode> parameters = Documents.requestParameters(call.parameters());
    boolean readOnly = readOnly(call.operation());
    Optional<ObjectNode> response =
        call.answer()
            .filter(a -> !readOnly || ISSUING.stream().anyMatch(call.operation()::startsWith))
            .flatMap(Documents::responseElements);
    Optional<String> otherAccount = otherAccount(call, parameters);
    Optional<String> shared = otherAccount.map(a -> UUID.randomUUID().toString());
    List<Resources.Named> resources = Resources.of(call.service(), parameters, response);
    String common = record(call, parameters, response, readOnly, shared, resources);
    List<AuditEvent.Resource> named =
        resources.stream().map(r -> new AuditEvent.Resource(r.type(), r.name())).toList();
    List<AuditEvent> events = new ArrayList<>(2);
    events.add(event(call, call.caller().accountId(), common, readOnly, named));
    otherAccount.ifPresent(account -> events.add(event(call, account, common, readOnly, named)));
    return events;
  }

  /**
   * The CloudTrail record of {@code call} but for the two members that differ by recipient ({@code
   * eventID} and {@code recipientAccountId}), left open for each event to add them last and close
   * it: a cross-account call's record is written once for both accounts. Written straight to its
   * text, member by member, with no tree built first: it is written for every request.
   */
  private static String record(
      ApiCall call,
      Optional<ObjectNode> parameters,
      Optional<ObjectNode> response,
      boolean readOnly,
      Optional<String> shared,
      List<Resources.Named> resources) {
    StringWriter text = new StringWriter(RECORD_SIZE);
    try (JsonGenerator g = JSON.getFactory().createGenerator(text)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
      g.writeStartObject();
      g.writeStringField("eventVersion", EVENT_VERSION);
      g.writeFieldName("userIdentity");
      UserIdentity.write(call.caller(), g);
      g.writeStringField("eventTime", isoSeconds(call.receivedAt()));
      g.writeStringField("eventSource", eventSource(call.service()));
      g.writeStringField("eventName", call.operation());
      g.writeStringField("awsRegion", call.region());
      g.writeStringField("sourceIPAddress", call.sourceIp());
      g.writeStringField("userAgent", call.userAgent().orElse(""));
      if (call.error().isPresent()) {
        g.writeStringField("errorCode", call.error().get().code());
        g.writeStringField("errorMessage", call.error().get().message());
      }
      writeOrNull(g, "requestParameters", parameters);
      writeOrNull(g, "responseElements", response);
      g.writeStringField("requestID", call.requestId());
      g.writeBooleanField("readOnly", readOnly);
      if (!resources.isEmpty()) {
        g.writeArrayFieldStart("resources");
        for (Resources.Named r : resources) {
          g.writeStartObject();
          g.writeStringField("type", r.type());
          g.writeStringField("ARN", r.name());
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeStringField("eventType", "AwsApiCall");
      g.writeBooleanField("managementEvent", true);
      if (shared.isPresent()) {
        g.writeStringField("sharedEventID", shared.get());
      }
      g.writeStringField("eventCategory", "Management");
      // Left open: each event closes it after its own members.
      g.flush();
      return text.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
  }

  private static void writeOrNull(JsonGenerator g, String name, Optional<ObjectNode> document)
      throws IOException {
    g.writeFieldName(name);
    if (document.isPresent()) {
      g.writeTree(document.get());
    } else {
      g.writeNull();
    }
  }

  private static AuditEvent event(
      ApiCall call,
      String recipient,
      String common,
      boolean readOnly,
      List<AuditEvent.Resource> resources) {
    String eventId = UUID.randomUUID().toString();
    Caller caller = call.caller();
    return new AuditEvent(
        eventId,
        call.receivedAt().truncatedTo(ChronoUnit.MICROS),
        recipient,
        eventSource(call.service()),
        call.operation(),
        readOnly,
        UserIdentity.username(caller),
        Optional.of(caller.accessKeyId()),
        Optional.of(caller.principal().arn()),
        call.error().map(e -> e.code()),
        resources,
        document(common, eventId, recipient));
  }

  /**
   * {@code common}, the record written without its per-recipient members and left open, with them
   * added as its last members and closed. Their values, a UUID and a 12-digit account id, need no
   * escaping in JSON.
   */
  private static String document(String common, String eventId, String recipient) {
    return common
        + ",\"eventID\":\""
        + eventId
        + "\",\"recipientAccountId\":\""
        + recipient
        + "\"}";
  }

  /** The role's account of a cross-account AssumeRole, when it is one of ours. */
  private Optional<String> otherAccount(ApiCall call, Optional<ObjectNode> parameters) {
    if (!call.service().equals("sts") || !call.operation().startsWith("AssumeRole")) {
      return Optional.empty();
    }
    return parameters
        .map(p -> p.path("roleArn").asText(""))
        .map(ROLE_ARN::matcher)
        .filter(Matcher::matches)
        .map(m -> m.group(1))
        .filter(account -> !account.equals(call.caller().accountId()))
        .filter(knownAccount);
  }

  /** Whether CloudTrail counts the operation as one that only reads. */
  static boolean readOnly(String operation) {
    return READ_PREFIXES.stream().anyMatch(operation::startsWith)
        || ISSUING.stream().anyMatch(operation::startsWith);
  }

  /** {@code sts} as CloudTrail names the service: {@code sts.amazonaws.com}. */
  static String eventSource(String service) {
    return service + ".amazonaws.com";
  }

  /** {@code t} as CloudTrail writes times: ISO 8601 in UTC, to the second. */
  private static String isoSeconds(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
  }

  /** Commits what is queued and stops. */
  @Override
  public void close() {
    writer.ifPresent(AuditWriter::close);
  }

  /** CloudTrail's {@code userIdentity} of a caller, and the user name events are looked up by. */
  static final class UserIdentity {
    private UserIdentity() {}

    static void write(Caller caller, JsonGenerator g) throws IOException {
      Principal principal = caller.principal();
      g.writeStartObject();
      g.writeStringField("type", type(principal));
      g.writeStringField("principalId", caller.userIdForIdentity());
      g.writeStringField("arn", principal.arn());
      g.writeStringField("accountId", caller.accountId());
      g.writeStringField("accessKeyId", caller.accessKeyId());
      if (principal.type() == Principal.Type.USER && principal.entityName().isPresent()) {
        g.writeStringField("userName", principal.entityName().get());
      }
      if (caller.tokenIssuedAt().isPresent()) {
        g.writeFieldName("sessionContext");
        writeSessionContext(caller, g);
      }
      g.writeEndObject();
    }

    private static String type(Principal principal) {
      return switch (principal.type()) {
        case ROOT -> "Root";
        case USER -> "IAMUser";
        case ASSUMED_ROLE -> "AssumedRole";
        case FEDERATED_USER -> "FederatedUser";
        default -> principal.type().principalType();
      };
    }

    private static void writeSessionContext(Caller caller, JsonGenerator g) throws IOException {
      Principal principal = caller.principal();
      g.writeStartObject();
      if (principal.type() == Principal.Type.ASSUMED_ROLE) {
        g.writeObjectFieldStart("sessionIssuer");
        g.writeStringField("type", "Role");
        Optional<String> roleId =
            principal.userId().map(id -> id.contains(":") ? id.substring(0, id.indexOf(':')) : id);
        if (roleId.isPresent()) {
          g.writeStringField("principalId", roleId.get());
        }
        if (principal.issuer().isPresent()) {
          g.writeStringField("arn", principal.issuer().get());
        }
        g.writeStringField("accountId", caller.accountId());
        if (principal.entityName().isPresent()) {
          g.writeStringField("userName", principal.entityName().get());
        }
        g.writeEndObject();
        g.writeObjectFieldStart("webIdFederationData");
        g.writeEndObject();
      }
      g.writeObjectFieldStart("attributes");
      g.writeStringField("creationDate", isoSeconds(caller.tokenIssuedAt().orElseThrow()));
      g.writeStringField("mfaAuthenticated", "false");
      g.writeEndObject();
      if (caller.sourceIdentity().isPresent()) {
        g.writeStringField("sourceIdentity", caller.sourceIdentity().get());
      }
      g.writeEndObject();
    }

    /** LookupEvents' Username: the user's name, the role session's name, or {@code root}. */
    static Optional<String> username(Caller caller) {
      Principal principal = caller.principal();
      return switch (principal.type()) {
        case ROOT -> Optional.of("root");
        case USER -> principal.entityName();
        case ASSUMED_ROLE, FEDERATED_USER ->
            Optional.of(principal.arn().substring(principal.arn().lastIndexOf('/') + 1));
        default -> Optional.of(principal.arn());
      };
    }
  }
}
