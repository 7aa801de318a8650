package dev.crossrole.policy.internal.lint;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One operator/key pair of a statement's Condition block as written.
 *
 * @param statement the statement holding the condition
 * @param operator the operator, parsed
 * @param key the condition key as written
 * @param value the value as written: a scalar or an array
 * @param location where it is: {@code Statement[0].Condition.StringEquals.sts:ExternalId}
 */
record ConditionEntry(
    RawStatement statement, OperatorName operator, String key, JsonNode value, String location) {

  /** Every operator/key pair of the statement whose operator maps keys to values. */
  static List<ConditionEntry> of(RawStatement s) {
    List<ConditionEntry> out = new ArrayList<>();
    JsonNode block = s.get("Condition");
    if (!block.isObject()) {
      return out;
    }
    String blockPath = s.at("Condition");
    for (Map.Entry<String, JsonNode> op : block.properties()) {
      if (!op.getValue().isObject()) {
        continue;
      }
      OperatorName operator = OperatorName.parse(op.getKey());
      String opPath = Paths.child(blockPath, op.getKey());
      for (Map.Entry<String, JsonNode> key : op.getValue().properties()) {
        out.add(
            new ConditionEntry(
                s, operator, key.getKey(), key.getValue(), Paths.child(opPath, key.getKey())));
      }
    }
    return out;
  }

  /** Whether the key is {@code name}; condition key names are case-insensitive. */
  boolean keyIs(String name) {
    return key.equalsIgnoreCase(name);
  }

  String lowerCaseKey() {
    return key.toLowerCase(Locale.ROOT);
  }

  /** The scalar values as text; nested arrays and objects are the parser's to refuse. */
  List<String> values() {
    List<String> out = new ArrayList<>();
    for (JsonNode item : Json.items(value)) {
      Json.scalar(item).ifPresent(out::add);
    }
    return out;
  }
}
