package dev.crossrole.policy.internal.lint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossrole.policy.Condition.SetQualifier;
import dev.crossrole.policy.internal.ConditionOperator;
import dev.crossrole.policy.internal.ConditionOperator.Family;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Condition block's form: operators IAM knows, keys with a service prefix, Boolean values where
 * the operator needs them, and no empty or repeated parts. {@link ConditionScopeRule} judges what
 * the well-formed tests let through.
 */
final class ConditionRule implements Rule {
  @Override
  public void check(LintContext c) {
    for (RawStatement s : c.objectStatements()) {
      JsonNode block = s.get("Condition");
      if (!block.isObject()) {
        continue;
      }
      if (block.isEmpty()) {
        c.findings.statement(
            s,
            Check.EMPTY_OBJECT_CONDITION,
            "The Condition block is empty and changes nothing; remove it or add conditions.",
            s.at("Condition"));
      }
      for (Map.Entry<String, JsonNode> op : block.properties()) {
        String at = Paths.child(s.at("Condition"), op.getKey());
        if (operator(c, s, OperatorName.parse(op.getKey()), at) && op.getValue().isObject()) {
          if (op.getValue().isEmpty()) {
            c.findings.statement(
                s,
                Check.EMPTY_OBJECT_CONDITION,
                "This operator tests no keys and changes nothing; remove it or add keys.",
                at);
          }
          duplicateKeys(c, s, op.getValue(), at);
        }
      }
      for (ConditionEntry e : ConditionEntry.of(s)) {
        if (e.operator().base().isPresent() && !nullWithIfExists(e.operator())) {
          key(c, s, e);
        }
      }
    }
  }

  /** Checks the operator name; true when it is one IAM accepts, so its keys are worth checking. */
  private static boolean operator(LintContext c, RawStatement s, OperatorName op, String at) {
    if (nullWithIfExists(op)) {
      c.findings.statement(
          s,
          Check.NULL_WITH_IF_EXISTS,
          "The Null operator cannot take the IfExists suffix: Null itself tests whether the key"
              + " exists. Use Null, or another operator with IfExists.",
          at);
      return false;
    }
    if (op.base().isEmpty()) {
      c.findings.statement(s, Check.INVALID_CONDITION_OPERATOR, unknownOperatorMessage(op), at);
      return false;
    }
    if (op.is(ConditionOperator.NULL) && op.qualifier() != SetQualifier.NONE) {
      c.findings.statement(
          s,
          Check.NULL_WITH_QUALIFIER,
          "Null with "
              + op.qualifier().prefix()
              + " always returns "
              + (op.qualifier() == SetQualifier.FOR_ALL_VALUES ? "true" : "false")
              + "; use Null without a qualifier.",
          at);
    }
    return true;
  }

  private static boolean nullWithIfExists(OperatorName op) {
    return op.ifExists() && op.is(ConditionOperator.NULL);
  }

  private static String unknownOperatorMessage(OperatorName op) {
    for (ConditionOperator known : ConditionOperator.values()) {
      if (known.text().equalsIgnoreCase(op.baseText())) {
        return "Unknown condition operator \""
            + op.text()
            + "\": operator names are case-sensitive; did you mean "
            + op.qualifier().prefix()
            + known.text()
            + (op.ifExists() ? "IfExists" : "")
            + "?";
      }
    }
    return "Unknown condition operator \""
        + op.text()
        + "\". Use one of IAM's operators (StringEquals, StringLike, ArnLike, Bool, Null,"
        + " NumericLessThan, DateGreaterThan, IpAddress, …), optionally prefixed with"
        + " ForAllValues: or ForAnyValue: and suffixed with IfExists.";
  }

  /** Keys are case-insensitive, so two spellings of one key in a block test it twice. */
  private static void duplicateKeys(LintContext c, RawStatement s, JsonNode keys, String at) {
    Map<String, String> seen = new HashMap<>();
    keys.fieldNames()
        .forEachRemaining(
            key -> {
              String first = seen.putIfAbsent(key.toLowerCase(Locale.ROOT), key);
              if (first != null) {
                c.findings.statement(
                    s,
                    Check.DUPLICATE_KEYS_WITH_DIFFERENT_CASE,
                    "The key \""
                        + key
                        + "\" repeats \""
                        + first
                        + "\" with different capitals; condition key names are not"
                        + " case-sensitive. Keep one.",
                    Paths.child(at, key));
              }
            });
  }

  private static void key(LintContext c, RawStatement s, ConditionEntry e) {
    OperatorName op = e.operator();
    ConditionOperator base = op.base().orElseThrow();
    int colon = e.key().indexOf(':');
    if (colon <= 0 || colon == e.key().length() - 1) {
      c.findings.statement(
          s,
          Check.INVALID_CONDITION_KEY_FORMAT,
          "The condition key \""
              + e.key()
              + "\" has no service prefix; write it as service:name, such as aws:SourceIp or"
              + " sts:ExternalId.",
          e.location());
    }
    List<String> values = e.values();
    if (e.value().isArray() && e.value().isEmpty()) {
      c.findings.statement(s, Check.EMPTY_ARRAY_CONDITION, emptyMessage(op), e.location());
    }
    if (base.family() == Family.BOOL || base.family() == Family.NULL) {
      booleans(c, s, e, values);
    }
  }

  private static void booleans(LintContext c, RawStatement s, ConditionEntry e, List<String> vs) {
    for (String v : vs) {
      if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
        c.findings.statement(
            s,
            Check.TYPE_MISMATCH_BOOLEAN,
            e.operator().text() + " takes true or false, not \"" + v + "\".",
            e.location());
        return;
      }
    }
    if (vs.size() > 1 && e.operator().is(ConditionOperator.BOOL)) {
      c.findings.statement(
          s,
          Check.INVALID_CONDITION_MULTIPLE_BOOLEAN,
          e.key()
              + " holds one Boolean; listing several values makes the test match (or fail) for"
              + " either. Use a single true or false.",
          e.location());
    }
  }

  private static String emptyMessage(OperatorName op) {
    if (op.qualifier() == SetQualifier.FOR_ALL_VALUES || op.ifExists()) {
      return "With no values, this test matches only requests without the key. To test that,"
          + " use the Null operator with true.";
    }
    if (op.qualifier() == SetQualifier.FOR_ANY_VALUE) {
      return "With no values, ForAnyValue never matches and the statement never applies.";
    }
    return "There are no values for the condition key; list the values to compare with.";
  }
}
