package dev.crossrole.policy;

import java.util.Objects;
import java.util.Optional;

/** Points at one statement that took part in a decision. */
public record StatementRef(
    PolicyType policyType,
    String policyName,
    int statementIndex,
    Optional<String> sid,
    Effect effect) {
  public StatementRef {
    Objects.requireNonNull(policyType, "policyType");
    Objects.requireNonNull(policyName, "policyName");
    Objects.requireNonNull(sid, "sid");
    Objects.requireNonNull(effect, "effect");
  }
}
