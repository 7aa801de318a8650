package dev.crossrole.core;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A managed policy: a customer managed policy of an account, or an AWS managed policy (whose {@link
 * #accountId()} is {@value #AWS}). Its permissions are those of its default version.
 */
public record ManagedPolicy(
    String accountId,
    String path,
    String name,
    String policyId,
    Instant created,
    Instant updated,
    Optional<String> description,
    String defaultVersionId,
    Map<String, String> tags) {

  /** The account part of the ARNs of AWS managed policies. */
  public static final String AWS = "aws";

  public ManagedPolicy {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(policyId, "policyId");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(updated, "updated");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(defaultVersionId, "defaultVersionId");
    tags = Map.copyOf(tags);
  }

  /** {@code arn:aws:iam::ACCOUNT:policy/PATH/NAME}, or {@code arn:aws:iam::aws:policy/…}. */
  public String arn() {
    return arn(accountId, path, name);
  }

  /** The ARN of the policy {@code name} under {@code path} in {@code accountId}. */
  public static String arn(String accountId, String path, String name) {
    return "arn:aws:iam::" + accountId + ":policy" + path + name;
  }

  /** Whether AWS manages the policy (it cannot be changed or deleted). */
  public boolean awsManaged() {
    return AWS.equals(accountId);
  }
}
