package dev.crossrole.store.internal;

import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.IdentityException;
import dev.crossrole.core.LastUsed;
import dev.crossrole.core.PolicyHolder;
import dev.crossrole.core.Role;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The {@code roles} table. */
public final class Roles {
  private static final String COLUMNS =
      "SELECT account_id, name, path, role_id, created_at, trust_policy, description,"
          + " max_session_duration, permissions_boundary_arn, tags_json, trust_principal_ids FROM roles";

  private final Jdbc jdbc;

  public Roles(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  public void create(Role role) {
    jdbc.write(
        c -> {
          if (Statements.exists(
              c,
              "SELECT 1 FROM roles WHERE account_id = ? AND name_lc = ?",
              role.accountId(),
              Rows.fold(role.name()))) {
            throw new IdentityException(
                ErrorCode.ENTITY_ALREADY_EXISTS, Messages.roleExists(role.name()));
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO roles (account_id, name_lc, name, path, role_id, created_at,"
                      + " trust_policy, description, max_session_duration,"
                      + " permissions_boundary_arn, tags_json, trust_principal_ids)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, role.accountId());
            ps.setString(2, Rows.fold(role.name()));
            ps.setString(3, role.name());
            ps.setString(4, role.path());
            ps.setString(5, role.roleId());
            Rows.setInstant(ps, 6, role.created());
            ps.setString(7, role.trustPolicy());
            Rows.setOptionalString(ps, 8, role.description());
            ps.setInt(9, role.maxSessionDurationSeconds());
            Rows.setOptionalString(ps, 10, role.permissionsBoundaryArn());
            ps.setString(11, Rows.tagsToJson(role.tags()));
            ps.setString(12, Rows.tagsToJson(role.trustPrincipalIds()));
            ps.executeUpdate();
          } catch (SQLException e) {
            if (Jdbc.isUniqueViolation(e)) {
              throw new IdentityException(
                  ErrorCode.ENTITY_ALREADY_EXISTS,
                  Jdbc.names(e, "roles_role_id_uq")
                      ? Messages.roleIdExists(role.roleId())
                      : Messages.roleExists(role.name()),
                  e);
            }
            if (Jdbc.isForeignKeyViolation(e)) {
              throw new IdentityException(
                  ErrorCode.NO_SUCH_ENTITY, Messages.noSuchAccount(role.accountId()), e);
            }
            throw e;
          }
          return null;
        });
  }

  public Optional<Role> get(String accountId, String roleName) {
    return jdbc.read(
        c ->
            Statements.one(
                c,
                Roles::map,
                COLUMNS + " WHERE account_id = ? AND name_lc = ?",
                accountId,
                Rows.fold(roleName)));
  }

  public List<Role> list(String accountId, String pathPrefix) {
    List<Role> roles =
        jdbc.read(
            c ->
                Statements.list(
                    c,
                    Roles::map,
                    COLUMNS + " WHERE account_id = ? AND path LIKE ? ESCAPE '!'",
                    accountId,
                    Rows.likePrefix(pathPrefix)));
    roles.sort(Comparator.comparing(Role::name, Users.NAME_ORDER));
    return roles;
  }

  /**
   * Replaces what IAM lets change on a role: its trust policy, description, maximum session
   * duration, permissions boundary and tags. Its name, path, id and creation time stay as created.
   */
  public void update(Role role) {
    int updated =
        jdbc.write(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "UPDATE roles SET trust_policy = ?, description = ?,"
                          + " max_session_duration = ?, permissions_boundary_arn = ?,"
                          + " tags_json = ?, trust_principal_ids = ?"
                          + " WHERE account_id = ? AND name_lc = ?")) {
                ps.setString(1, role.trustPolicy());
                Rows.setOptionalString(ps, 2, role.description());
                ps.setInt(3, role.maxSessionDurationSeconds());
                Rows.setOptionalString(ps, 4, role.permissionsBoundaryArn());
                ps.setString(5, Rows.tagsToJson(role.tags()));
                ps.setString(6, Rows.tagsToJson(role.trustPrincipalIds()));
                ps.setString(7, role.accountId());
                ps.setString(8, Rows.fold(role.name()));
                return ps.executeUpdate();
              }
            });
    if (updated == 0) {
      throw new IdentityException(ErrorCode.NO_SUCH_ENTITY, Messages.noSuchRole(role.name()));
    }
  }

  /** Deletes a role that holds no inline or attached policies, as IAM requires. */
  public void delete(String accountId, String roleName) {
    String nameLc = Rows.fold(roleName);
    jdbc.write(
        c -> {
          Holders.lock(c, PolicyHolder.ROLE, accountId, roleName);
          Holders.requireNoPolicies(c, PolicyHolder.ROLE, accountId, nameLc);
          Statements.update(
              c, "DELETE FROM roles WHERE account_id = ? AND name_lc = ?", accountId, nameLc);
          return null;
        });
  }

  /** Records a use of a role; a role deleted meanwhile is left deleted. */
  public void recordUse(String accountId, String roleName, LastUsed used) {
    jdbc.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE roles SET last_used_at = ?, last_used_region = ?"
                      + " WHERE account_id = ? AND name_lc = ?")) {
            Rows.setInstant(ps, 1, used.date());
            ps.setString(2, used.region());
            ps.setString(3, accountId);
            ps.setString(4, Rows.fold(roleName));
            return ps.executeUpdate();
          }
        });
  }

  /** The recorded last use of a role, if any. */
  public Optional<LastUsed> lastUsed(String accountId, String roleName) {
    return jdbc.read(
        c -> {
          try (PreparedStatement ps =
                  Statements.prepare(
                      c,
                      "SELECT last_used_at, last_used_region FROM roles"
                          + " WHERE account_id = ? AND name_lc = ?",
                      accountId,
                      Rows.fold(roleName));
              ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
              return Optional.<LastUsed>empty();
            }
            Optional<Instant> at = Rows.optionalInstant(rs, "last_used_at");
            if (at.isEmpty()) {
              return Optional.<LastUsed>empty();
            }
            return Optional.of(
                new LastUsed(
                    at.get(),
                    Optional.empty(),
                    Rows.optionalString(rs, "last_used_region").orElse("")));
          }
        });
  }

  private static Role map(ResultSet rs) throws SQLException {
    return Role.builder(rs.getString("account_id"), rs.getString("name"))
        .path(rs.getString("path"))
        .roleId(rs.getString("role_id"))
        .created(Rows.instant(rs, "created_at"))
        .trustPolicy(rs.getString("trust_policy"))
        .description(Rows.optionalString(rs, "description"))
        .maxSessionDurationSeconds(rs.getInt("max_session_duration"))
        .permissionsBoundaryArn(Rows.optionalString(rs, "permissions_boundary_arn"))
        .tags(Rows.tagsFromJson(rs.getString("tags_json")))
        .trustPrincipalIds(Rows.tagsFromJson(rs.getString("trust_principal_ids")))
        .build();
  }
}
