package dev.crossrole.policy.internal;

import java.util.Set;

/** The element names of IAM's policy grammar, shared by the reader and the linter. */
public final class PolicyElements {
  /** The elements a document may hold at its top. */
  public static final Set<String> DOCUMENT = Set.of("Version", "Id", "Statement");

  /** The elements a statement may hold. */
  public static final Set<String> STATEMENT =
      Set.of(
          "Sid",
          "Effect",
          "Principal",
          "NotPrincipal",
          "Action",
          "NotAction",
          "Resource",
          "NotResource",
          "Condition");

  /** The keys of a Principal object. */
  public static final Set<String> PRINCIPAL_TYPES =
      Set.of("AWS", "Service", "Federated", "CanonicalUser");

  private PolicyElements() {}
}
