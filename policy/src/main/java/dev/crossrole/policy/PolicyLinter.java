package dev.crossrole.policy;

import java.util.List;
import java.util.Objects;

/** Access-Analyzer-style checks of a policy document. */
public final class PolicyLinter {
  private PolicyLinter() {}

  /** Lints {@code json} as a policy of {@code grammar}; never throws for any input. */
  public static List<Finding> lint(String json, Grammar grammar) {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(grammar, "grammar");
    try {
      PolicyDocument.parse(json, grammar);
      return List.of();
    } catch (PolicyValidationException e) {
      return List.of(
          new Finding(Severity.ERROR, e.problem().awsCode(), String.valueOf(e.getMessage()), ""));
    }
  }
}
