package dev.crossrole.policy.internal.lint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossrole.policy.internal.Glob;
import java.util.ArrayList;
import java.util.List;

/**
 * Parts that change nothing: empty Action and Resource lists, values another value of the same list
 * already covers, and statements that repeat an earlier one. They matter because the next edit
 * tends to change one copy and not the other.
 */
final class RedundancyRule implements Rule {
  private static final int MAX_COMPARED = 512;

  @Override
  public void check(LintContext c) {
    List<RawStatement> seen = new ArrayList<>();
    for (RawStatement s : c.objectStatements()) {
      for (String element : new String[] {"Action", "NotAction"}) {
        empty(c, s, element, Check.EMPTY_ARRAY_ACTION, "actions");
        redundant(c, s, element, Check.REDUNDANT_ACTION, true);
      }
      for (String element : new String[] {"Resource", "NotResource"}) {
        empty(c, s, element, Check.EMPTY_ARRAY_RESOURCE, "resources");
        redundant(c, s, element, Check.REDUNDANT_RESOURCE, false);
      }
      JsonNode withoutSid = withoutSid(s.node());
      for (RawStatement earlier : seen) {
        if (withoutSid(earlier.node()).equals(withoutSid)) {
          c.findings.statement(
              s,
              Check.REDUNDANT_STATEMENT,
              "This statement repeats " + earlier.path() + "; remove one of them.",
              s.path());
          break;
        }
      }
      seen.add(s);
    }
  }

  private static void empty(LintContext c, RawStatement s, String element, Check check, String w) {
    JsonNode node = s.get(element);
    if (node.isArray() && node.isEmpty()) {
      c.findings.statement(
          s,
          check,
          "The " + element + " list is empty, so the statement covers no " + w + ". List them.",
          s.at(element));
    }
  }

  /** Reports each value that another value of the list already matches. */
  private static void redundant(
      LintContext c, RawStatement s, String element, Check check, boolean ignoreCase) {
    List<String> values = Json.strings(s.get(element));
    if (values.size() > MAX_COMPARED) {
      return; // pairwise comparison; no policy within IAM's size quotas has lists this long
    }
    for (int i = 0; i < values.size(); i++) {
      for (int j = 0; j < values.size(); j++) {
        if (i != j && covers(values.get(j), values.get(i), ignoreCase, j < i)) {
          c.findings.statement(
              s,
              check,
              "\""
                  + values.get(i)
                  + "\" is redundant: \""
                  + values.get(j)
                  + "\" in the same list already covers it.",
              s.at(element));
          break;
        }
      }
    }
  }

  /**
   * Whether pattern {@code wide} matches everything {@code narrow} does. Equal values count once:
   * only the later copy is redundant. A {@code ?} in {@code wide} cannot cover a wildcard in {@code
   * narrow}, so that case is left alone.
   */
  private static boolean covers(String wide, String narrow, boolean ignoreCase, boolean earlier) {
    boolean equal = ignoreCase ? wide.equalsIgnoreCase(narrow) : wide.equals(narrow);
    if (equal) {
      return earlier;
    }
    if (wide.indexOf('?') >= 0 && Json.hasWildcard(narrow)) {
      return false;
    }
    return Glob.of(wide, ignoreCase).matches(narrow);
  }

  private static JsonNode withoutSid(JsonNode statement) {
    if (!statement.isObject() || !statement.has("Sid")) {
      return statement;
    }
    ObjectNode copy = ((ObjectNode) statement).deepCopy();
    copy.remove("Sid");
    return copy;
  }
}
