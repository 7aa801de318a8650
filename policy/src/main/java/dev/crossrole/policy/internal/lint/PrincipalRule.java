package dev.crossrole.policy.internal.lint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossrole.policy.Grammar;
import dev.crossrole.policy.internal.ConditionOperator;
import java.util.List;
import java.util.Map;

/**
 * The Principal and NotPrincipal elements: where they belong, wildcards, and grants to everyone.
 *
 * <p>A statement that allows {@code "*"} (or {@code {"AWS": "*"}}) is reported as a security
 * warning, in trust and resource policies alike, unless a condition ties it to known principals
 * ({@code aws:PrincipalOrgID}, {@code aws:PrincipalAccount}, {@code aws:SourceArn}, …). It stays a
 * warning rather than an error even in an unconditioned trust policy: IAM accepts the document and
 * it works as written; it simply lets any AWS account assume the role.
 */
final class PrincipalRule implements Rule {
  @Override
  public void check(LintContext c) {
    for (RawStatement s : c.objectStatements()) {
      boolean negated = s.has("NotPrincipal");
      String name = negated ? "NotPrincipal" : "Principal";
      if (c.grammar == Grammar.IDENTITY) {
        if (s.has("Principal") || negated) {
          c.findings.statement(
              s,
              Check.UNSUPPORTED_PRINCIPAL,
              "Identity-based policies apply to the identity they are attached to and cannot name"
                  + " a "
                  + name
                  + "; remove it, or lint this document as a trust or resource policy.",
              s.at(name));
        }
        continue;
      }
      if (!s.has("Principal") && !negated) {
        c.findings.statement(
            s,
            Check.MISSING_PRINCIPAL,
            "Add a Principal element: "
                + (c.grammar == Grammar.TRUST ? "a trust" : "a resource-based")
                + " policy must say who it applies to.",
            s.path());
        continue;
      }
      if (negated && s.allows()) {
        c.findings.statement(
            s,
            Check.ALLOW_WITH_NOT_PRINCIPAL,
            "Allow with NotPrincipal grants access to every principal not listed, anonymous"
                + " callers included. Name the principals that need access in a Principal"
                + " element instead.",
            s.at("NotPrincipal"));
      }
      values(c, s, s.get(name), s.at(name));
      if (!negated && s.allows() && namesEveryone(s.get("Principal")) && !restricted(s)) {
        c.findings.statement(
            s, Check.WILDCARD_PRINCIPAL, everyoneMessage(c.grammar), wildcardLocation(s));
      }
    }
  }

  private static void values(LintContext c, RawStatement s, JsonNode p, String where) {
    if (!p.isObject()) {
      return; // "*" is handled by the wildcard check; other text is the parser's to refuse
    }
    if (p.isEmpty()) {
      c.findings.statement(
          s,
          Check.EMPTY_OBJECT_PRINCIPAL,
          "The principal object is empty, so the statement applies to no one. Name principals.",
          where);
      return;
    }
    for (Map.Entry<String, JsonNode> e : p.properties()) {
      String typePath = Paths.child(where, e.getKey());
      if (e.getValue().isArray() && e.getValue().isEmpty()) {
        c.findings.statement(
            s,
            Check.EMPTY_ARRAY_PRINCIPAL,
            "The " + e.getKey() + " list is empty and names no one. Name principals or remove it.",
            typePath);
      }
      for (String value : Json.strings(e.getValue())) {
        value(c, s, e.getKey(), value, typePath);
      }
    }
  }

  private static void value(LintContext c, RawStatement s, String type, String value, String at) {
    boolean awsWildcard = type.equals("AWS") && value.equals("*");
    if (!awsWildcard && Json.hasWildcard(value)) {
      c.findings.statement(
          s,
          Check.UNSUPPORTED_WILDCARD_IN_PRINCIPAL,
          "Principal \""
              + value
              + "\": wildcards (*, ?) cannot match part of a principal. Name each principal, or"
              + " use the aws:PrincipalArn condition key with ArnLike.",
          at);
    } else if (type.equals("AWS") && value.startsWith("AROA")) {
      c.findings.statement(
          s,
          Check.INVALID_ROLE_REFERENCE,
          "Principal \""
              + value
              + "\" is a role's unique ID. Write the role's ARN: IAM turns it into the ID itself,"
              + " and a recreated role with the same name gets a new ID.",
          at);
    } else if (type.equals("AWS") && value.startsWith("AIDA")) {
      c.findings.statement(
          s,
          Check.INVALID_USER_REFERENCE,
          "Principal \""
              + value
              + "\" is a user's unique ID. Write the user's ARN: IAM turns it into the ID itself,"
              + " and a recreated user with the same name gets a new ID.",
          at);
    }
  }

  static boolean namesEveryone(JsonNode principal) {
    if (principal.isTextual()) {
      return principal.textValue().equals("*");
    }
    return Json.strings(principal.path("AWS")).contains("*");
  }

  private static String wildcardLocation(RawStatement s) {
    JsonNode p = s.get("Principal");
    return p.isObject() ? Paths.child(s.at("Principal"), "AWS") : s.at("Principal");
  }

  /** Whether some condition limits the statement to known principals whatever the request. */
  private static boolean restricted(RawStatement s) {
    for (ConditionEntry e : ConditionEntry.of(s)) {
      OperatorName op = e.operator();
      boolean binding =
          op.base().isPresent()
              && !op.passesWhenKeyMissing()
              && !op.is(ConditionOperator.NULL)
              && ConditionKeys.isRestricting(e.key());
      List<String> values = e.values();
      if (binding && !values.isEmpty() && values.stream().noneMatch(v -> v.equals("*"))) {
        return true;
      }
    }
    return false;
  }

  private static String everyoneMessage(Grammar grammar) {
    if (grammar == Grammar.TRUST) {
      return "The Principal is \"*\": any AWS principal in any account can assume this role, and"
          + " no condition ties it to your accounts or organization. Name the accounts or roles"
          + " that may assume it, or add a condition on aws:PrincipalOrgID or aws:PrincipalArn.";
    }
    return "The Principal is \"*\": this statement grants access to everyone, any AWS account and"
        + " for many services anonymous callers, and no condition ties it to your accounts or"
        + " organization. Name the principals, or add a condition on aws:PrincipalOrgID,"
        + " aws:PrincipalAccount, aws:SourceArn or aws:SourceAccount.";
  }
}
