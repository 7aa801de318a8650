package dev.crossrole.store.internal;

import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.Group;
import dev.crossrole.core.IdentityException;
import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.PolicyHolder;
import dev.crossrole.core.User;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The {@code iam_groups} and {@code group_members} tables. */
public final class Groups {
  private static final String COLUMNS =
      "SELECT g.account_id, g.name, g.path, g.group_id, g.created_at FROM iam_groups g";

  private final Jdbc jdbc;

  public Groups(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  public void create(Group group) {
    jdbc.write(
        c -> {
          if (Statements.exists(
              c,
              "SELECT 1 FROM iam_groups WHERE account_id = ? AND name_lc = ?",
              group.accountId(),
              Rows.fold(group.name()))) {
            throw new IdentityException(
                ErrorCode.ENTITY_ALREADY_EXISTS, Messages.groupExists(group.name()));
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO iam_groups (account_id, name_lc, name, path, group_id, created_at)"
                      + " VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, group.accountId());
            ps.setString(2, Rows.fold(group.name()));
            ps.setString(3, group.name());
            ps.setString(4, group.path());
            ps.setString(5, group.groupId());
            Rows.setInstant(ps, 6, group.created());
            ps.executeUpdate();
          } catch (SQLException e) {
            if (Jdbc.isUniqueViolation(e)) {
              throw new IdentityException(
                  ErrorCode.ENTITY_ALREADY_EXISTS,
                  Jdbc.names(e, "groups_group_id_uq")
                      ? Messages.groupIdExists(group.groupId())
                      : Messages.groupExists(group.name()),
                  e);
            }
            if (Jdbc.isForeignKeyViolation(e)) {
              throw new IdentityException(
                  ErrorCode.NO_SUCH_ENTITY, Messages.noSuchAccount(group.accountId()), e);
            }
            throw e;
          }
          return null;
        });
  }

  public Optional<Group> get(String accountId, String name) {
    return jdbc.read(
        c ->
            Statements.one(
                c,
                Groups::map,
                COLUMNS + " WHERE g.account_id = ? AND g.name_lc = ?",
                accountId,
                Rows.fold(name)));
  }

  public List<Group> list(String accountId, String pathPrefix) {
    List<Group> groups =
        jdbc.read(
            c ->
                Statements.list(
                    c,
                    Groups::map,
                    COLUMNS + " WHERE g.account_id = ? AND g.path LIKE ? ESCAPE '!'",
                    accountId,
                    Rows.likePrefix(pathPrefix)));
    groups.sort(Comparator.comparing(Group::name, Users.NAME_ORDER));
    return groups;
  }

  /**
   * Renames or moves a group. Its members follow by the foreign key's cascade; its inline policies
   * and attachments, which name their holder without a foreign key, are renamed here under the
   * group's row lock.
   */
  public Group update(
      String accountId, String name, Optional<String> newName, Optional<String> newPath) {
    return jdbc.write(
        c -> {
          Group current =
              Statements.one(
                      c,
                      Groups::map,
                      COLUMNS + " WHERE g.account_id = ? AND g.name_lc = ? FOR UPDATE",
                      accountId,
                      Rows.fold(name))
                  .orElseThrow(
                      () ->
                          new IdentityException(
                              ErrorCode.NO_SUCH_ENTITY, Messages.noSuchGroup(name)));
          String targetName = newName.orElse(current.name());
          String targetPath = newPath.orElse(current.path());
          String oldLc = Rows.fold(current.name());
          String newLc = Rows.fold(targetName);
          if (!newLc.equals(oldLc)
              && Statements.exists(
                  c,
                  "SELECT 1 FROM iam_groups WHERE account_id = ? AND name_lc = ?",
                  accountId,
                  newLc)) {
            throw new IdentityException(
                ErrorCode.ENTITY_ALREADY_EXISTS, Messages.groupExists(targetName));
          }
          Statements.update(
              c,
              "UPDATE iam_groups SET name_lc = ?, name = ?, path = ?"
                  + " WHERE account_id = ? AND name_lc = ?",
              newLc,
              targetName,
              targetPath,
              accountId,
              oldLc);
          Statements.update(
              c,
              "UPDATE inline_policies SET holder_name_lc = ?, holder_name = ?"
                  + " WHERE account_id = ? AND holder_type = 'GROUP' AND holder_name_lc = ?",
              newLc,
              targetName,
              accountId,
              oldLc);
          Statements.update(
              c,
              "UPDATE policy_attachments SET holder_name_lc = ?"
                  + " WHERE account_id = ? AND holder_type = 'GROUP' AND holder_name_lc = ?",
              newLc,
              accountId,
              oldLc);
          return new Group(accountId, targetPath, targetName, current.groupId(), current.created());
        });
  }

  /** Deletes a group without members, inline policies or attached policies, as IAM requires. */
  public void delete(String accountId, String name) {
    String nameLc = Rows.fold(name);
    jdbc.write(
        c -> {
          Holders.lock(c, PolicyHolder.GROUP, accountId, name);
          if (Statements.exists(
              c,
              "SELECT 1 FROM group_members WHERE account_id = ? AND group_name_lc = ?",
              accountId,
              nameLc)) {
            throw new IdentityException(
                ErrorCode.DELETE_CONFLICT, Messages.REMOVE_FROM_GROUPS_FIRST);
          }
          Holders.requireNoPolicies(c, PolicyHolder.GROUP, accountId, nameLc);
          Statements.update(
              c, "DELETE FROM iam_groups WHERE account_id = ? AND name_lc = ?", accountId, nameLc);
          return null;
        });
  }

  /** Adds a member; IAM names a missing group before a missing user. */
  public void addUser(String accountId, String groupName, String userName) {
    String groupLc = Rows.fold(groupName);
    String userLc = Rows.fold(userName);
    jdbc.write(
        c -> {
          Holders.lock(c, PolicyHolder.GROUP, accountId, groupName);
          Holders.lock(c, PolicyHolder.USER, accountId, userName);
          if (Statements.exists(
              c,
              "SELECT 1 FROM group_members"
                  + " WHERE account_id = ? AND group_name_lc = ? AND user_name_lc = ?",
              accountId,
              groupLc,
              userLc)) {
            return null;
          }
          // The user's row lock serializes additions of this user, so the count stays true.
          int groups =
              Statements.count(
                  c,
                  "SELECT COUNT(*) FROM group_members WHERE account_id = ? AND user_name_lc = ?",
                  accountId,
                  userLc);
          if (groups >= IdentityStore.MAX_GROUPS_PER_USER) {
            throw new IdentityException(
                ErrorCode.LIMIT_EXCEEDED,
                Messages.quota("GroupsPerUser", IdentityStore.MAX_GROUPS_PER_USER));
          }
          Statements.update(
              c,
              "INSERT INTO group_members (account_id, group_name_lc, user_name_lc)"
                  + " VALUES (?, ?, ?)",
              accountId,
              groupLc,
              userLc);
          return null;
        });
  }

  public void removeUser(String accountId, String groupName, String userName) {
    String groupLc = Rows.fold(groupName);
    String userLc = Rows.fold(userName);
    jdbc.write(
        c -> {
          Holders.lock(c, PolicyHolder.GROUP, accountId, groupName);
          if (!Statements.exists(
              c, "SELECT 1 FROM users WHERE account_id = ? AND name_lc = ?", accountId, userLc)) {
            throw new IdentityException(ErrorCode.NO_SUCH_ENTITY, Messages.noSuchUser(userName));
          }
          int removed =
              Statements.update(
                  c,
                  "DELETE FROM group_members"
                      + " WHERE account_id = ? AND group_name_lc = ? AND user_name_lc = ?",
                  accountId,
                  groupLc,
                  userLc);
          if (removed == 0) {
            throw new IdentityException(
                ErrorCode.NO_SUCH_ENTITY, Messages.notInGroup(userName, groupName));
          }
          return null;
        });
  }

  public List<User> members(String accountId, String groupName) {
    List<User> users =
        jdbc.read(
            c ->
                Statements.list(
                    c,
                    Users::map,
                    "SELECT u.account_id, u.name, u.path, u.user_id, u.created_at,"
                        + " u.permissions_boundary_arn, u.tags_json FROM users u"
                        + " JOIN group_members m ON m.account_id = u.account_id"
                        + " AND m.user_name_lc = u.name_lc"
                        + " WHERE m.account_id = ? AND m.group_name_lc = ?",
                    accountId,
                    Rows.fold(groupName)));
    users.sort(Comparator.comparing(User::name, Users.NAME_ORDER));
    return users;
  }

  public List<Group> forUser(String accountId, String userName) {
    List<Group> groups =
        jdbc.read(
            c ->
                Statements.list(
                    c,
                    Groups::map,
                    COLUMNS
                        + " JOIN group_members m ON m.account_id = g.account_id"
                        + " AND m.group_name_lc = g.name_lc"
                        + " WHERE m.account_id = ? AND m.user_name_lc = ?",
                    accountId,
                    Rows.fold(userName)));
    groups.sort(Comparator.comparing(Group::name, Users.NAME_ORDER));
    return groups;
  }

  public List<IdentityStore.Membership> memberships(String accountId) {
    List<IdentityStore.Membership> all =
        jdbc.read(
            c ->
                Statements.list(
                    c,
                    rs -> new IdentityStore.Membership(rs.getString(1), rs.getString(2)),
                    "SELECT g.name, u.name FROM group_members m"
                        + " JOIN iam_groups g ON g.account_id = m.account_id"
                        + " AND g.name_lc = m.group_name_lc"
                        + " JOIN users u ON u.account_id = m.account_id"
                        + " AND u.name_lc = m.user_name_lc"
                        + " WHERE m.account_id = ?",
                    accountId));
    all.sort(
        Comparator.comparing(IdentityStore.Membership::userName, Users.NAME_ORDER)
            .thenComparing(IdentityStore.Membership::groupName, Users.NAME_ORDER));
    return all;
  }

  static Group map(ResultSet rs) throws SQLException {
    return new Group(
        rs.getString("account_id"),
        rs.getString("path"),
        rs.getString("name"),
        rs.getString("group_id"),
        Rows.instant(rs, "created_at"));
  }
}
