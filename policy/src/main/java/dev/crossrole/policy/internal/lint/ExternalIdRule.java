package dev.crossrole.policy.internal.lint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossrole.policy.Condition.SetQualifier;
import dev.crossrole.policy.Grammar;
import dev.crossrole.policy.internal.ConditionOperator;
import dev.crossrole.policy.internal.Glob;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The confused deputy check of trust policies. A role that another account assumes on behalf of its
 * customers (a vendor, a build service) must require the ExternalId that account was given for you,
 * or any other customer of that account can make it assume your role. AWS's documented form is
 * {@code "Condition": {"StringEquals": {"sts:ExternalId": "..."}}}.
 *
 * <p>The document alone does not tell which account the role lives in, so every Allow that lets an
 * AWS principal (an account, its root, a user, a role or a session, or {@code "*"}) call {@code
 * sts:AssumeRole} is checked; the finding says it does not matter for principals of the role's own
 * account. Service and federated principals cannot pass an ExternalId and are not checked.
 */
final class ExternalIdRule implements Rule {
  private static final String KEY = "sts:ExternalId";

  /** How well one condition on sts:ExternalId protects the role. */
  private enum Strength {
    /** {@code StringEquals}: the documented form. */
    STRONG,
    /** Requires a matching ExternalId, but not in the documented form. */
    EQUIVALENT,
    /** {@code ...IfExists}: a request without an ExternalId passes. */
    IF_EXISTS,
    /** Passes requests without an ExternalId, or with many values (negated, ForAllValues, …). */
    WEAK
  }

  @Override
  public void check(LintContext c) {
    if (c.grammar != Grammar.TRUST) {
      return;
    }
    for (RawStatement s : c.objectStatements()) {
      List<String> principals = awsPrincipals(s.get("Principal"));
      if (!s.allows() || principals.isEmpty() || !allowsAssumeRole(s)) {
        continue;
      }
      List<ConditionEntry> tests = new ArrayList<>();
      for (ConditionEntry e : ConditionEntry.of(s)) {
        if (e.keyIs(KEY)) {
          tests.add(e);
        }
      }
      judge(c, s, principals, tests);
    }
  }

  private static void judge(
      LintContext c, RawStatement s, List<String> principals, List<ConditionEntry> tests) {
    if (tests.isEmpty()) {
      c.findings.statement(
          s,
          Check.MISSING_EXTERNAL_ID,
          "This statement lets "
              + describe(principals)
              + " assume the role without an sts:ExternalId condition. When the role is for a"
              + " third party or another account that acts for several customers, that account"
              + " can be tricked into using your role for someone else (the confused deputy"
              + " problem). Require the ExternalId it gave you: \"Condition\": {\"StringEquals\":"
              + " {\"sts:ExternalId\": \"...\"}}. Principals in the role's own account do not"
              + " need one.",
          principalLocation(s));
      return;
    }
    Optional<ConditionEntry> equivalent = Optional.empty();
    for (ConditionEntry e : tests) {
      Strength strength = strength(e);
      if (strength == Strength.STRONG) {
        return; // conditions are and-ed: one exact test is enough, the others only narrow it
      }
      if (strength == Strength.EQUIVALENT && equivalent.isEmpty()) {
        equivalent = Optional.of(e);
      }
    }
    if (equivalent.isPresent()) {
      c.findings.statement(
          s,
          Check.EXTERNAL_ID_NOT_STRING_EQUALS,
          "This "
              + equivalent.get().operator().text()
              + " test requires an ExternalId, but AWS documents (and reviewers expect)"
              + " StringEquals with the exact value for sts:ExternalId; use that form.",
          equivalent.get().location());
      return;
    }
    ConditionEntry first = tests.get(0);
    if (strength(first) == Strength.IF_EXISTS) {
      c.findings.statement(
          s,
          Check.EXTERNAL_ID_IF_EXISTS,
          first.operator().text()
              + " passes a request that carries no ExternalId at all, so it does not protect the"
              + " role from a confused deputy. Use StringEquals: callers must then send the"
              + " ExternalId.",
          first.location());
    } else {
      c.findings.statement(
          s,
          Check.WEAK_EXTERNAL_ID,
          "This "
              + first.operator().text()
              + " test does not require one exact ExternalId (it passes requests without one, or"
              + " with many different values), so it does not protect the role from a confused"
              + " deputy. Use StringEquals with the ExternalId you were given.",
          first.location());
    }
  }

  private static Strength strength(ConditionEntry e) {
    OperatorName op = e.operator();
    if (op.base().isEmpty()) {
      return Strength.WEAK; // an unknown operator enforces nothing (and is reported as an error)
    }
    if (op.ifExists()) {
      return Strength.IF_EXISTS;
    }
    ConditionOperator base = op.base().get();
    if (base.negated()
        || op.qualifier() == SetQualifier.FOR_ALL_VALUES
        || base == ConditionOperator.NULL) {
      return Strength.WEAK;
    }
    List<String> values = e.values();
    if (values.isEmpty()) {
      return Strength.WEAK;
    }
    switch (base.family()) {
      case STRING:
        return op.qualifier() == SetQualifier.NONE ? Strength.STRONG : Strength.EQUIVALENT;
      case STRING_LIKE:
      case ARN:
        return values.stream().anyMatch(Json::hasWildcard) ? Strength.WEAK : Strength.EQUIVALENT;
      default:
        return Strength.EQUIVALENT;
    }
  }

  /** The AWS principals a Principal element names: the AWS list, or "*" for everyone. */
  private static List<String> awsPrincipals(JsonNode principal) {
    if (principal.isTextual()) {
      return principal.textValue().equals("*") ? List.of("*") : List.of();
    }
    return Json.strings(principal.path("AWS"));
  }

  static boolean allowsAssumeRole(RawStatement s) {
    boolean negated = s.has("NotAction");
    List<String> patterns = Json.strings(s.get(negated ? "NotAction" : "Action"));
    boolean listed = false;
    for (String p : patterns) {
      listed |= Glob.of(p, true).matches("sts:AssumeRole");
    }
    return negated != listed;
  }

  private static String principalLocation(RawStatement s) {
    JsonNode p = s.get("Principal");
    return p.isObject() ? Paths.child(s.at("Principal"), "AWS") : s.at("Principal");
  }

  private static String describe(List<String> principals) {
    if (principals.contains("*")) {
      return "any AWS principal (\"*\")";
    }
    int shown = Math.min(principals.size(), 3);
    String named = String.join(", ", principals.subList(0, shown));
    String more = principals.size() > shown ? " and " + (principals.size() - shown) + " more" : "";
    return (principals.size() == 1 ? "the AWS principal " : "the AWS principals ") + named + more;
  }
}
