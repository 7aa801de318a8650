package dev.crossrole.client;

import java.time.Instant;
import java.util.Objects;

/**
 * What {@link RoleControl#revokeSessions} did.
 *
 * @param roleArn the role whose sessions are revoked
 * @param policyName the inline policy that denies them, {@value RoleControl#REVOKE_POLICY_NAME}
 * @param before sessions issued before this instant are refused on their next request
 * @param replaced whether an earlier revocation's policy was there and its time replaced
 */
public record SessionRevocation(
    String roleArn, String policyName, Instant before, boolean replaced) {
  public SessionRevocation {
    Objects.requireNonNull(roleArn, "roleArn");
    Objects.requireNonNull(policyName, "policyName");
    Objects.requireNonNull(before, "before");
  }
}
