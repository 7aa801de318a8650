package dev.crossrole.core;

import java.time.Instant;
import java.util.Objects;

/** An IAM group: a named set of users that policies can be given to together. */
public record Group(String accountId, String path, String name, String groupId, Instant created) {
  public Group {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(created, "created");
  }

  /** {@code arn:aws:iam::ACCOUNT:group/PATH/NAME}. */
  public String arn() {
    return "arn:aws:iam::" + accountId + ":group" + path + name;
  }
}
