package dev.crossrole.server.internal.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossrole.core.AuditEvent;
import dev.crossrole.core.AuditLog;
import dev.crossrole.core.AuditQuery;
import dev.crossrole.server.internal.authz.Access;
import dev.crossrole.server.internal.json.JsonCall;
import dev.crossrole.server.internal.json.JsonService;
import dev.crossrole.server.internal.request.AwsException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * AWS CloudTrail's {@code LookupEvents}: the audit events of the caller's account, newest first,
 * filtered by at most one lookup attribute and a time range, in pages of {@code MaxResults} (50 at
 * most) joined by {@code NextToken}. Authorized by IAM as {@code cloudtrail:LookupEvents} on {@code
 * *}.
 */
public final class CloudTrailService implements JsonService {
  /** The target prefix of CloudTrail's operations. */
  public static final String TARGET_PREFIX =
      "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101";

  private static final int MAX_RESULTS = 50;

  /** An event's id as the trail makes it: a UUID in its usual text form. */
  private static final Pattern EVENT_ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private static final int MAX_VALUE_LENGTH = 2000;
  private static final Map<String, AuditQuery.Key> KEYS =
      Map.of(
          "EventId", AuditQuery.Key.EVENT_ID,
          "EventName", AuditQuery.Key.EVENT_NAME,
          "ReadOnly", AuditQuery.Key.READ_ONLY,
          "Username", AuditQuery.Key.USERNAME,
          "ResourceType", AuditQuery.Key.RESOURCE_TYPE,
          "ResourceName", AuditQuery.Key.RESOURCE_NAME,
          "EventSource", AuditQuery.Key.EVENT_SOURCE,
          "AccessKeyId", AuditQuery.Key.ACCESS_KEY_ID);

  private final AuditLog log;
  private final Access access;

  public CloudTrailService(AuditLog log, Access access) {
    this.log = log;
    this.access = access;
  }

  @Override
  public String targetPrefix() {
    return TARGET_PREFIX;
  }

  @Override
  public ObjectNode handle(JsonCall call) {
    return switch (call.operation()) {
      case "LookupEvents" -> lookupEvents(call);
      default -> throw AwsException.json("UnknownOperationException", "");
    };
  }

  private ObjectNode lookupEvents(JsonCall call) {
    access
        .decide(call.requester(), "cloudtrail:LookupEvents", "*", Map.of(), Optional.empty())
        .ifPresent(
            denial -> {
              throw AwsException.json("AccessDeniedException", denial.message());
            });
    ObjectNode in = call.input();
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    ArrayNode events = out.putArray("Events");
    if (in.hasNonNull("EventCategory")) {
      if (!in.get("EventCategory").asText().equals("insight")) {
        throw AwsException.json(
            "InvalidEventCategoryException", "The event category is not valid: use insight.");
      }
      // Insights events are anomalies CloudTrail detects; this trail has none.
      return out;
    }
    int limit = maxResults(in);
    AuditQuery.Builder query = AuditQuery.builder(call.caller().accountId()).limit(limit + 1);
    Optional<Instant> start = time(in, "StartTime");
    Optional<Instant> end = time(in, "EndTime");
    if (start.isPresent() && end.isPresent() && start.get().isAfter(end.get())) {
      throw AwsException.json(
          "InvalidTimeRangeException", "Start time must be earlier than or equal to end time.");
    }
    start.ifPresent(query::start);
    end.ifPresent(query::end);
    attribute(in).ifPresent(a -> query.attribute(a.key(), a.value()));
    text(in, "NextToken").map(CloudTrailService::position).ifPresent(query::after);
    List<AuditEvent> page = log.events(query.build());
    for (AuditEvent event : page.subList(0, Math.min(limit, page.size()))) {
      events.add(event(event));
    }
    if (page.size() > limit) {
      out.put("NextToken", token(AuditQuery.Position.of(page.get(limit - 1))));
    }
    return out;
  }

  private static int maxResults(ObjectNode in) {
    JsonNode value = in.get("MaxResults");
    if (value == null || value.isNull()) {
      return MAX_RESULTS;
    }
    if (!value.canConvertToInt() || value.asInt() < 1 || value.asInt() > MAX_RESULTS) {
      throw AwsException.json(
          "InvalidMaxResultsException", "MaxResults must be between 1 and " + MAX_RESULTS + ".");
    }
    return value.asInt();
  }

