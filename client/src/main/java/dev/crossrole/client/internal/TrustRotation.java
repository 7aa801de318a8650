package dev.crossrole.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossrole.client.ClientException;
import dev.crossrole.client.ClientException.Kind;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An ExternalId rotation as a rewrite of a trust policy, by policy alone so that it holds on every
 * node and on AWS: each statement that requires an {@code sts:ExternalId} now requires the new id;
 * beside it, a grace statement (a copy accepting the old ids, with {@code DateLessThan
 * aws:CurrentTime} the end of the grace) keeps the old id working until then. Grace statements are
 * recognised by their Sid, {@value #GRACE_SID}…, and removed once they have ended.
 */
public final class TrustRotation {
  /** The Sid prefix of a grace statement; Sids are letters and digits only. */
  static final String GRACE_SID = "ExternalIdGraceUntil";

  private static final String EXTERNAL_ID = "sts:ExternalId";
  private static final String CURRENT_TIME = "aws:CurrentTime";
  private static final DateTimeFormatter SID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  private TrustRotation() {}

  /**
   * The rewritten policy.
   *
   * @param document the new trust policy, compact JSON
   * @param oldIds the ids the rotated statements required before
   * @param graceUntil until when the old ids are accepted; empty when there is no grace
   * @param expiredRemoved how many ended grace statements were removed
   */
  public record Result(
      String document, List<String> oldIds, Optional<Instant> graceUntil, int expiredRemoved) {}

  /**
   * Rotates {@code trustPolicy} to {@code newId}, the old ids accepted for {@code grace} from
   * {@code now} (rounded up to the second: {@code aws:CurrentTime} has whole seconds).
   *
   * @throws ClientException when the policy is not JSON, or no statement requires an ExternalId
   */
  public static Result rotate(String trustPolicy, String newId, Duration grace, Instant now) {
    ObjectNode root = parse(trustPolicy);
    List<ObjectNode> statements = statements(root);
    int before = statements.size();
    statements.removeIf(s -> graceEnd(s).filter(end -> !end.isAfter(now)).isPresent());
    int expiredRemoved = before - statements.size();
    Instant until = roundUp(now.plus(grace));
    Set<String> oldIds = new LinkedHashSet<>();
    List<ObjectNode> graces = new ArrayList<>();
    for (ObjectNode statement : statements) {
      if (graceEnd(statement).isPresent()) {
        continue;
      }
      List<String> ids = replaceExternalId(statement, Optional.empty());
      if (ids.isEmpty()) {
        continue;
      }
      ObjectNode old = statement.deepCopy();
      replaceExternalId(statement, Optional.of(newId));
      oldIds.addAll(ids);
      if (!grace.isZero() && !ids.equals(List.of(newId))) {
        graces.add(graceStatement(old, until, graces.size()));
      }
    }
    if (oldIds.isEmpty()) {
      throw ClientException.of(
          Kind.CONFIGURATION, "the trust policy has no statement with an sts:ExternalId condition");
    }
    statements.addAll(graces);
    ArrayNode array = root.putArray("Statement");
    statements.forEach(array::add);
    return new Result(
        root.toString(),
        List.copyOf(oldIds),
        graces.isEmpty() ? Optional.empty() : Optional.of(until),
        expiredRemoved);
  }

  private static ObjectNode parse(String document) {
    try {
      JsonNode root = JSON.readTree(document);
      if (root instanceof ObjectNode object && root.has("Statement")) {
        return object;
      }
    } catch (JsonProcessingException e) {
      // Reported below, without the document's text.
    }
    throw ClientException.of(Kind.CONFIGURATION, "the trust policy is not a policy document");
  }

  private static List<ObjectNode> statements(ObjectNode root) {
    JsonNode node = root.get("Statement");
    List<ObjectNode> statements = new ArrayList<>();
    for (JsonNode s : node.isArray() ? node : List.of(node)) {
      if (s instanceof ObjectNode object) {
        statements.add(object);
      }
    }
    return statements;
  }

  /**
   * The ExternalId values {@code statement} requires, under any operator; with {@code newId} they
   * are replaced by it.
   */
  private static List<String> replaceExternalId(ObjectNode statement, Optional<String> newId) {
    List<String> ids = new ArrayList<>();
    if (!(statement.get("Condition") instanceof ObjectNode condition)) {
      return ids;
    }
    for (JsonNode operator : condition) {
      if (!(operator instanceof ObjectNode keys)) {
        continue;
      }
      List<String> names = new ArrayList<>();
      keys.fieldNames().forEachRemaining(names::add);
      for (String key : names) {
        if (key.equalsIgnoreCase(EXTERNAL_ID)) {
          JsonNode value = keys.get(key);
          for (JsonNode v : value.isArray() ? value : List.of(value)) {
            ids.add(v.asText());
          }
          newId.ifPresent(id -> keys.put(key, id));
        }
      }
    }
    return ids;
  }

  private static ObjectNode graceStatement(ObjectNode old, Instant until, int index) {
    ObjectNode grace = old.deepCopy();
    grace.put("Sid", GRACE_SID + SID_TIME.format(until) + (index == 0 ? "" : "N" + index));
    ObjectNode dateLessThan = child(child(grace, "Condition"), "DateLessThan");
    Optional<Instant> earlier = instant(dateLessThan.get(CURRENT_TIME));
    if (earlier.isEmpty() || earlier.get().isAfter(until)) {
      dateLessThan.put(CURRENT_TIME, until.toString());
    }
    return grace;
  }

  private static ObjectNode child(ObjectNode parent, String name) {
    if (parent.get(name) instanceof ObjectNode existing) {
      return existing;
    }
    return parent.putObject(name);
  }

  /** When a grace statement ends; empty for any other statement. */
  private static Optional<Instant> graceEnd(ObjectNode statement) {
    JsonNode sid = statement.get("Sid");
    if (sid == null || !sid.asText().startsWith(GRACE_SID)) {
      return Optional.empty();
    }
    return instant(statement.path("Condition").path("DateLessThan").get(CURRENT_TIME));
  }

  private static Optional<Instant> instant(JsonNode value) {
    if (value == null || !value.isTextual()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(value.asText()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** {@code t} rounded up to a whole second. */
  public static Instant roundUp(Instant t) {
    Instant second = t.truncatedTo(ChronoUnit.SECONDS);
    return second.equals(t) ? t : second.plusSeconds(1);
  }
}
