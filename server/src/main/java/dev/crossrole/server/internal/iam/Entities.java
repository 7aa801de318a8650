package dev.crossrole.server.internal.iam;

import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.IdentityException;
import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.Role;
import dev.crossrole.core.User;
import java.util.Optional;

/** Finds the users and roles that calls name, with IAM's NoSuchEntity when they are absent. */
final class Entities {
  private final IdentityStore store;

  Entities(IdentityStore store) {
    this.store = store;
  }

  /** The ARN to authorize against: the existing user's, or one with the root path. */
  String userArn(String account, String name) {
    return userArn(store.user(account, name), account, name);
  }

  /** The ARN to authorize against: {@code user}'s if it was found, or one with the root path. */
  static String userArn(Optional<User> user, String account, String name) {
    return user.map(User::arn).orElse(userArn(account, "/", name));
  }

  /** The ARN to authorize against: {@code role}'s if it was found, or one with the root path. */
  static String roleArn(Optional<Role> role, String account, String name) {
    return role.map(Role::arn).orElse(roleArn(account, "/", name));
  }

  static String userArn(String account, String path, String name) {
    return "arn:aws:iam::" + account + ":user" + path + name;
  }

  static String roleArn(String account, String path, String name) {
    return "arn:aws:iam::" + account + ":role" + path + name;
  }

  User user(String account, String name) {
    return existingUser(store.user(account, name), name);
  }

  Role role(String account, String name) {
    return existingRole(store.role(account, name), name);
  }

  /** The user looked up as {@code name}, or IAM's NoSuchEntity. */
  static User existingUser(Optional<User> user, String name) {
    return user.orElseThrow(
        () ->
            new IdentityException(
                ErrorCode.NO_SUCH_ENTITY, "The user with name " + name + " cannot be found."));
  }

  /** The role looked up as {@code name}, or IAM's NoSuchEntity. */
  static Role existingRole(Optional<Role> role, String name) {
    return role.orElseThrow(
        () ->
            new IdentityException(
                ErrorCode.NO_SUCH_ENTITY, "The role with name " + name + " cannot be found."));
  }
}
