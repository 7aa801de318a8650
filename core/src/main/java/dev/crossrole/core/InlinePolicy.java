package dev.crossrole.core;

import java.util.Objects;

/** An inline policy embedded in a user, role or group (the document as it was submitted). */
public record InlinePolicy(
    PolicyHolder holder, String accountId, String holderName, String policyName, String document) {
  public InlinePolicy {
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(holderName, "holderName");
    Objects.requireNonNull(policyName, "policyName");
    Objects.requireNonNull(document, "document");
  }
}
