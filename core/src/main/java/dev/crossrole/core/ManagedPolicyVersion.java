package dev.crossrole.core;

import java.time.Instant;
import java.util.Objects;

/** One version of a managed policy: {@code v1}, {@code v2}, …, the document as submitted. */
public record ManagedPolicyVersion(
    String policyArn, String versionId, String document, boolean isDefault, Instant created) {
  public ManagedPolicyVersion {
    Objects.requireNonNull(policyArn, "policyArn");
    Objects.requireNonNull(versionId, "versionId");
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(created, "created");
  }
}
