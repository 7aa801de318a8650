package dev.crossrole.store.internal;

import dev.crossrole.core.AccessKey;
import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.IdentityException;
import dev.crossrole.core.LastUsed;
import dev.crossrole.core.PolicyHolder;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The {@code access_keys} table. */
public final class AccessKeys {
  private static final String COLUMNS =
      "SELECT access_key_id, account_id, user_name, status, created_at, sealed_secret,"
          + " last_used_at FROM access_keys";

  private final Jdbc jdbc;

  public AccessKeys(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Stores a key of a user (which must exist; the key then carries the user's name as stored) or of
   * the account's root.
   */
  public void create(AccessKey key) {
    jdbc.write(
        c -> {
          Optional<String> owner = Optional.empty();
          if (key.userName().isPresent()) {
            String given = key.userName().get();
            owner = Optional.of(Holders.lock(c, PolicyHolder.USER, key.accountId(), given));
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO access_keys (access_key_id, account_id, user_name_lc, user_name,"
                      + " status, created_at, sealed_secret, last_used_at)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, key.accessKeyId());
            ps.setString(2, key.accountId());
            Rows.setOptionalString(ps, 3, owner.map(Rows::fold));
            Rows.setOptionalString(ps, 4, owner);
            ps.setString(5, key.status().text());
            Rows.setInstant(ps, 6, key.created());
            ps.setString(7, key.sealedSecret());
            Rows.setOptionalInstant(ps, 8, key.lastUsed());
            ps.executeUpdate();
          } catch (SQLException e) {
            if (Jdbc.isUniqueViolation(e)) {
              throw new IdentityException(
                  ErrorCode.ENTITY_ALREADY_EXISTS, Messages.accessKeyExists(key.accessKeyId()), e);
            }
            if (Jdbc.isForeignKeyViolation(e)) {
              throw new IdentityException(
                  ErrorCode.NO_SUCH_ENTITY, Messages.noSuchAccount(key.accountId()), e);
            }
            throw e;
          }
          return null;
        });
  }

  public Optional<AccessKey> get(String accessKeyId) {
    return jdbc.read(
        c -> Statements.one(c, AccessKeys::map, COLUMNS + " WHERE access_key_id = ?", accessKeyId));
  }

  /** The keys of a user, or of the root when {@code userName} is empty, oldest first. */
  public List<AccessKey> list(String accountId, Optional<String> userName) {
    List<AccessKey> keys =
        jdbc.read(
            c ->
                userName.isPresent()
                    ? Statements.list(
                        c,
                        AccessKeys::map,
                        COLUMNS + " WHERE account_id = ? AND user_name_lc = ?",
                        accountId,
                        Rows.fold(userName.get()))
                    : Statements.list(
                        c,
                        AccessKeys::map,
                        COLUMNS + " WHERE account_id = ? AND user_name_lc IS NULL",
                        accountId));
    keys.sort(Comparator.comparing(AccessKey::created).thenComparing(AccessKey::accessKeyId));
    return keys;
  }

  public void updateStatus(String accessKeyId, AccessKey.Status status) {
    int updated =
        jdbc.write(
            c ->
                Statements.update(
                    c,
                    "UPDATE access_keys SET status = ? WHERE access_key_id = ?",
                    status.text(),
                    accessKeyId));
    if (updated == 0) {
      throw new IdentityException(ErrorCode.NO_SUCH_ENTITY, Messages.noSuchAccessKey(accessKeyId));
    }
  }

  public void delete(String accessKeyId) {
    int deleted =
        jdbc.write(
            c ->
                Statements.update(
                    c, "DELETE FROM access_keys WHERE access_key_id = ?", accessKeyId));
    if (deleted == 0) {
      throw new IdentityException(ErrorCode.NO_SUCH_ENTITY, Messages.noSuchAccessKey(accessKeyId));
    }
  }

  /** Records a use of a key; a key deleted meanwhile is left deleted. */
  public void recordUse(String accessKeyId, LastUsed used) {
    jdbc.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE access_keys SET last_used_at = ?, last_used_service = ?,"
                      + " last_used_region = ? WHERE access_key_id = ?")) {
            Rows.setInstant(ps, 1, used.date());
            Rows.setOptionalString(ps, 2, used.serviceName());
            ps.setString(3, used.region());
            ps.setString(4, accessKeyId);
            return ps.executeUpdate();
          }
        });
  }

  /** The recorded last use of a key, if any. */
  public Optional<LastUsed> lastUsed(String accessKeyId) {
    return jdbc.read(
        c -> {
          try (PreparedStatement ps =
                  Statements.prepare(
                      c,
                      "SELECT last_used_at, last_used_service, last_used_region FROM access_keys"
                          + " WHERE access_key_id = ?",
                      accessKeyId);
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
                    Rows.optionalString(rs, "last_used_service"),
                    Rows.optionalString(rs, "last_used_region").orElse("")));
          }
        });
  }

  private static AccessKey map(ResultSet rs) throws SQLException {
    return new AccessKey(
        rs.getString("access_key_id"),
        rs.getString("account_id"),
        Rows.optionalString(rs, "user_name"),
        status(rs.getString("status")),
        Rows.instant(rs, "created_at"),
        rs.getString("sealed_secret"),
        Rows.optionalInstant(rs, "last_used_at"));
  }

  private static AccessKey.Status status(String text) {
    for (AccessKey.Status s : AccessKey.Status.values()) {
      if (s.text().equals(text)) {
        return s;
      }
    }
    // The table's CHECK constraint admits only the two words above.
    throw new IdentityException(
        ErrorCode.SERVICE_FAILURE, "The identity store holds an unknown access key status.");
  }
}
