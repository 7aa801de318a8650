package dev.crossrole.core;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** An IAM user. */
public record User(
    String accountId,
    String path,
    String name,
    String userId,
    Instant created,
    Optional<String> permissionsBoundaryArn,
    Map<String, String> tags) {

  public User {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(permissionsBoundaryArn, "permissionsBoundaryArn");
    tags = Map.copyOf(tags);
  }

  /** The same user with other tags. */
  public User withTags(Map<String, String> newTags) {
    return new User(accountId, path, name, userId, created, permissionsBoundaryArn, newTags);
  }

  /** The same user at another path and under another name (its id stays). */
  public User movedTo(String newPath, String newName) {
    return new User(accountId, newPath, newName, userId, created, permissionsBoundaryArn, tags);
  }

  /** {@code arn:aws:iam::ACCOUNT:user/PATH/NAME}. */
  public String arn() {
    return "arn:aws:iam::" + accountId + ":user" + path + name;
  }
}
