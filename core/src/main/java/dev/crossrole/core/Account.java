package dev.crossrole.core;

import java.util.Objects;

/** An AWS account: a 12-digit id and the name crossrole knows it by (its profile name). */
public record Account(String name, String id) {
  public Account {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(id, "id");
    if (!id.matches("\\d{12}")) {
      throw new IllegalArgumentException("account id must be 12 digits, got " + id);
    }
    if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
      throw new IllegalArgumentException("account name must be 1-64 of [A-Za-z0-9_.-]: " + name);
    }
  }

  /** The ARN of the account's root user. */
  public String rootArn() {
    return "arn:aws:iam::" + id + ":root";
  }
}
