package dev.crossrole.policy.internal.lint;

import dev.crossrole.policy.Condition.SetQualifier;
import dev.crossrole.policy.Severity;
import dev.crossrole.policy.internal.ConditionOperator;
import dev.crossrole.policy.internal.ConditionOperator.Family;
import java.util.List;

/**
 * Condition tests that let through more than they read: negations and all-wildcard patterns in an
 * Allow, wildcards an equality operator takes literally, and set qualifiers on keys that hold one
 * value.
 */
final class ConditionScopeRule implements Rule {
  @Override
  public void check(LintContext c) {
    for (RawStatement s : c.objectStatements()) {
      for (ConditionEntry e : ConditionEntry.of(s)) {
        OperatorName op = e.operator();
        if (op.base().isPresent() && !(op.ifExists() && op.is(ConditionOperator.NULL))) {
          check(c, s, e, op.base().get(), e.values());
        }
      }
    }
  }

  private static void check(
      LintContext c,
      RawStatement s,
      ConditionEntry e,
      ConditionOperator base,
      List<String> values) {
    OperatorName op = e.operator();
    if ((base.family() == Family.STRING || base.family() == Family.STRING_IGNORE_CASE)
        && values.stream().anyMatch(ConditionScopeRule::hasUnescapedWildcard)) {
      c.findings.statement(
          s,
          Check.WILDCARD_WITHOUT_LIKE_OPERATOR,
          op.text()
              + " compares * and ? literally. If they are meant as wildcards, use "
              + (base.negated() ? "StringNotLike" : "StringLike")
              + ".",
          e.location());
    }
    if (s.allows() && base.negated()) {
      c.findings.statement(
          s,
          Check.ALLOW_WITH_NEGATED_CONDITION,
          op.text()
              + " in an Allow matches every value except the ones listed"
              + (op.qualifier() == SetQualifier.FOR_ANY_VALUE
                  ? ""
                  : ", and also requests that do not carry " + e.key() + " at all")
              + ", so the statement allows more than it reads. Prefer a positive test in the"
              + " Allow, or move the negation to a Deny.",
          e.location());
    }
    if (s.allows()
        && !base.negated()
        && (base.family() == Family.STRING_LIKE || base.family() == Family.ARN)
        && values.stream().anyMatch(ConditionScopeRule::matchesNearlyAnything)) {
      c.findings.statement(
          s,
          Check.OVERLY_BROAD_CONDITION,
          op.text()
              + " with a value made only of wildcards matches any "
              + e.key()
              + ", so this test restricts almost nothing. Write the values you mean.",
          e.location());
    }
    setQualifier(c, s, e);
  }

  private static void setQualifier(LintContext c, RawStatement s, ConditionEntry e) {
    SetQualifier q = e.operator().qualifier();
    if (q == SetQualifier.NONE || !ConditionKeys.isSingleValued(e.key())) {
      return;
    }
    if (q == SetQualifier.FOR_ALL_VALUES) {
      // In an Allow this opens the statement to requests without the key; in a Deny it only
      // makes the Deny apply to them too, which is confusing rather than dangerous.
      Severity severity = s.allows() ? Severity.SECURITY_WARNING : Severity.WARNING;
      c.findings.statement(
          s,
          Check.FORALLVALUES_WITH_SINGLE_VALUED_KEY,
          severity,
          e.key()
              + " is single-valued, and ForAllValues also matches when the request has no "
              + e.key()
              + " at all"
              + (s.allows() ? ", which makes this Allow overly permissive" : "")
              + ". Remove ForAllValues:.",
          e.location());
    } else {
      c.findings.statement(
          s,
          Check.FORANYVALUE_WITH_SINGLE_VALUED_KEY,
          e.key()
              + " is single-valued, so ForAnyValue: adds nothing and suggests a set where there"
              + " is one value. Remove ForAnyValue:.",
          e.location());
    }
  }

  /** Whether * or ? appear other than in the escapes ${*} and ${?}. */
  private static boolean hasUnescapedWildcard(String value) {
    return Json.hasWildcard(value.replace("${*}", "").replace("${?}", ""));
  }

  /**
   * Whether a Like value is wildcards and separators only: {@code *}, {@code *:*}, {@code
   * arn:aws:*:*:*:*}. Such a value matches any request value of the usual shape.
   */
  static boolean matchesNearlyAnything(String value) {
    String rest = value;
    for (String prefix : new String[] {"arn:aws:", "arn:*:", "arn:"}) {
      if (rest.startsWith(prefix)) {
        rest = rest.substring(prefix.length());
        break;
      }
    }
    if (rest.indexOf('*') < 0) {
      return false;
    }
    for (int i = 0; i < rest.length(); i++) {
      char ch = rest.charAt(i);
      if (ch != '*' && ch != '?' && ch != ':' && ch != '/') {
        return false;
      }
    }
    return true;
  }
}
