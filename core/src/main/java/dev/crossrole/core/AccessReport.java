package dev.crossrole.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may assume a role and what a role or user may do, as the store holds it now: each trust
 * statement with its principals (their unique ids, whether they still stand, and for a principal of
 * another account whether its own policies allow the AssumeRole) and conditions; each statement of
 * the identity policies and permissions boundary with the policy it comes from. {@link
 * AccessAnalysis} makes it.
 *
 * @param kind {@code role} or {@code user}
 * @param arn the role's or user's ARN
 * @param id its unique id ({@code AROA…}, {@code AIDA…})
 * @param accountId its account
 * @param trust the trust policy's statements (empty for a user)
 * @param permissions the identity policies' and boundary's statements, inline first
 */
public record AccessReport(
    String kind,
    String arn,
    String id,
    String accountId,
    List<TrustStatement> trust,
    List<PermissionStatement> permissions) {
  public AccessReport {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(arn, "arn");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(accountId, "accountId");
    trust = List.copyOf(trust);
    permissions = List.copyOf(permissions);
  }

  /**
   * One statement of the trust policy.
   *
   * @param sid its Sid, if any
   * @param effect {@code Allow} or {@code Deny}
   * @param actions the actions it names ({@code sts:AssumeRole}, …)
   * @param principals the principals it names
   * @param conditions its conditions (such as {@code sts:ExternalId})
   */
  public record TrustStatement(
      Optional<String> sid,
      String effect,
      List<String> actions,
      List<TrustedPrincipal> principals,
      List<ConditionEntry> conditions) {
    public TrustStatement {
      Objects.requireNonNull(sid, "sid");
      Objects.requireNonNull(effect, "effect");
      actions = List.copyOf(actions);
      principals = List.copyOf(principals);
      conditions = List.copyOf(conditions);
    }
  }

  /** Whether a principal named by a trust policy is still the one it named. */
  public enum Standing {
    /** The user or role exists, with the unique id it had when the trust policy was set. */
    EXISTS,
    /** No user or role of that name exists: the statement grants it nothing. */
    GONE,
    /** Deleted and created again: a different principal, which the trust no longer names. */
    RECREATED,
    /** An account this store holds ({@code arn:aws:iam::ACCOUNT:root} or the bare id). */
    ACCOUNT,
    /** Not in this store: another system's account, a service, a federation, everyone. */
    ELSEWHERE
  }

  /**
   * A principal of a trust statement.
   *
   * @param type the Principal element's key: {@code AWS}, {@code Service}, {@code Federated}, or
   *     {@code *}
   * @param value as the policy names it
   * @param uniqueId the user's or role's unique id now, if it exists
   * @param standing whether it still is the principal the policy named
   * @param crossAccount whether it is of another account than the role's
   * @param identityAllows for an existing user or role: the decision of its own identity policies
   *     on {@code sts:AssumeRole} of this role ({@code allowed}, {@code explicitDeny}, {@code
   *     implicitDeny}); across accounts both that and the trust must allow
   */
  public record TrustedPrincipal(
      String type,
      String value,
      Optional<String> uniqueId,
      Standing standing,
      boolean crossAccount,
      Optional<String> identityAllows) {
    public TrustedPrincipal {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(uniqueId, "uniqueId");
      Objects.requireNonNull(standing, "standing");
      Objects.requireNonNull(identityAllows, "identityAllows");
    }
  }

  /** One condition: {@code operator} applied to {@code key} against {@code values}. */
  public record ConditionEntry(String operator, String key, List<String> values) {
    public ConditionEntry {
      Objects.requireNonNull(operator, "operator");
      Objects.requireNonNull(key, "key");
      values = List.copyOf(values);
    }
  }

  /** Where a permission statement comes from. */
  public enum Source {
    /** An inline policy of the role or user ({@code GROUP/NAME} for a user's group's). */
    INLINE,
    /** A managed policy attached to it (or to a user's group), by ARN. */
    MANAGED,
    /** Its permissions boundary: it allows nothing, it limits what the others allow. */
    PERMISSIONS_BOUNDARY
  }

  /**
   * One statement of an identity policy or the permissions boundary.
   *
   * @param source the kind of policy it is in
   * @param policy that policy's name (inline) or ARN (managed)
   * @param sid its Sid, if any
   * @param effect {@code Allow} or {@code Deny}
   * @param notAction whether the actions are a NotAction
   * @param actions the actions
   * @param notResource whether the resources are a NotResource
   * @param resources the resources
   * @param conditions its conditions
   */
  public record PermissionStatement(
      Source source,
      String policy,
      Optional<String> sid,
      String effect,
      boolean notAction,
      List<String> actions,
      boolean notResource,
      List<String> resources,
      List<ConditionEntry> conditions) {
    public PermissionStatement {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(policy, "policy");
      Objects.requireNonNull(sid, "sid");
      Objects.requireNonNull(effect, "effect");
      actions = List.copyOf(actions);
      resources = List.copyOf(resources);
      conditions = List.copyOf(conditions);
    }
  }
}
