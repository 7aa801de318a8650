package dev.crossrole.core;

import java.util.Objects;

/** A managed policy attached to a user, group or role, as IAM lists it: its name and ARN. */
public record AttachedPolicy(String policyName, String policyArn) {
  public AttachedPolicy {
    Objects.requireNonNull(policyName, "policyName");
    Objects.requireNonNull(policyArn, "policyArn");
  }
}
