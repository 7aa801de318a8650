package dev.crossrole.policy.internal.lint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossrole.policy.Finding;
import dev.crossrole.policy.Grammar;
import dev.crossrole.policy.PolicyDocument;
import dev.crossrole.policy.PolicyKind;
import java.util.List;
import java.util.Optional;

/** Runs every check over one document; the engine behind {@code PolicyLinter}. */
public final class Linter {
  private static final List<Rule> RULES =
      List.of(
          new DocumentRule(),
          new StatementRule(),
          new PrincipalRule(),
          new ExternalIdRule(),
          new ConditionRule(),
          new ConditionScopeRule(),
          new VariableRule(),
          new PassRoleRule(),
          new RedundancyRule());

  private Linter() {}

  /** The findings for {@code json} read under {@code grammar}, in report order. */
  public static List<Finding> lint(String json, Grammar grammar) {
    Findings findings = new Findings();
    JsonInput.characters(json, findings);
    Optional<JsonNode> root = JsonInput.read(json, findings);
    if (root.isEmpty()) {
      return findings.sorted();
    }
    JsonInput.duplicateKeys(json, findings);
    size(json, grammar, findings);
    if (root.get().isObject()) {
      LintContext context = new LintContext(root.get(), grammar, findings);
      for (Rule rule : RULES) {
        run(rule, context);
      }
    }
    ParserCheck.check(json, root.get(), grammar, findings);
    return findings.sorted();
  }

  /**
   * Runs one rule. A rule that throws has a bug; the other rules still run and the failure is
   * reported as a finding, because a linter that crashes on odd input helps no one.
   */
  private static void run(Rule rule, LintContext context) {
    try {
      rule.check(context);
    } catch (RuntimeException e) {
      context.findings.document(
          Check.INTERNAL_ERROR,
          "The "
              + rule.getClass().getSimpleName()
              + " checks failed on this document ("
              + e.getClass().getSimpleName()
              + "); please report it. The other checks ran.",
          Paths.DOCUMENT);
    }
  }

  /** The quota of the usual place a document of this grammar is attached. */
  private static void size(String json, Grammar grammar, Findings findings) {
    PolicyKind kind =
        switch (grammar) {
          case IDENTITY -> PolicyKind.MANAGED;
          case TRUST -> PolicyKind.TRUST;
          case RESOURCE -> PolicyKind.RESOURCE;
        };
    int size = PolicyDocument.sizeWithoutWhitespace(json);
    if (size > kind.maxSize()) {
      findings.document(
          Check.POLICY_SIZE_EXCEEDS_QUOTA,
          "The policy has "
              + size
              + " characters other than white space, more than the "
              + kind.maxSize()
              + " IAM allows here (\""
              + kind.quotaMessage()
              + "\"). Split it into several policies.",
          Paths.DOCUMENT);
    }
  }
}
