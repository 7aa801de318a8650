package dev.crossrole.core;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An IAM role, with its trust policy (the document as it was submitted) and the unique ids of the
 * users and roles that policy names by ARN when it was set: as in IAM, a principal deleted and
 * recreated under the same name is a different principal and is no longer trusted.
 */
public record Role(
    String accountId,
    String path,
    String name,
    String roleId,
    Instant created,
    String trustPolicy,
    Optional<String> description,
    int maxSessionDurationSeconds,
    Optional<String> permissionsBoundaryArn,
    Map<String, String> tags,
    Map<String, String> trustPrincipalIds) {

  public Role {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(roleId, "roleId");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(trustPolicy, "trustPolicy");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(permissionsBoundaryArn, "permissionsBoundaryArn");
    tags = Map.copyOf(tags);
    trustPrincipalIds = Map.copyOf(trustPrincipalIds);
  }

  /** A role whose trust policy names no IAM user or role by ARN. */
  public Role(
      String accountId,
      String path,
      String name,
      String roleId,
      Instant created,
      String trustPolicy,
      Optional<String> description,
      int maxSessionDurationSeconds,
      Optional<String> permissionsBoundaryArn,
      Map<String, String> tags) {
    this(
        accountId,
        path,
        name,
        roleId,
        created,
        trustPolicy,
        description,
        maxSessionDurationSeconds,
        permissionsBoundaryArn,
        tags,
        Map.of());
  }

  /** The same role with another trust policy and the unique ids of the principals it names. */
  public Role withTrust(String policy, Map<String, String> principalIds) {
    return new Role(
        accountId,
        path,
        name,
        roleId,
        created,
        policy,
        description,
        maxSessionDurationSeconds,
        permissionsBoundaryArn,
        tags,
        principalIds);
  }

  /** The same role with other tags. */
  public Role withTags(Map<String, String> newTags) {
    return new Role(
        accountId,
        path,
        name,
        roleId,
        created,
        trustPolicy,
        description,
        maxSessionDurationSeconds,
        permissionsBoundaryArn,
        newTags,
        trustPrincipalIds);
  }

  /** The same role with another description and maximum session duration. */
  public Role withSettings(Optional<String> newDescription, int newMaxSessionDurationSeconds) {
    return new Role(
        accountId,
        path,
        name,
        roleId,
        created,
        trustPolicy,
        newDescription,
        newMaxSessionDurationSeconds,
        permissionsBoundaryArn,
        tags,
        trustPrincipalIds);
  }

  /** {@code arn:aws:iam::ACCOUNT:role/PATH/NAME}. */
  public String arn() {
    return "arn:aws:iam::" + accountId + ":role" + path + name;
  }
}
