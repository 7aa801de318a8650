package dev.crossrole.core;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** An IAM role, with its trust policy (the document as it was submitted). */
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
    Map<String, String> tags) {

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
  }

  /** {@code arn:aws:iam::ACCOUNT:role/PATH/NAME}. */
  public String arn() {
    return "arn:aws:iam::" + accountId + ":role" + path + name;
  }
}
