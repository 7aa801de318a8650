package dev.crossrole.server.internal.authz;

import dev.crossrole.policy.Decision;

/**
 * Where {@link Access} counts each decision it takes, by its outcome (for the server's metrics).
 */
@FunctionalInterface
public interface DecisionCount {
  void add(Decision decision);

  /** Counts nothing: for an {@link Access} whose decisions no one measures. */
  static DecisionCount none() {
    return decision -> {};
  }
}
