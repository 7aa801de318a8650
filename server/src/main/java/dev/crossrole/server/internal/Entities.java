package dev.crossrole.server.internal;

import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.IdentityException;
import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.Role;
import dev.crossrole.core.User;

/** Finds the users and roles that calls name, with IAM's NoSuchEntity when they are absent. */
final class Entities {
  private final IdentityStore store;

  Entities(IdentityStore store) {
    this.store = store;
  }

  /** The ARN to authorize against: the existing user's, or one with the root path. */
  String userArn(String account, String name) {
    return store.user(account, name).map(User::arn).orElse(userArn(account, "/", name));
  }

  /** The ARN to authorize against: the existing role's, or one with the root path. */
  String roleArn(String account, String name) {
    return store.role(account, name).map(Role::arn).orElse(roleArn(account, "/", name));
  }

  static String userArn(String account, String path, String name) {
    return "arn:aws:iam::" + account + ":user" + path + name;
  }

  static String roleArn(String account, String path, String name) {
    return "arn:aws:iam::" + account + ":role" + path + name;
  }

  User user(String account, String name) {
    return store
        .user(account, name)
        .orElseThrow(
            () ->
                new IdentityException(
                    ErrorCode.NO_SUCH_ENTITY, "The user with name " + name + " cannot be found."));
  }

  Role role(String account, String name) {
    return store
        .role(account, name)
        .orElseThrow(
            () ->
                new IdentityException(
                    ErrorCode.NO_SUCH_ENTITY, "The role with name " + name + " cannot be found."));
  }
}
