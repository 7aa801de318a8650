package dev.crossrole.core;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An ECR repository of one account (the registry id), with the settings CreateRepository accepts
 * and returns, its tags, and its repository policy (the document as it was submitted).
 */
public record EcrRepository(
    String accountId,
    String name,
    Instant created,
    String imageTagMutability,
    boolean scanOnPush,
    String encryptionType,
    Optional<String> kmsKey,
    Map<String, String> tags,
    Optional<String> policy) {
  public EcrRepository {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(imageTagMutability, "imageTagMutability");
    Objects.requireNonNull(encryptionType, "encryptionType");
    Objects.requireNonNull(kmsKey, "kmsKey");
    tags = Map.copyOf(tags);
    Objects.requireNonNull(policy, "policy");
  }

  /** {@code arn:aws:ecr:REGION:ACCOUNT:repository/NAME}. */
  public String arn(String region) {
    return "arn:aws:ecr:" + region + ":" + accountId + ":repository/" + name;
  }

  /** The same repository with another policy (or none). */
  public EcrRepository withPolicy(Optional<String> newPolicy) {
    return new EcrRepository(
        accountId,
        name,
        created,
        imageTagMutability,
        scanOnPush,
        encryptionType,
        kmsKey,
        tags,
        newPolicy);
  }

  /** The same repository with other tags. */
  public EcrRepository withTags(Map<String, String> newTags) {
    return new EcrRepository(
        accountId,
        name,
        created,
        imageTagMutability,
        scanOnPush,
        encryptionType,
        kmsKey,
        newTags,
        policy);
  }
}
