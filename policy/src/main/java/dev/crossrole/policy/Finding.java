package dev.crossrole.policy;

import java.util.Objects;

/**
 * One problem the {@link PolicyLinter} found in a policy document.
 *
 * @param severity how serious it is
 * @param code a stable identifier of the check, such as {@code missing-external-id}, or an AWS
 *     error code such as {@code MalformedPolicyDocument}; see {@link PolicyLinter} for the list
 * @param message what is wrong and why it matters, in plain words
 * @param location where in the document: a path such as {@code
 *     Statement[0].Condition.StringEquals.sts:ExternalId}, {@code line L, column C} for a problem
 *     in the text itself, or empty for the document as a whole
 */
public record Finding(Severity severity, String code, String message, String location) {
  /** Rejects nulls so callers never have to check for them. */
  public Finding {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(location, "location");
  }
}
