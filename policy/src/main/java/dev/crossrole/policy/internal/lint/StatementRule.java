package dev.crossrole.policy.internal.lint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossrole.policy.Grammar;
import dev.crossrole.policy.internal.PolicyElements;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Each statement's own elements: known names, Effect, Sid, and the required elements. */
final class StatementRule implements Rule {
  private static final Pattern ALPHANUMERIC = Pattern.compile("[0-9A-Za-z]*");

  @Override
  public void check(LintContext c) {
    Map<String, RawStatement> sids = new HashMap<>();
    for (RawStatement s : c.objectStatements()) {
      elements(c, s);
      effect(c, s);
      sid(c, s, sids);
      exclusive(c, s, "Action", "NotAction");
      exclusive(c, s, "Resource", "NotResource");
      exclusive(c, s, "Principal", "NotPrincipal");
      if (!s.has("Action") && !s.has("NotAction")) {
        c.findings.statement(
            s,
            Check.MISSING_ACTION,
            "Add an Action or NotAction element to the statement.",
            s.path());
      }
      boolean resource = s.has("Resource") || s.has("NotResource");
      if (c.grammar == Grammar.IDENTITY && !resource) {
        c.findings.statement(
            s,
            Check.MISSING_RESOURCE,
            "Add a Resource or NotResource element: identity-based policies must name resources.",
            s.path());
      }
      if (c.grammar == Grammar.TRUST && resource) {
        String name = s.has("Resource") ? "Resource" : "NotResource";
        c.findings.statement(
            s,
            Check.INVALID_POLICY_ELEMENT,
            "A trust policy has no " + name + ": the resource is always the role itself.",
            s.at(name));
      }
    }
  }

  private static void elements(LintContext c, RawStatement s) {
    s.node()
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (!PolicyElements.STATEMENT.contains(name)) {
                c.findings.statement(
                    s,
                    Check.INVALID_POLICY_ELEMENT,
                    "\""
                        + name
                        + "\" is not a statement element (names are case-sensitive: Sid, Effect,"
                        + " Principal, Action, Resource, Condition and their Not forms).",
                    s.at(name));
              }
            });
  }

  private static void effect(LintContext c, RawStatement s) {
    JsonNode effect = s.get("Effect");
    if (effect.isMissingNode()) {
      c.findings.statement(
          s, Check.MISSING_EFFECT, "Add \"Effect\": \"Allow\" or \"Deny\".", s.path());
    } else if (!s.allows() && !s.denies()) {
      c.findings.statement(
          s,
          Check.INVALID_EFFECT,
          "The Effect must be exactly \"Allow\" or \"Deny\" (case-sensitive).",
          s.at("Effect"));
    }
  }

  private static void sid(LintContext c, RawStatement s, Map<String, RawStatement> sids) {
    JsonNode sid = s.get("Sid");
    if (!sid.isTextual()) {
      return;
    }
    String text = sid.textValue();
    if (text.isEmpty()) {
      c.findings.statement(
          s,
          Check.EMPTY_SID_VALUE,
          "The Sid is empty: give the statement a name or remove the Sid.",
          s.at("Sid"));
      return;
    }
    if (c.grammar != Grammar.RESOURCE && !ALPHANUMERIC.matcher(text).matches()) {
      c.findings.statement(
          s,
          Check.UNSUPPORTED_SID,
          "IAM accepts only letters and digits ([0-9A-Za-z]) in the Sid of this kind of policy.",
          s.at("Sid"));
    }
    RawStatement first = sids.putIfAbsent(text, s);
    if (first != null) {
      c.findings.statement(
          s,
          Check.UNIQUE_SIDS_REQUIRED,
          "The Sid \""
              + text
              + "\" is already used by "
              + first.path()
              + "; statement IDs must be unique within a policy.",
          s.at("Sid"));
    }
  }

  private static void exclusive(LintContext c, RawStatement s, String element, String negated) {
    if (s.has(element) && s.has(negated)) {
      c.findings.statement(
          s,
          Check.UNSUPPORTED_ELEMENT_COMBINATION,
          "A statement cannot have both " + element + " and " + negated + "; remove one.",
          s.at(negated));
    }
  }
}
