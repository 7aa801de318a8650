package dev.crossrole.policy;

/**
 * Where a policy document is attached, which fixes its grammar and its size quota (characters,
 * white space not counted) as IAM's quotas page lists them.
 */
public enum PolicyKind {
  /** A customer managed policy. */
  MANAGED(Grammar.IDENTITY, 6_144, "Cannot exceed quota for PolicySize: 6144"),
  /** An inline policy of a user. */
  USER_INLINE(Grammar.IDENTITY, 2_048, "Maximum policy size of 2048 bytes exceeded for user"),
  /** An inline policy of a role. */
  ROLE_INLINE(Grammar.IDENTITY, 10_240, "Maximum policy size of 10240 bytes exceeded for role"),
  /** An inline policy of a group. */
  GROUP_INLINE(Grammar.IDENTITY, 5_120, "Maximum policy size of 5120 bytes exceeded for group"),
  /** A role's trust policy. */
  TRUST(Grammar.TRUST, 2_048, "Cannot exceed quota for ACLSizePerRole: 2048"),
  /** A permissions boundary (a managed policy). */
  PERMISSIONS_BOUNDARY(Grammar.IDENTITY, 6_144, "Cannot exceed quota for PolicySize: 6144"),
  /** An inline session policy passed to AssumeRole. */
  SESSION(Grammar.IDENTITY, 2_048, "Policy exceeds the maximum allowed size of 2048 characters"),
  /** A resource-based policy. */
  RESOURCE(Grammar.RESOURCE, 20_480, "Policy exceeds the maximum allowed size of 20480 characters");

  private final Grammar grammar;
  private final int maxSize;
  private final String quotaMessage;

  PolicyKind(Grammar grammar, int maxSize, String quotaMessage) {
    this.grammar = grammar;
    this.maxSize = maxSize;
    this.quotaMessage = quotaMessage;
  }

  public Grammar grammar() {
    return grammar;
  }

  /** The largest size accepted, in characters other than white space. */
  public int maxSize() {
    return maxSize;
  }

  /** The message IAM gives when the quota is exceeded. */
  public String quotaMessage() {
    return quotaMessage;
  }
}
