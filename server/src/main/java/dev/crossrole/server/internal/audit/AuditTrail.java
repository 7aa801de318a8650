package dev.crossrole.server.internal.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossrole.core.AuditEvent;
import dev.crossrole.core.AuditLog;
import dev.crossrole.policy.Principal;
import dev.crossrole.server.internal.request.Caller;
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
    String common = text(record(call, parameters, response, readOnly, shared, resources));
    List<AuditEvent.Resource> named =
        resources.stream().map(r -> new AuditEvent.Resource(r.type(), r.name())).toList();
    List<AuditEvent> events = new ArrayList<>(2);
    events.add(event(call, call.caller().accountId(), common, readOnly, named));
    otherAccount.ifPresent(account -> events.add(event(call, account, common, readOnly, named)));
    return events;
  }

  /**
   * The CloudTrail record of {@code call} but for the two members that differ by recipient ({@code
   * eventID} and {@code recipientAccountId}), which each event adds last: a cross-account call's
   * record is written once for both accounts.
   */
  private static ObjectNode record(
      ApiCall call,
      Optional<ObjectNode> parameters,
      Optional<ObjectNode> response,
      boolean readOnly,
      Optional<String> shared,
      List<Resources.Named> resources) {
    ObjectNode record = JSON.createObjectNode();
    record.put("eventVersion", EVENT_VERSION);
    record.set("userIdentity", UserIdentity.of(call.caller()));
    record.put("eventTime", DateTimeFormatter.ISO_INSTANT.format(seconds(call.receivedAt())));
    record.put("eventSource", eventSource(call.service()));
    record.put("eventName", call.operation());
    record.put("awsRegion", call.region());
    record.put("sourceIPAddress", call.sourceIp());
    record.put("userAgent", call.userAgent().orElse(""));
    call.error()
        .ifPresent(
            e -> {
              record.put("errorCode", e.code());
              record.put("errorMessage", e.message());
            });
    record.set("requestParameters", parameters.<JsonNode>map(p -> p).orElse(null));
    record.set("responseElements", response.<JsonNode>map(r -> r).orElse(null));
    record.put("requestID", call.requestId());
    record.put("readOnly", readOnly);
    if (!resources.isEmpty()) {
      record.set("resources", Resources.asRecord(resources));
    }
    record.put("eventType", "AwsApiCall");
    record.put("managementEvent", true);
    shared.ifPresent(id -> record.put("sharedEventID", id));
    record.put("eventCategory", "Management");
    return record;
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
   * {@code common}, the record written without its per-recipient members, with them added as its
   * last members. Their values, a UUID and a 12-digit account id, need no escaping in JSON.
   */
  private static String document(String common, String eventId, String recipient) {
    return new StringBuilder(common.length() + 96)
        .append(common, 0, common.length() - 1) // all but the record's closing brace
        .append(",\"eventID\":\"")
        .append(eventId)
        .append("\",\"recipientAccountId\":\"")
        .append(recipient)
        .append("\"}")
        .toString();
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

  private static Instant seconds(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS);
  }

  private static String text(ObjectNode record) {
    try {
      return JSON.writeValueAsString(record);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an audit record of plain values cannot fail to write", e);
    }
  }

  /** Commits what is queued and stops. */
  @Override
  public void close() {
    writer.ifPresent(AuditWriter::close);
  }

  /** CloudTrail's {@code userIdentity} of a caller, and the user name events are looked up by. */
  static final class UserIdentity {
    private UserIdentity() {}

    static ObjectNode of(Caller caller) {
      Principal principal = caller.principal();
      ObjectNode identity = JSON.createObjectNode();
      identity.put("type", type(principal));
      identity.put("principalId", caller.userIdForIdentity());
      identity.put("arn", principal.arn());
      identity.put("accountId", caller.accountId());
      identity.put("accessKeyId", caller.accessKeyId());
      if (principal.type() == Principal.Type.USER) {
        principal.entityName().ifPresent(name -> identity.put("userName", name));
      }
      if (caller.tokenIssuedAt().isPresent()) {
        identity.set("sessionContext", sessionContext(caller));
      }
      return identity;
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

    private static ObjectNode sessionContext(Caller caller) {
      Principal principal = caller.principal();
      ObjectNode context = JSON.createObjectNode();
      if (principal.type() == Principal.Type.ASSUMED_ROLE) {
        ObjectNode issuer = context.putObject("sessionIssuer");
        issuer.put("type", "Role");
        principal
            .userId()
            .map(id -> id.contains(":") ? id.substring(0, id.indexOf(':')) : id)
            .ifPresent(id -> issuer.put("principalId", id));
        principal.issuer().ifPresent(arn -> issuer.put("arn", arn));
        issuer.put("accountId", caller.accountId());
        principal.entityName().ifPresent(name -> issuer.put("userName", name));
        context.putObject("webIdFederationData");
      }
      ObjectNode attributes = context.putObject("attributes");
      attributes.put(
          "creationDate",
          DateTimeFormatter.ISO_INSTANT.format(seconds(caller.tokenIssuedAt().orElseThrow())));
      attributes.put("mfaAuthenticated", "false");
      caller.sourceIdentity().ifPresent(id -> context.put("sourceIdentity", id));
      return context;
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
