package dev.crossrole.core.crypto;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a session token carries: the temporary credentials themselves and everything needed to
 * authorize their requests without a store lookup. {@link SessionTokenCodec} seals and opens it.
 *
 * <p>The constructor checks the shapes that make a token self-consistent (id formats, the ARN's
 * account equals {@link #accountId}, expiry after issue, well-formed Unicode); AWS's API limits
 * (session name syntax, policy and tag sizes) are the STS layer's to enforce before issuing.
 * Collections are copied unmodifiable, keeping their order. {@link #toString} redacts the secret.
 *
 * @param accessKeyId the temporary access key id, {@code ASIA…}
 * @param secretAccessKey its secret, 40 of {@code [A-Za-z0-9+/]}
 * @param accountId the account the session acts in (the role's or the user's)
 * @param subject whose session it is: an assumed role, or a user's GetSessionToken
 * @param issuedAt when it was issued ({@code aws:TokenIssueTime})
 * @param expiresAt when it stops working
 * @param sourceIdentity the {@code SourceIdentity} set on the session, if any
 * @param sessionPolicy the inline session policy JSON passed as {@code Policy}, if any
 * @param policyArns the managed session policies passed as {@code PolicyArns}
 * @param tags the session tags ({@code aws:PrincipalTag/…}), in the order given
 * @param transitiveTagKeys the tag keys that pass on to chained role sessions
 */
public record SessionClaims(
    String accessKeyId,
    String secretAccessKey,
    String accountId,
    Subject subject,
    Instant issuedAt,
    Instant expiresAt,
    Optional<String> sourceIdentity,
    Optional<String> sessionPolicy,
    List<String> policyArns,
    Map<String, String> tags,
    Set<String> transitiveTagKeys) {

  private static final Pattern ROLE_ARN =
      Pattern.compile("arn:([a-z][a-z0-9-]*):iam::([0-9]{12}):role/(?:.*/)?([^/]+)");
  private static final Pattern USER_ARN =
      Pattern.compile("arn:([a-z][a-z0-9-]*):iam::([0-9]{12}):(?:user/(?:.*/)?[^/]+|root)");

  /** Whose session this is. */
  public sealed interface Subject permits RoleSession, UserSession {
    /** The caller's ARN, as GetCallerIdentity and {@code aws:PrincipalArn}-style messages show. */
    String callerArn();

    /** The caller's {@code aws:userid}, as GetCallerIdentity's {@code UserId}. */
    String callerUserId();

    /** The account in the subject's ARN. */
    String account();
  }

  /**
   * A session of an assumed role (AssumeRole).
   *
   * @param roleArn the role's ARN, {@code arn:aws:iam::ACCOUNT:role/PATH/NAME}
   * @param roleId the role's unique id, {@code AROA…}, which a recreated role does not share
   * @param sessionName the {@code RoleSessionName}
   */
  public record RoleSession(String roleArn, String roleId, String sessionName) implements Subject {
    /** Checks the role ARN's shape and that no part is blank. */
    public RoleSession {
      requireText(roleArn, "roleArn");
      requireText(roleId, "roleId");
      requireText(sessionName, "sessionName");
      if (!ROLE_ARN.matcher(roleArn).matches()) {
        throw new IllegalArgumentException("not a role ARN: " + roleArn);
      }
    }

    /** The role's name: the last part of its ARN (paths are not part of session ARNs). */
    public String roleName() {
      return match(ROLE_ARN, roleArn).group(3);
    }

    /** {@code arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION}. */
    @Override
    public String callerArn() {
      Matcher m = match(ROLE_ARN, roleArn);
      return "arn:"
          + m.group(1)
          + ":sts::"
          + m.group(2)
          + ":assumed-role/"
          + m.group(3)
          + "/"
          + sessionName;
    }

    /** {@code ROLEID:SESSION}. */
    @Override
    public String callerUserId() {
      return roleId + ":" + sessionName;
    }

    @Override
    public String account() {
      return match(ROLE_ARN, roleArn).group(2);
    }
  }

  /**
   * A user's (or an account root's) session from GetSessionToken: it acts as the user.
   *
   * @param userArn the user's ARN, or {@code arn:aws:iam::ACCOUNT:root}
   * @param userId the user's unique id ({@code AIDA…}; the account id for the root)
   */
  public record UserSession(String userArn, String userId) implements Subject {
    /** Checks the user ARN's shape and that no part is blank. */
    public UserSession {
      requireText(userArn, "userArn");
      requireText(userId, "userId");
      if (!USER_ARN.matcher(userArn).matches()) {
        throw new IllegalArgumentException("not a user or root ARN: " + userArn);
      }
    }

    @Override
    public String callerArn() {
      return userArn;
    }

    @Override
    public String callerUserId() {
      return userId;
    }

    @Override
    public String account() {
      return match(USER_ARN, userArn).group(2);
    }
  }

  /** Validates and copies; see the type's documentation. */
  public SessionClaims {
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(sourceIdentity, "sourceIdentity");
    Objects.requireNonNull(sessionPolicy, "sessionPolicy");
    Objects.requireNonNull(policyArns, "policyArns");
    Objects.requireNonNull(tags, "tags");
    Objects.requireNonNull(transitiveTagKeys, "transitiveTagKeys");
    if (!Identifiers.TEMPORARY_ACCESS_KEY_ID.matcher(accessKeyId).matches()) {
      throw new IllegalArgumentException("not a temporary access key id: " + accessKeyId);
    }
    if (!Identifiers.SECRET_ACCESS_KEY.matcher(secretAccessKey).matches()) {
      // The value is a secret: never quoted.
      throw new IllegalArgumentException("a secret access key is 40 of [A-Za-z0-9+/]");
    }
    if (!Identifiers.ACCOUNT_ID.matcher(accountId).matches()) {
      throw new IllegalArgumentException("not an account id: " + accountId);
    }
    if (!subject.account().equals(accountId)) {
      throw new IllegalArgumentException(
          "the session's account " + accountId + " is not its subject's " + subject.account());
    }
    if (!expiresAt.isAfter(issuedAt)) {
      throw new IllegalArgumentException("a session expires after it is issued");
    }
    sourceIdentity.ifPresent(s -> requireText(s, "sourceIdentity"));
    sessionPolicy.ifPresent(s -> requireText(s, "sessionPolicy"));
    policyArns = List.copyOf(policyArns);
    policyArns.forEach(a -> requireText(a, "policyArns"));
    Map<String, String> tagCopy = new LinkedHashMap<>();
    tags.forEach(
        (k, v) -> {
          requireText(k, "tag key");
          requireWellFormed(Objects.requireNonNull(v, "tag value"), "tag value");
          tagCopy.put(k, v);
        });
    tags = Collections.unmodifiableMap(tagCopy);
    Set<String> transitiveCopy = new LinkedHashSet<>();
    for (String k : transitiveTagKeys) {
      requireText(k, "transitive tag key");
      transitiveCopy.add(k);
    }
    transitiveTagKeys = Collections.unmodifiableSet(transitiveCopy);
  }

  /**
   * Claims with no source identity, session policies or tags; add them with {@link Builder}.
   *
   * @see #builder
   */
  public static Builder builder(
      String accessKeyId,
      String secretAccessKey,
      String accountId,
      Subject subject,
      Instant issuedAt,
      Instant expiresAt) {
    return new Builder(accessKeyId, secretAccessKey, accountId, subject, issuedAt, expiresAt);
  }

  /**
   * Whether the session has expired at {@code now} (from its expiry instant on): the caller then
   * answers AWS's {@code ExpiredToken}. Decoding does not check this, so an expired token is still
   * told apart from a forged one.
   */
  public boolean isExpired(Instant now) {
    return !now.isBefore(expiresAt);
  }

  @Override
  public String toString() {
    return "SessionClaims[accessKeyId="
        + accessKeyId
        + ", secretAccessKey=<redacted>, accountId="
        + accountId
        + ", subject="
        + subject
        + ", issuedAt="
        + issuedAt
        + ", expiresAt="
        + expiresAt
        + ", sourceIdentity="
        + sourceIdentity
        + ", sessionPolicy="
        + sessionPolicy.map(p -> p.length() + " chars").orElse("none")
        + ", policyArns="
        + policyArns
        + ", tags="
        + tags
        + ", transitiveTagKeys="
        + transitiveTagKeys
        + "]";
  }

  /** Builds {@link SessionClaims} without a long positional constructor call. */
  public static final class Builder {
    private final String accessKeyId;
    private final String secretAccessKey;
    private final String accountId;
    private final Subject subject;
    private final Instant issuedAt;
    private final Instant expiresAt;
    private Optional<String> sourceIdentity = Optional.empty();
    private Optional<String> sessionPolicy = Optional.empty();
    private List<String> policyArns = List.of();
    private Map<String, String> tags = Map.of();
    private Set<String> transitiveTagKeys = Set.of();

    private Builder(
        String accessKeyId,
        String secretAccessKey,
        String accountId,
        Subject subject,
        Instant issuedAt,
        Instant expiresAt) {
      this.accessKeyId = accessKeyId;
      this.secretAccessKey = secretAccessKey;
      this.accountId = accountId;
      this.subject = subject;
      this.issuedAt = issuedAt;
      this.expiresAt = expiresAt;
    }

    /** Sets the source identity. */
    public Builder sourceIdentity(String value) {
      this.sourceIdentity = Optional.of(value);
      return this;
    }

    /** Sets the inline session policy JSON. */
    public Builder sessionPolicy(String json) {
      this.sessionPolicy = Optional.of(json);
      return this;
    }

    /** Sets the managed session policy ARNs. */
    public Builder policyArns(List<String> arns) {
      this.policyArns = new ArrayList<>(arns);
      return this;
    }

    /** Sets the session tags; their order is kept. */
    public Builder tags(Map<String, String> tags) {
      this.tags = new LinkedHashMap<>(tags);
      return this;
    }

    /** Sets the transitive tag keys; their order is kept. */
    public Builder transitiveTagKeys(Set<String> keys) {
      this.transitiveTagKeys = new LinkedHashSet<>(keys);
      return this;
    }

    /** The claims; validated as the record's constructor does. */
    public SessionClaims build() {
      return new SessionClaims(
          accessKeyId,
          secretAccessKey,
          accountId,
          subject,
          issuedAt,
          expiresAt,
          sourceIdentity,
          sessionPolicy,
          policyArns,
          tags,
          transitiveTagKeys);
    }
  }

  private static Matcher match(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    if (!m.matches()) {
      throw new IllegalStateException("checked at construction");
    }
    return m;
  }

  private static void requireText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isEmpty()) {
      throw new IllegalArgumentException(name + " is empty");
    }
    requireWellFormed(value, name);
  }

  /**
   * Tokens carry UTF-8, which cannot encode a lone surrogate: such a string would come back
   * changed, so it is refused here rather than silently altered.
   */
  private static void requireWellFormed(String value, String name) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(name + " is not well-formed Unicode");
      }
    }
  }
}
