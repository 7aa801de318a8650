package dev.crossrole.server.internal.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossrole.server.internal.request.AwsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Typed reads of a JSON protocol input document. A member of the wrong type or out of its model
 * constraints is ECR's {@code InvalidParameterException}, worded as ECR words it.
 */
public final class JsonInput {
  private final ObjectNode input;

  public JsonInput(ObjectNode input) {
    this.input = input;
  }

  public static AwsException invalid(String member, String constraint) {
    return AwsException.json(
        "InvalidParameterException",
        "Invalid parameter at '" + member + "' failed to satisfy constraint: '" + constraint + "'");
  }

  private Optional<JsonNode> member(String name) {
    JsonNode n = input.get(name);
    return n == null || n.isNull() ? Optional.empty() : Optional.of(n);
  }

  public Optional<String> string(String name) {
    return member(name).map(n -> text(name, n));
  }

  public String requiredString(String name) {
    return string(name).orElseThrow(() -> invalid(name, "Member must not be null"));
  }

  public Optional<Boolean> bool(String name) {
    return member(name)
        .map(
            n -> {
              if (!n.isBoolean()) {
                throw invalid(name, "must be a boolean");
              }
              return n.booleanValue();
            });
  }

  public Optional<Integer> integer(String name, int min, int max) {
    return member(name)
        .map(
            n -> {
              if (!n.isIntegralNumber() || !n.canConvertToInt()) {
                throw invalid(name, "must be an integer");
              }
              int v = n.intValue();
              if (v < min || v > max) {
                throw invalid(name, "must be between " + min + " and " + max + ", inclusive");
              }
              return v;
            });
  }

  public Optional<ObjectNode> object(String name) {
    return member(name)
        .map(
            n -> {
              if (!n.isObject()) {
                throw invalid(name, "must be a structure");
              }
              return (ObjectNode) n;
            });
  }

  /** A list member, empty when absent. */
  public Optional<List<JsonNode>> list(String name) {
    return member(name)
        .map(
            n -> {
              if (!n.isArray()) {
                throw invalid(name, "must be a list");
              }
              List<JsonNode> out = new ArrayList<>();
              n.forEach(out::add);
              return out;
            });
  }

  public Optional<List<String>> strings(String name) {
    return list(name)
        .map(
            items -> {
              List<String> out = new ArrayList<>();
              for (JsonNode n : items) {
                out.add(text(name, n));
              }
              return out;
            });
  }

  /** A list of structures, each read with its own {@link JsonInput}. */
  public Optional<List<JsonInput>> objects(String name) {
    return list(name)
        .map(
            items -> {
              List<JsonInput> out = new ArrayList<>();
              for (JsonNode n : items) {
                if (!n.isObject()) {
                  throw invalid(name, "must be a list of structures");
                }
                out.add(new JsonInput((ObjectNode) n));
              }
              return out;
            });
  }

  private static String text(String name, JsonNode n) {
    if (!n.isTextual()) {
      throw invalid(name, "must be a string");
    }
    return n.textValue();
  }

  /** Checks a string's length and pattern. */
  public static String check(String member, String value, int min, int max, Pattern pattern) {
    check(member, value, min, max);
    if (!pattern.matcher(value).matches()) {
      throw invalid(member, "must satisfy regular expression '" + pattern.pattern() + "'");
    }
    return value;
  }

  /** Checks a string's length only, for members whose model allows any character. */
  public static String check(String member, String value, int min, int max) {
    if (value.length() < min) {
      throw invalid(member, "must have length greater than or equal to " + min);
    }
    if (value.length() > max) {
      throw invalid(member, "must have length less than or equal to " + max);
    }
    return value;
  }
}
