package dev.crossrole.store.internal;

import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.IdentityException;
import dev.crossrole.core.PolicyHolder;
import dev.crossrole.core.User;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The {@code users} table. */
public final class Users {
  private static final String COLUMNS =
      "SELECT account_id, name, path, user_id, created_at, permissions_boundary_arn, tags_json"
          + " FROM users";

  /** IAM lists names alphabetically; sorting here keeps the order the same on every database. */
  static final Comparator<String> NAME_ORDER =
      Comparator.comparing(Rows::fold).thenComparing(Comparator.naturalOrder());

  private final Jdbc jdbc;

  public Users(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  public void create(User user) {
    jdbc.write(
        c -> {
          if (Statements.exists(
              c,
              "SELECT 1 FROM users WHERE account_id = ? AND name_lc = ?",
              user.accountId(),
              Rows.fold(user.name()))) {
            throw new IdentityException(
                ErrorCode.ENTITY_ALREADY_EXISTS, Messages.userExists(user.name()));
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO users (account_id, name_lc, name, path, user_id, created_at,"
                      + " permissions_boundary_arn, tags_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, user.accountId());
            ps.setString(2, Rows.fold(user.name()));
            ps.setString(3, user.name());
            ps.setString(4, user.path());
            ps.setString(5, user.userId());
            Rows.setInstant(ps, 6, user.created());
            Rows.setOptionalString(ps, 7, user.permissionsBoundaryArn());
            ps.setString(8, Rows.tagsToJson(user.tags()));
            ps.executeUpdate();
          } catch (SQLException e) {
            if (Jdbc.isUniqueViolation(e)) {
              throw new IdentityException(
                  ErrorCode.ENTITY_ALREADY_EXISTS,
                  Jdbc.names(e, "users_user_id_uq")
                      ? Messages.userIdExists(user.userId())
                      : Messages.userExists(user.name()),
                  e);
            }
            if (Jdbc.isForeignKeyViolation(e)) {
              throw new IdentityException(
                  ErrorCode.NO_SUCH_ENTITY, Messages.noSuchAccount(user.accountId()), e);
            }
            throw e;
          }
          return null;
        });
  }

  public Optional<User> get(String accountId, String userName) {
    return jdbc.read(
        c ->
            Statements.one(
                c,
                Users::map,
                COLUMNS + " WHERE account_id = ? AND name_lc = ?",
                accountId,
                Rows.fold(userName)));
  }

  public List<User> list(String accountId, String pathPrefix) {
    List<User> users =
        jdbc.read(
            c ->
                Statements.list(
                    c,
                    Users::map,
                    COLUMNS + " WHERE account_id = ? AND path LIKE ? ESCAPE '!'",
                    accountId,
                    Rows.likePrefix(pathPrefix)));
    users.sort(Comparator.comparing(User::name, NAME_ORDER));
    return users;
  }

  /**
   * Deletes a user that holds no access keys, inline or attached policies and is in no group, as
   * IAM requires (IAM checks the keys first).
   */
  public void delete(String accountId, String userName) {
    String nameLc = Rows.fold(userName);
    jdbc.write(
        c -> {
          Holders.lock(c, PolicyHolder.USER, accountId, userName);
          if (Statements.exists(
              c,
              "SELECT 1 FROM access_keys WHERE account_id = ? AND user_name_lc = ?",
              accountId,
              nameLc)) {
            throw new IdentityException(
                ErrorCode.DELETE_CONFLICT, Messages.DELETE_ACCESS_KEYS_FIRST);
          }
          Holders.requireNoPolicies(c, PolicyHolder.USER, accountId, nameLc);
          if (Statements.exists(
              c,
              "SELECT 1 FROM group_members WHERE account_id = ? AND user_name_lc = ?",
              accountId,
              nameLc)) {
            throw new IdentityException(
                ErrorCode.DELETE_CONFLICT, Messages.REMOVE_FROM_GROUPS_FIRST);
          }
          try {
            Statements.update(
                c, "DELETE FROM users WHERE account_id = ? AND name_lc = ?", accountId, nameLc);
          } catch (SQLException e) {
            if (Jdbc.isForeignKeyViolation(e)) {
              // Access keys and group memberships refer to users by foreign key; both are checked
              // above under the user's lock, so this is a key created without taking it.
              throw new IdentityException(
                  ErrorCode.DELETE_CONFLICT, Messages.DELETE_ACCESS_KEYS_FIRST, e);
            }
            throw e;
          }
          return null;
        });
  }

  /**
   * Replaces a user's name, path and tags. Under a new name the user's access keys, group
   * memberships, attached and inline policies follow: keys and memberships are detached while the
   * user's key changes (their foreign keys do not cascade) and attached again under the new name,
   * all in one transaction.
   */
  public void update(String accountId, String userName, User user) {
    String oldLc = Rows.fold(userName);
    String newLc = Rows.fold(user.name());
    jdbc.write(
        c -> {
          Holders.lock(c, PolicyHolder.USER, accountId, userName);
          if (!newLc.equals(oldLc)
              && Statements.exists(
                  c,
                  "SELECT 1 FROM users WHERE account_id = ? AND name_lc = ?",
                  accountId,
                  newLc)) {
            throw new IdentityException(
                ErrorCode.ENTITY_ALREADY_EXISTS, Messages.userExists(user.name()));
          }
          List<String> keys =
              Statements.list(
                  c,
                  rs -> rs.getString(1),
                  "SELECT access_key_id FROM access_keys WHERE account_id = ? AND user_name_lc = ?",
                  accountId,
                  oldLc);
          Statements.update(
              c,
              "UPDATE access_keys SET user_name = NULL, user_name_lc = NULL"
                  + " WHERE account_id = ? AND user_name_lc = ?",
              accountId,
              oldLc);
          // Memberships reference the user's key too; they are taken out and put back likewise.
          List<String> groups =
              Statements.list(
                  c,
                  rs -> rs.getString(1),
                  "SELECT group_name_lc FROM group_members WHERE account_id = ? AND user_name_lc = ?",
                  accountId,
                  oldLc);
          Statements.update(
              c,
              "DELETE FROM group_members WHERE account_id = ? AND user_name_lc = ?",
              accountId,
              oldLc);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE users SET name_lc = ?, name = ?, path = ?, tags_json = ?"
                      + " WHERE account_id = ? AND name_lc = ?")) {
            ps.setString(1, newLc);
            ps.setString(2, user.name());
            ps.setString(3, user.path());
            ps.setString(4, Rows.tagsToJson(user.tags()));
            ps.setString(5, accountId);
            ps.setString(6, oldLc);
            ps.executeUpdate();
          } catch (SQLException e) {
            if (Jdbc.isUniqueViolation(e)) {
              throw new IdentityException(
                  ErrorCode.ENTITY_ALREADY_EXISTS, Messages.userExists(user.name()), e);
            }
            throw e;
          }
          for (String key : keys) {
            Statements.update(
                c,
                "UPDATE access_keys SET user_name = ?, user_name_lc = ? WHERE access_key_id = ?",
                user.name(),
                newLc,
                key);
          }
          for (String group : groups) {
            Statements.update(
                c,
                "INSERT INTO group_members (account_id, group_name_lc, user_name_lc) VALUES (?, ?, ?)",
                accountId,
                group,
                newLc);
          }
          Statements.update(
              c,
              "UPDATE policy_attachments SET holder_name_lc = ?"
                  + " WHERE account_id = ? AND holder_type = 'USER' AND holder_name_lc = ?",
              newLc,
              accountId,
              oldLc);
          Statements.update(
              c,
              "UPDATE inline_policies SET holder_name = ?, holder_name_lc = ?"
                  + " WHERE account_id = ? AND holder_type = 'USER' AND holder_name_lc = ?",
              user.name(),
              newLc,
              accountId,
              oldLc);
          return null;
        });
  }

  static User map(ResultSet rs) throws SQLException {
    return new User(
        rs.getString("account_id"),
        rs.getString("path"),
        rs.getString("name"),
        rs.getString("user_id"),
        Rows.instant(rs, "created_at"),
        Rows.optionalString(rs, "permissions_boundary_arn"),
        Rows.tagsFromJson(rs.getString("tags_json")));
  }
}