  /** A timestamp member: epoch seconds, as the JSON protocol sends them. */
  private static Optional<Instant> time(ObjectNode in, String member) {
    JsonNode value = in.get(member);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isNumber()) {
      throw AwsException.json(
          "SerializationException", member + " must be a timestamp in epoch seconds.");
    }
    BigDecimal seconds = value.decimalValue();
    try {
      long whole = seconds.setScale(0, RoundingMode.FLOOR).longValueExact();
      int nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).intValue();
      return Optional.of(Instant.ofEpochSecond(whole, nanos));
    } catch (ArithmeticException | DateTimeException e) {
      throw AwsException.json(
          "InvalidTimeRangeException", member + " is outside the range of possible times.");
    }
  }

  private static Optional<AuditQuery.Attribute> attribute(ObjectNode in) {
    JsonNode list = in.get("LookupAttributes");
    if (list == null || list.isNull()) {
      return Optional.empty();
    }
    if (!list.isArray() || list.size() > 1) {
      throw AwsException.json(
          "InvalidLookupAttributesException", "You can specify only one lookup attribute.");
    }
    if (list.isEmpty()) {
      return Optional.empty();
    }
    JsonNode attribute = list.get(0);
    String key = attribute.path("AttributeKey").asText("");
    String value = attribute.path("AttributeValue").asText("");
    AuditQuery.Key known = KEYS.get(key);
    if (known == null) {
      throw AwsException.json(
          "InvalidLookupAttributesException", "The lookup attribute key is not valid: " + key);
    }
    if (value.isEmpty() || value.length() > MAX_VALUE_LENGTH) {
      throw AwsException.json(
          "InvalidLookupAttributesException",
          "The lookup attribute value must be 1 to " + MAX_VALUE_LENGTH + " characters.");
    }
    if (known == AuditQuery.Key.READ_ONLY && !value.equals("true") && !value.equals("false")) {
      throw AwsException.json(
          "InvalidLookupAttributesException", "ReadOnly must be true or false.");
    }
    return Optional.of(new AuditQuery.Attribute(known, value));
  }

  private static Optional<String> text(ObjectNode in, String member) {
    JsonNode value = in.get(member);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
  }

  /** LookupEvents' {@code Event}: the lookup fields, and the whole record as a string. */
  private static ObjectNode event(AuditEvent event) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("EventId", event.eventId());
    out.put("EventName", event.eventName());
    out.put("ReadOnly", Boolean.toString(event.readOnly()));
    event.accessKeyId().ifPresent(k -> out.put("AccessKeyId", k));
    out.put("EventTime", epochSeconds(event.eventTime()));
    out.put("EventSource", event.eventSource());
    event.username().ifPresent(u -> out.put("Username", u));
    ArrayNode resources = out.putArray("Resources");
    for (AuditEvent.Resource r : event.resources()) {
      resources.addObject().put("ResourceType", r.type()).put("ResourceName", r.name());
    }
    out.put("CloudTrailEvent", event.document());
    return out;
  }

  private static BigDecimal epochSeconds(Instant t) {
    return BigDecimal.valueOf(t.getEpochSecond()).add(BigDecimal.valueOf(t.getNano(), 9));
  }

  /** The token of the page after {@code last}: where it ended, opaque to the client. */
  private static String token(AuditQuery.Position last) {
    String plain = last.eventTime() + " " + last.eventId();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  private static AuditQuery.Position position(String token) {
    return issuedPosition(token)
        .orElseThrow(
            () -> AwsException.json("InvalidNextTokenException", "The NextToken is not valid."));
  }

  /**
   * The position a token of {@link #token} names; empty for any other text. Its parts are checked
   * before the store compares them: a client may send any token, and a value the store cannot hold
   * (a NUL, say) must be a bad token, not a failed query.
   */
  private static Optional<AuditQuery.Position> issuedPosition(String token) {
    byte[] decoded;
    try {
      decoded = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException notBase64) {
      return Optional.empty();
    }
    String plain = new String(decoded, StandardCharsets.UTF_8);
    int space = plain.indexOf(' ');
    if (space < 0 || !EVENT_ID.matcher(plain.substring(space + 1)).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new AuditQuery.Position(
              Instant.parse(plain.substring(0, space)), plain.substring(space + 1)));
    } catch (DateTimeException notATime) {
      return Optional.empty();
    }
  }
}
