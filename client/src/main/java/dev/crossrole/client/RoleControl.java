package dev.crossrole.client;

import dev.crossrole.client.internal.ExternalIds;
import dev.crossrole.client.internal.SdkIam;
import dev.crossrole.client.internal.TrustRotation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Our side's control over a role, through IAM alone so that it works against crossrole (every node
 * enforces it on its next request) and against AWS: revoke the sessions issued so far, rotate the
 * ExternalId its trust policy requires.
 */
public final class RoleControl {
  /** The inline role policy AWS's console writes to revoke a role's sessions. */
  public static final String REVOKE_POLICY_NAME = "AWSRevokeOlderSessions";

  private RoleControl() {}

  /**
   * Writes (or, on a later call, replaces the time of) the inline policy {@value
   * #REVOKE_POLICY_NAME} that denies every action to the role's sessions whose {@code
   * aws:TokenIssueTime} is before {@code before}, as AWS's console does. Session issue times are
   * whole seconds, so {@code before} is rounded up to one: a session issued in the same second is
   * refused too.
   *
   * @throws ClientException when IAM refuses (no such role, not allowed), the caller is not in the
   *     account the settings require, or IAM cannot be reached
   */
  public static SessionRevocation revokeSessions(
      ControlSettings settings, String roleName, Instant before) {
    Objects.requireNonNull(roleName, "roleName");
    Instant time = TrustRotation.roundUp(before);
    try (SdkIam iam = SdkIam.connect(settings)) {
      String roleArn = iam.role(roleName).arn();
      boolean replaced = iam.hasRolePolicy(roleName, REVOKE_POLICY_NAME);
      iam.putRolePolicy(roleName, REVOKE_POLICY_NAME, revokePolicy(time));
      return new SessionRevocation(roleArn, REVOKE_POLICY_NAME, time, replaced);
    }
  }

  /** The policy document AWS's console writes to revoke sessions issued before {@code time}. */
  public static String revokePolicy(Instant time) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":[\"*\"],"
        + "\"Resource\":[\"*\"],\"Condition\":{\"DateLessThan\":{\"aws:TokenIssueTime\":\""
        + time
        + "\"}}}]}";
  }

  /**
   * Rewrites the role's trust policy so that every statement requiring an {@code sts:ExternalId}
   * requires {@code newId} (a random one when empty), the old ids accepted by a separate statement
   * until {@code grace} from {@code now}; grace statements of earlier rotations that have ended are
   * removed.
   *
   * @throws ClientException when the id is not one AWS accepts, the trust policy requires no
   *     ExternalId, IAM refuses, or the caller is not in the account the settings require
   */
  public static ExternalIdRotation rotateExternalId(
      ControlSettings settings,
      String roleName,
      Optional<String> newId,
      Duration grace,
      Instant now) {
    Objects.requireNonNull(roleName, "roleName");
    if (grace.isNegative()) {
      throw ClientException.of(ClientException.Kind.CONFIGURATION, "the grace may not be negative");
    }
    String id = newId.map(ExternalIds::checked).orElseGet(ExternalIds::generate);
    try (SdkIam iam = SdkIam.connect(settings)) {
      SdkIam.RoleTrust role = iam.role(roleName);
      TrustRotation.Result rotated = TrustRotation.rotate(role.trustPolicy(), id, grace, now);
      if (rotated.oldIds().equals(List.of(id))) {
        throw ClientException.of(
            ClientException.Kind.CONFIGURATION, "the trust policy already requires this id");
      }
      iam.updateTrustPolicy(roleName, rotated.document());
      return new ExternalIdRotation(
          role.arn(), id, rotated.oldIds(), rotated.graceUntil(), rotated.expiredRemoved());
    }
  }
}
