package dev.crossrole.policy.internal.lint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossrole.policy.PolicyVersion;
import java.util.Optional;

/**
 * Policy variables in a policy whose language version has none: under 2008-10-17 (also what a
 * missing Version means) {@code ${aws:username}} is matched as those fourteen characters, so the
 * resource or condition never matches what its author meant.
 */
final class VariableRule implements Rule {
  @Override
  public void check(LintContext c) {
    JsonNode version = c.root.path("Version");
    if (!version.isMissingNode()) {
      Optional<PolicyVersion> v =
          version.isTextual() ? PolicyVersion.of(version.textValue()) : Optional.empty();
      if (v.isEmpty() || v.get().supportsVariables()) {
        return; // variables work, or the Version is wrong and reported already
      }
    }
    String versionText = version.isMissingNode() ? "no Version (read as 2008-10-17)" : "2008-10-17";
    for (RawStatement s : c.objectStatements()) {
      for (String element : new String[] {"Resource", "NotResource"}) {
        if (Json.strings(s.get(element)).stream().anyMatch(VariableRule::hasVariable)) {
          report(c, s, versionText, s.at(element));
        }
      }
      for (ConditionEntry e : ConditionEntry.of(s)) {
        if (e.values().stream().anyMatch(VariableRule::hasVariable)) {
          report(c, s, versionText, e.location());
        }
      }
    }
  }

  private static boolean hasVariable(String value) {
    return value.contains("${");
  }

  private static void report(LintContext c, RawStatement s, String versionText, String where) {
    c.findings.statement(
        s,
        Check.VARIABLE_UNSUPPORTED_IN_VERSION,
        "This value uses a policy variable, but the policy has "
            + versionText
            + ", where ${...} is literal text. Set \"Version\": \"2012-10-17\".",
        where);
  }
}
