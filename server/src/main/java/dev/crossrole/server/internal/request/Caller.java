package dev.crossrole.server.internal.request;

import dev.crossrole.policy.Principal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who an authenticated request comes from: the policy principal (with its tags, which become {@code
 * aws:PrincipalTag/…}), the account it acts in, the access key id it signed with, and what its
 * session carries: session policy, the managed session policies' ARNs, issue time, source identity,
 * the tag keys that pass on to a chained role session, and when the session expires (which bounds
 * what is issued to it, such as an ECR password).
 */
public record Caller(
    Principal principal,
    String accountId,
    String accessKeyId,
    Optional<String> sessionPolicy,
    Optional<Instant> tokenIssuedAt,
    Optional<String> sourceIdentity,
    Set<String> transitiveTagKeys,
    List<String> sessionPolicyArns,
    Optional<Instant> sessionExpiresAt) {
  public Caller {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(sessionPolicy, "sessionPolicy");
    Objects.requireNonNull(tokenIssuedAt, "tokenIssuedAt");
    Objects.requireNonNull(sourceIdentity, "sourceIdentity");
    transitiveTagKeys = Collections.unmodifiableSet(new LinkedHashSet<>(transitiveTagKeys));
    sessionPolicyArns = List.copyOf(sessionPolicyArns);
    Objects.requireNonNull(sessionExpiresAt, "sessionExpiresAt");
  }

  /**
   * A caller whose session has no managed session policies and whose expiry is not known here
   * (long-term keys have none).
   */
  public Caller(
      Principal principal,
      String accountId,
      String accessKeyId,
      Optional<String> sessionPolicy,
      Optional<Instant> tokenIssuedAt,
      Optional<String> sourceIdentity,
      Set<String> transitiveTagKeys) {
    this(
        principal,
        accountId,
        accessKeyId,
        sessionPolicy,
        tokenIssuedAt,
        sourceIdentity,
        transitiveTagKeys,
        List.of(),
        Optional.empty());
  }

  /** A caller without source identity or transitive tags. */
  public Caller(
      Principal principal,
      String accountId,
      String accessKeyId,
      Optional<String> sessionPolicy,
      Optional<Instant> tokenIssuedAt) {
    this(
        principal,
        accountId,
        accessKeyId,
        sessionPolicy,
        tokenIssuedAt,
        Optional.empty(),
        Set.of());
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
