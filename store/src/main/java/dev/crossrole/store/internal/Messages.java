package dev.crossrole.store.internal;

import dev.crossrole.core.PolicyHolder;
import java.util.Locale;

/** The error messages of the store, in IAM's own words where IAM has them. */
final class Messages {
  private Messages() {}

  static String accountIdExists(String accountId) {
    return "Account with id " + accountId + " already exists.";
  }

  static String accountNameExists(String name) {
    return "Account with name " + name + " already exists.";
  }

  static String noSuchAccount(String accountId) {
    return "The account with id " + accountId + " cannot be found.";
  }

  static String userExists(String name) {
    return "User with name " + name + " already exists.";
  }

  static String userIdExists(String userId) {
    return "User with id " + userId + " already exists.";
  }

  static String noSuchUser(String name) {
    return "The user with name " + name + " cannot be found.";
  }

  static String roleExists(String name) {
    return "Role with name " + name + " already exists.";
  }

  static String roleIdExists(String roleId) {
    return "Role with id " + roleId + " already exists.";
  }

  static String noSuchRole(String name) {
    return "The role with name " + name + " cannot be found.";
  }

  static String noSuchGroup(String name) {
    return "The group with name " + name + " cannot be found.";
  }

  static String groupExists(String name) {
    return "Group with name " + name + " already exists.";
  }

  static String groupIdExists(String groupId) {
    return "Group with id " + groupId + " already exists.";
  }

  static String notInGroup(String userName, String groupName) {
    return "User " + userName + " is not in group " + groupName + ".";
  }

  static String policyExists(String name) {
    return "A policy called " + name + " already exists. Duplicate names are not allowed.";
  }

  static String noSuchManagedPolicy(String arn) {
    return "Policy " + arn + " was not found.";
  }

  static String notAttachable(String arn) {
    return "Policy " + arn + " does not exist or is not attachable.";
  }

  static String noSuchBoundary(String arn) {
    return "Scope ARN: " + arn + " does not exist or is not attachable.";
  }

  static String noSuchPolicyVersion(String arn, String versionId) {
    return "Policy " + arn + " version " + versionId + " does not exist or is not attachable.";
  }

  static String quota(String what, int limit) {
    return "Cannot exceed quota for " + what + ": " + limit;
  }

  static final String POLICY_ATTACHED = "Cannot delete a policy attached to entities.";

  static final String POLICY_HAS_VERSIONS =
      "This policy has more than one version. Before you delete a policy, you must delete the"
          + " policy's versions. The default version is deleted with the policy.";

  static final String DEFAULT_VERSION = "Cannot delete the default version of a policy.";

  static final String TOO_MANY_VERSIONS =
      "A managed policy can have up to 5 versions. Before you create a new version, you must"
          + " delete an existing version.";

  static final String DETACH_POLICIES_FIRST =
      "Cannot delete entity, must detach all policies first.";

  static final String REMOVE_FROM_GROUPS_FIRST =
      "Cannot delete entity, must remove users from group first.";

  static String noSuchHolder(PolicyHolder holder, String name) {
    return switch (holder) {
      case USER -> noSuchUser(name);
      case ROLE -> noSuchRole(name);
      case GROUP -> noSuchGroup(name);
    };
  }

  static String accessKeyExists(String accessKeyId) {
    return "Access key with id " + accessKeyId + " already exists.";
  }

  static String noSuchAccessKey(String accessKeyId) {
    return "The Access Key with id " + accessKeyId + " cannot be found.";
  }

  static String noSuchPolicy(PolicyHolder holder, String policyName) {
    return "The "
        + holder.name().toLowerCase(Locale.ROOT)
        + " policy with name "
        + policyName
        + " cannot be found.";
  }

  static String tokenKeyExists(String id) {
    return "Token key with id " + id + " already exists.";
  }

  static final String DELETE_ACCESS_KEYS_FIRST =
      "Cannot delete entity, must delete access keys first.";

  static final String DELETE_POLICIES_FIRST = "Cannot delete entity, must delete policies first.";

  static final String VALUE_TOO_LONG = "A value is longer than the store allows.";
}
