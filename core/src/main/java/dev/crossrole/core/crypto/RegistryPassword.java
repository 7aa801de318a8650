package dev.crossrole.core.crypto;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What an ECR password stands for: everything needed to rebuild the IAM caller that asked for it —
 * its principal (ARN, unique id, the role a session was issued by, tags), account, access key id,
 * session policy and managed session policies' ARNs, source identity, transitive tag keys and token
 * issue time — and when the password was issued and expires.
 */
public record RegistryPassword(
    String principalArn,
    Optional<String> userId,
    Optional<String> issuer,
    Map<String, String> principalTags,
    String accountId,
    String accessKeyId,
    Optional<String> sessionPolicy,
    List<String> sessionPolicyArns,
    Optional<Instant> tokenIssuedAt,
    Optional<String> sourceIdentity,
    Set<String> transitiveTagKeys,
    Instant issuedAt,
    Instant expiresAt) {
  public RegistryPassword {
    Objects.requireNonNull(principalArn, "principalArn");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(issuer, "issuer");
    principalTags = Collections.unmodifiableMap(new LinkedHashMap<>(principalTags));
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(sessionPolicy, "sessionPolicy");
    sessionPolicyArns = List.copyOf(sessionPolicyArns);
    Objects.requireNonNull(tokenIssuedAt, "tokenIssuedAt");
    Objects.requireNonNull(sourceIdentity, "sourceIdentity");
    transitiveTagKeys = Collections.unmodifiableSet(new LinkedHashSet<>(transitiveTagKeys));
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** Whether the password has expired at {@code now}. */
  public boolean isExpired(Instant now) {
    return !now.isBefore(expiresAt);
  }

  /** Leaves the session policy out: it is the caller's, not for logs. */
  @Override
  public String toString() {
    return "RegistryPassword[" + principalArn + ", expires " + expiresAt + "]";
  }
}
