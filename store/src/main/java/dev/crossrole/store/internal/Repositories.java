package dev.crossrole.store.internal;

import dev.crossrole.core.EcrRepository;
import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.IdentityException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The {@code ecr_repositories} table. */
public final class Repositories {
  private static final String COLUMNS =
      "SELECT account_id, name, created_at, image_tag_mutability, scan_on_push, encryption_type,"
          + " kms_key, tags_json, policy FROM ecr_repositories";

  private final Jdbc jdbc;

  public Repositories(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  public void create(EcrRepository r) {
    jdbc.write(
        c -> {
          if (Statements.exists(
              c,
              "SELECT 1 FROM ecr_repositories WHERE account_id = ? AND name = ?",
              r.accountId(),
              r.name())) {
            throw exists(r);
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO ecr_repositories (account_id, name, created_at,"
                      + " image_tag_mutability, scan_on_push, encryption_type, kms_key,"
                      + " tags_json, policy) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, r.accountId());
            ps.setString(2, r.name());
            Rows.setInstant(ps, 3, r.created());
            ps.setString(4, r.imageTagMutability());
            ps.setBoolean(5, r.scanOnPush());
            ps.setString(6, r.encryptionType());
            Rows.setOptionalString(ps, 7, r.kmsKey());
            ps.setString(8, Rows.tagsToJson(r.tags()));
            Rows.setOptionalString(ps, 9, r.policy());
            ps.executeUpdate();
          } catch (SQLException e) {
            if (Jdbc.isUniqueViolation(e)) {
              throw exists(r);
            }
            if (Jdbc.isForeignKeyViolation(e)) {
              throw new IdentityException(
                  ErrorCode.NO_SUCH_ENTITY, Messages.noSuchAccount(r.accountId()), e);
            }
            throw e;
          }
          return null;
        });
  }

  public Optional<EcrRepository> get(String accountId, String name) {
    return jdbc.read(
        c ->
            Statements.one(
                c,
                Repositories::map,
                COLUMNS + " WHERE account_id = ? AND name = ?",
                accountId,
                name));
  }

  public List<EcrRepository> list(String accountId) {
    return jdbc.read(
        c ->
            Statements.list(
                c, Repositories::map, COLUMNS + " WHERE account_id = ? ORDER BY name", accountId));
  }

  /** Replaces the policy, tags, tag mutability and scanning; name, creation and encryption stay. */
  public void update(EcrRepository r) {
    int updated =
        jdbc.write(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "UPDATE ecr_repositories SET image_tag_mutability = ?, scan_on_push = ?,"
                          + " tags_json = ?, policy = ? WHERE account_id = ? AND name = ?")) {
                ps.setString(1, r.imageTagMutability());
                ps.setBoolean(2, r.scanOnPush());
                ps.setString(3, Rows.tagsToJson(r.tags()));
                Rows.setOptionalString(ps, 4, r.policy());
                ps.setString(5, r.accountId());
                ps.setString(6, r.name());
                return ps.executeUpdate();
              }
            });
    if (updated == 0) {
      throw noSuch(r.accountId(), r.name());
    }
  }

  public void delete(String accountId, String name) {
    int deleted =
        jdbc.write(
            c ->
                Statements.update(
                    c,
                    "DELETE FROM ecr_repositories WHERE account_id = ? AND name = ?",
                    accountId,
                    name));
    if (deleted == 0) {
      throw noSuch(accountId, name);
    }
  }

  private static IdentityException exists(EcrRepository r) {
    return new IdentityException(
        ErrorCode.ENTITY_ALREADY_EXISTS,
        "The repository with name '"
            + r.name()
            + "' already exists in the registry with id '"
            + r.accountId()
            + "'");
  }

  private static IdentityException noSuch(String accountId, String name) {
    return new IdentityException(
        ErrorCode.NO_SUCH_ENTITY,
        "The repository with name '"
            + name
            + "' does not exist in the registry with id '"
            + accountId
            + "'");
  }

  private static EcrRepository map(ResultSet rs) throws SQLException {
    return new EcrRepository(
        rs.getString("account_id"),
        rs.getString("name"),
        Rows.instant(rs, "created_at"),
        rs.getString("image_tag_mutability"),
        rs.getBoolean("scan_on_push"),
        rs.getString("encryption_type"),
        Rows.optionalString(rs, "kms_key"),
        Rows.tagsFromJson(rs.getString("tags_json")),
        Rows.optionalString(rs, "policy"));
  }
}
