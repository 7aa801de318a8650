package dev.crossrole.server.internal.iam;

import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.Group;
import dev.crossrole.core.IdentityException;
import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.PolicyHolder;
import dev.crossrole.core.Role;
import dev.crossrole.core.User;
import dev.crossrole.server.internal.query.QueryParameters;
import dev.crossrole.server.internal.query.Validation;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The users, roles and groups that IAM calls name: their name checks, their ARNs (the existing
 * entity's, or one with the root path to authorize against before it is known to exist) and IAM's
 * NoSuchEntity when they are absent.
 */
public final class IamEntities {
  /**
   * The two shapes IAM's model gives a {@code UserName}: {@code userNameType} (at most 64
   * characters) where a call creates, renames, attaches to or bounds a user, and {@code
   * existingUserNameType} (at most 128) where it only looks an existing user up. Each operation
   * checks the shape its input names, so a long legacy name stays reachable where IAM allows it.
   */
  enum UserName {
    /** {@code userNameType}: CreateUser, UpdateUser's NewUserName, attachments and boundaries. */
    NEW(64),
    /** {@code existingUserNameType}: the other calls that name a user. */
    EXISTING(128);

    private final int max;

    UserName(int max) {
      this.max = max;
    }

    int max() {
      return max;
    }
  }

  /** An entity a call names and the ARN the call is authorized against. */
  record Named(PolicyHolder kind, String name, String arn) {}

  private static final Pattern ROLE_DESCRIPTION =
      Pattern.compile("[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*");

  private final IdentityStore store;

  public IamEntities(IdentityStore store) {
    this.store = store;
  }

  /** The {@code UserName} parameter, checked against {@code shape}. */
  static String userName(QueryParameters p, UserName shape) {
    return userName("userName", p.required("UserName"), shape);
  }

  /** A user name given as {@code field}, checked against {@code shape}. */
  static String userName(String field, String value, UserName shape) {
    return Validation.check(field, value, 1, shape.max(), Validation.NAME);
  }

  /** The {@code RoleName} parameter ({@code roleNameType}: at most 64 in every operation). */
  static String roleName(QueryParameters p) {
    return Validation.check("roleName", p.required("RoleName"), 1, 64, Validation.NAME);
  }

  /**
   * A role's description ({@code roleDescriptionType}: at most 1,000 characters, tab, line breaks,
   * printable ASCII and Latin-1), as CreateRole, UpdateRole and UpdateRoleDescription check it.
   */
  static String roleDescription(String text) {
    return Validation.check("description", text, 0, 1000, ROLE_DESCRIPTION);
  }

  /** A group name given as {@code parameter} ({@code groupNameType}: at most 128). */
  static String groupName(QueryParameters p, String parameter) {
    return Validation.check("groupName", p.required(parameter), 1, 128, Validation.NAME);
  }

  /**
   * The {@code UserName}, {@code RoleName} or {@code GroupName} parameter of a call on {@code
   * kind}, a user's checked against {@code users}.
   */
  static String name(QueryParameters p, PolicyHolder kind, UserName users) {
    return switch (kind) {
      case USER -> userName(p, users);
      case ROLE -> roleName(p);
      case GROUP -> groupName(p, "GroupName");
    };
  }

  static String userArn(String account, String path, String name) {
    return arn(account, PolicyHolder.USER, path, name);
  }

  static String roleArn(String account, String path, String name) {
    return arn(account, PolicyHolder.ROLE, path, name);
  }

  static String groupArn(String account, String path, String name) {
    return arn(account, PolicyHolder.GROUP, path, name);
  }

  /** {@code arn:aws:iam::ACCOUNT:KIND/PATH/NAME}; with an empty name, the ARN of a path prefix. */
  static String arn(String account, PolicyHolder kind, String path, String name) {
    return "arn:aws:iam::" + account + ":" + kind.name().toLowerCase(Locale.ROOT) + path + name;
  }

  /** The ARN to authorize against: {@code user}'s if it was found, or one with the root path. */
  static String userArn(Optional<User> user, String account, String name) {
    return user.map(User::arn).orElse(userArn(account, "/", name));
  }

  /** The ARN to authorize against: {@code role}'s if it was found, or one with the root path. */
  static String roleArn(Optional<Role> role, String account, String name) {
    return role.map(Role::arn).orElse(roleArn(account, "/", name));
  }

  /** The ARN to authorize against: the existing user's, or one with the root path. */
  String userArn(String account, String name) {
    return userArn(store.user(account, name), account, name);
  }

  /** The ARN to authorize against: the existing role's, or one with the root path. */
  String roleArn(String account, String name) {
    return roleArn(store.role(account, name), account, name);
  }

  /** The ARN to authorize against: the existing group's, or one with the root path. */
  String groupArn(String account, String name) {
    return store.group(account, name).map(Group::arn).orElse(groupArn(account, "/", name));
  }

  /** {@code kind}'s entity {@code name} with the ARN to authorize against. */
  Named named(String account, PolicyHolder kind, String name) {
    String arn =
        switch (kind) {
          case USER -> userArn(account, name);
          case ROLE -> roleArn(account, name);
          case GROUP -> groupArn(account, name);
        };
    return new Named(kind, name, arn);
  }

  /** The entity named by {@code p} for a call on {@code kind}, with the ARN to authorize. */
  Named named(String account, QueryParameters p, PolicyHolder kind, UserName users) {
    return named(account, kind, name(p, kind, users));
  }

  public User user(String account, String name) {
    return existingUser(store.user(account, name), name);
  }

  public Role role(String account, String name) {
    return existingRole(store.role(account, name), name);
  }

  /** Nothing, if {@code kind}'s entity {@code name} exists; else IAM's NoSuchEntity. */
  public void requireExisting(String account, PolicyHolder kind, String name) {
    boolean exists =
        switch (kind) {
          case USER -> store.user(account, name).isPresent();
          case ROLE -> store.role(account, name).isPresent();
          case GROUP -> store.group(account, name).isPresent();
        };
    if (!exists) {
      throw noSuchEntity(kind, name);
    }
  }

  /** The user looked up as {@code name}, or IAM's NoSuchEntity. */
  static User existingUser(Optional<User> user, String name) {
    return user.orElseThrow(() -> noSuchEntity(PolicyHolder.USER, name));
  }

  /** The role looked up as {@code name}, or IAM's NoSuchEntity. */
  static Role existingRole(Optional<Role> role, String name) {
    return role.orElseThrow(() -> noSuchEntity(PolicyHolder.ROLE, name));
  }

  /** IAM's NoSuchEntity for {@code kind}'s entity {@code name}. */
  static IdentityException noSuchEntity(PolicyHolder kind, String name) {
    return new IdentityException(
        ErrorCode.NO_SUCH_ENTITY,
        "The " + kind.name().toLowerCase(Locale.ROOT) + " with name " + name + " cannot be found.");
  }
}
