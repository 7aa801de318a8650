package dev.crossrole.policy.internal.lint;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads policy elements loosely: checks see what is there and leave type errors to the parser. */
final class Json {
  private Json() {}

  /** The strings of an element written as one string or an array; other items are skipped. */
  static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isTextual()) {
      out.add(node.textValue());
    } else if (node.isArray()) {
      for (JsonNode item : node) {
        if (item.isTextual()) {
          out.add(item.textValue());
        }
      }
    }
    return out;
  }

  /** The items of a condition value: the array's items, or the value itself. */
  static List<JsonNode> items(JsonNode node) {
    List<JsonNode> out = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(out::add);
    } else {
      out.add(node);
    }
    return out;
  }

  /** The text of a scalar (strings, numbers, booleans as written), empty for containers. */
  static Optional<String> scalar(JsonNode node) {
    if (node.isTextual()) {
      return Optional.of(node.textValue());
    }
    if (node.isNumber() || node.isBoolean()) {
      return Optional.of(node.asText());
    }
    return Optional.empty();
  }

  static boolean hasWildcard(String value) {
    return value.indexOf('*') >= 0 || value.indexOf('?') >= 0;
  }
}
