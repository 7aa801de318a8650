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
