package dev.crossrole.server.internal;

import dev.crossrole.policy.Principal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Who an authenticated request comes from: the policy principal, the account it acts in, and the
 * access key id it signed with.
 */
public record Caller(
    Principal principal,
    String accountId,
    String accessKeyId,
    Optional<String> sessionPolicy,
    Optional<Instant> tokenIssuedAt) {
  public Caller {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(sessionPolicy, "sessionPolicy");
    Objects.requireNonNull(tokenIssuedAt, "tokenIssuedAt");
  }

  /** A caller signing with a long-term key. */
  public static Caller longTerm(Principal principal, String accountId, String accessKeyId) {
    return new Caller(principal, accountId, accessKeyId, Optional.empty(), Optional.empty());
  }

  /** The value {@code GetCallerIdentity} returns as UserId. */
  public String userIdForIdentity() {
    return switch (principal.type()) {
      case ROOT -> accountId;
      default -> principal.userId().orElse(accessKeyId);
    };
  }
}
