package dev.crossrole.policy;

import java.util.List;
import java.util.Objects;

/**
 * A decision with its explanation: the statements that decided it (the denying statements of an
 * explicit deny, the allowing statements otherwise) and, for an implicit deny, the policy types
 * that lacked an allow, most telling first.
 */
public record Evaluation(
    Decision decision, List<StatementRef> statements, List<PolicyType> lacking) {

  public Evaluation {
    Objects.requireNonNull(decision, "decision");
    statements = List.copyOf(statements);
    lacking = List.copyOf(lacking);
  }

  /** Whether the request is allowed. */
  public boolean allowed() {
    return decision == Decision.ALLOWED;
  }

  /**
   * The reason clause of an AWS AccessDenied message, such as {@code because no identity-based
   * policy allows the sts:AssumeRole action} or {@code with an explicit deny in a resource-based
   * policy}; empty when allowed.
   */
  public String reason(String action) {
    return switch (decision) {
      case ALLOWED -> "";
      case EXPLICIT_DENY ->
          "with an explicit deny in "
              + statements.stream()
                  .filter(s -> s.effect() == Effect.DENY)
                  .findFirst()
                  .map(s -> s.policyType().withArticle())
                  .orElse(PolicyType.IDENTITY.withArticle());
      case IMPLICIT_DENY ->
          "because no "
              + (lacking.isEmpty() ? PolicyType.IDENTITY : lacking.get(0)).label()
              + " allows the "
              + action
              + " action";
    };
  }

  /**
   * The whole AccessDenied message in AWS's words: {@code User: ARN is not authorized to perform:
   * ACTION on resource: RESOURCE because …}.
   */
  public String accessDeniedMessage(String principalArn, String action, String resource) {
    String base =
        "User: "
            + principalArn
            + " is not authorized to perform: "
            + action
            + " on resource: "
            + resource;
    return decision == Decision.ALLOWED ? base : base + " " + reason(action);
  }
}
