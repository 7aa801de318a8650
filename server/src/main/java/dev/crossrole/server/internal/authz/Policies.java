package dev.crossrole.server.internal.authz;

import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.IdentityException;
import dev.crossrole.core.PolicyHolder;
import dev.crossrole.policy.PolicyDocument;
import dev.crossrole.policy.PolicyKind;
import dev.crossrole.policy.PolicyValidationException;

/** Validates submitted policy documents where IAM does, with IAM's errors. */
public final class Policies {
  /** A role's trust policy; returns it as submitted. */
  public String trust(String document) {
    return validated(document, PolicyKind.TRUST);
  }

  /** An inline policy of a user, role or group; returns it as submitted. */
  public String inline(String document, PolicyHolder holder) {
    return validated(
        document,
        switch (holder) {
          case USER -> PolicyKind.USER_INLINE;
          case ROLE -> PolicyKind.ROLE_INLINE;
          case GROUP -> PolicyKind.GROUP_INLINE;
        });
  }

  /** A version of a customer managed policy. */
  public String managed(String document) {
    return validated(document, PolicyKind.MANAGED);
  }

  /** A session policy passed to AssumeRole. */
  public String session(String document) {
    return validated(document, PolicyKind.SESSION);
  }

  private static String validated(String document, PolicyKind kind) {
    try {
      PolicyDocument.parse(document, kind);
      return document;
    } catch (PolicyValidationException e) {
      ErrorCode code =
          switch (e.problem()) {
            case MALFORMED_POLICY_DOCUMENT -> ErrorCode.MALFORMED_POLICY_DOCUMENT;
            case LIMIT_EXCEEDED -> ErrorCode.LIMIT_EXCEEDED;
            case VALIDATION_ERROR -> ErrorCode.VALIDATION_ERROR;
          };
      throw new IdentityException(code, e.getMessage());
    }
  }
}
