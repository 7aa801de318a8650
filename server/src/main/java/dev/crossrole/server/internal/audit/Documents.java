package dev.crossrole.server.internal.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossrole.server.internal.query.XmlNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The shapes CloudTrail gives parameters and responses: camel-cased names, lists as arrays, and
 * every credential removed — secret access keys, session tokens, passwords and registry tokens
 * never reach the trail.
 */
final class Documents {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * Member names whose values are secrets, wherever they appear, in any case: ordered ignoring case
   * so that each member's name is looked up as it is, without a lower-cased copy.
   */
  private static final Set<String> SECRETS = secrets();

  /** Query parameters that say how to call, not what. */
  private static final Set<String> PROTOCOL_PARAMETERS = Set.of("Action", "Version");

  private static final Pattern LIST_INDEX = Pattern.compile("[1-9]\\d{0,3}");

  /** The largest list index read from a parameter name; beyond it the name is kept as it is. */
  private static final int MAX_INDEX = 1000;

  private Documents() {}

  private static Set<String> secrets() {
    TreeSet<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    names.addAll(
        List.of(
            "secretAccessKey",
            "sessionToken",
            "password",
            "newPassword",
            "oldPassword",
            "authorizationToken",
            "token",
            "access_token",
            "privateKey",
            "samlAssertion",
            "webIdentityToken"));
    return Collections.unmodifiableSet(names);
  }

  /** The request parameters as CloudTrail shows them, credentials removed; empty when none. */
  static Optional<ObjectNode> requestParameters(ApiCall.Parameters parameters) {
    ObjectNode out =
        parameters instanceof ApiCall.Parameters.Query query
            ? fromQuery(query.values())
            : ((ApiCall.Parameters.Json) parameters).document().deepCopy();
    redact(out);
    return out.isEmpty() ? Optional.empty() : Optional.of(out);
  }

  /** The response's elements as CloudTrail shows them, credentials removed. */
  static Optional<ObjectNode> responseElements(ApiCall.Answer answer) {
    ObjectNode out =
        answer instanceof ApiCall.Answer.Xml xml
            ? fromResult(xml.answer().result())
            : ((ApiCall.Answer.Json) answer).document().deepCopy();
    redact(out);
    return out.isEmpty() ? Optional.empty() : Optional.of(out);
  }

  /** Removes every member named as a secret, at any depth. */
  static void redact(JsonNode node) {
    if (node instanceof ObjectNode object) {
      List<String> secrets = new ArrayList<>();
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        if (SECRETS.contains(field.getKey())) {
          secrets.add(field.getKey());
        } else {
          redact(field.getValue());
        }
      }
      object.remove(secrets);
    } else if (node instanceof ArrayNode array) {
      array.forEach(Documents::redact);
    }
  }

  /** {@code Tags.member.1.Key=k} as {@code {"tags": [{"key": "k"}]}}. */
  static ObjectNode fromQuery(Map<String, String> values) {
    ObjectNode out = NODES.objectNode();
    values.entrySet().stream()
        .filter(e -> !PROTOCOL_PARAMETERS.contains(e.getKey()))
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> put(out, List.of(e.getKey().split("\\.", -1)), e.getValue()));
    return out;
  }

  private static void put(ObjectNode object, List<String> path, String value) {
    String name = camel(path.get(0));
    if (path.size() == 1) {
      object.put(name, value);
      return;
    }
    Optional<Integer> index =
        path.size() >= 3 ? listIndex(path.get(1), path.get(2)) : Optional.empty();
    if (index.isPresent()) {
      ArrayNode array =
          object.get(name) instanceof ArrayNode existing ? existing : object.putArray(name);
      while (array.size() <= index.get()) {
        array.addNull();
      }
      if (path.size() == 3) {
        array.set(index.get(), NODES.textNode(value));
      } else {
        ObjectNode element =
            array.get(index.get()) instanceof ObjectNode existing ? existing : NODES.objectNode();
        array.set(index.get(), element);
        put(element, path.subList(3, path.size()), value);
      }
      return;
    }
    ObjectNode child =
        object.get(name) instanceof ObjectNode existing ? existing : object.putObject(name);
    put(child, path.subList(1, path.size()), value);
  }

  /** The zero-based index of {@code member.N} or {@code entry.N}, when the name is one. */
  private static Optional<Integer> listIndex(String marker, String number) {
    if (!(marker.equals("member") || marker.equals("entry"))
        || !LIST_INDEX.matcher(number).matches()) {
      return Optional.empty();
    }
    int n = Integer.parseInt(number);
    return n <= MAX_INDEX ? Optional.of(n - 1) : Optional.empty();
  }

  /**
   * The {@code …Result} element of a Query answer, as JSON: taken from the elements the service
   * wrote, not read back from the text.
   */
  static ObjectNode fromResult(List<XmlNode> result) {
    return toJson(result) instanceof ObjectNode object ? object : NODES.objectNode();
  }

  /**
   * An element's content: its text when it has no child elements, an array when every child is a
   * {@code member}, otherwise an object of its children.
   */
  private static JsonNode toJson(XmlNode node) {
    return node instanceof XmlNode.Text text
        ? NODES.textNode(text.text())
        : toJson(((XmlNode.Parent) node).children());
  }

  private static JsonNode toJson(List<XmlNode> children) {
    if (children.isEmpty()) {
      return NODES.textNode("");
    }
    if (children.stream().allMatch(child -> child.name().equals("member"))) {
      ArrayNode array = NODES.arrayNode(children.size());
      children.forEach(child -> array.add(toJson(child)));
      return array;
    }
    ObjectNode object = NODES.objectNode();
    children.forEach(child -> object.set(camel(child.name()), toJson(child)));
    return object;
  }

  /** {@code RoleArn} as CloudTrail writes it: {@code roleArn}. */
  static String camel(String name) {
    return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }
}
