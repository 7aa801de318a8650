package dev.crossrole.store.internal;

import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.IdentityException;
import dev.crossrole.core.SealedTokenKey;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;

/** The {@code token_keys} table. */
public final class TokenKeys {
  private final Jdbc jdbc;

  public TokenKeys(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  public void add(SealedTokenKey key) {
    jdbc.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO token_keys (key_id, sealed_material, created_at)"
                      + " VALUES (?, ?, ?)")) {
            ps.setString(1, key.id());
            ps.setString(2, key.sealedMaterial());
            Rows.setInstant(ps, 3, key.created());
            ps.executeUpdate();
          } catch (SQLException e) {
            if (Jdbc.isUniqueViolation(e)) {
              throw new IdentityException(
                  ErrorCode.ENTITY_ALREADY_EXISTS, Messages.tokenKeyExists(key.id()), e);
            }
            throw e;
          }
          return null;
        });
  }

  /** Deletes the keys with these ids; returns how many there were. */
  public int delete(List<String> ids) {
    if (ids.isEmpty()) {
      return 0;
    }
    return jdbc.write(
        c -> {
          int deleted = 0;
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM token_keys WHERE key_id = ?")) {
            for (String id : ids) {
              ps.setString(1, id);
              deleted += ps.executeUpdate();
            }
          }
          return deleted;
        });
  }

  /** Deletes every key but {@code keepId}, in one statement; returns how many it deleted. */
  public int deleteAllBut(String keepId) {
    return jdbc.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM token_keys WHERE key_id <> ?")) {
            ps.setString(1, keepId);
            return ps.executeUpdate();
          }
        });
  }

  /** Every key, newest first (ties by id, descending). */
  public List<SealedTokenKey> all() {
    List<SealedTokenKey> keys =
        jdbc.read(
            c ->
                Statements.list(
                    c,
                    rs ->
                        new SealedTokenKey(
                            rs.getString("key_id"),
                            rs.getString("sealed_material"),
                            Rows.instant(rs, "created_at")),
                    "SELECT key_id, sealed_material, created_at FROM token_keys"));
    keys.sort(
        Comparator.comparing(SealedTokenKey::created).thenComparing(SealedTokenKey::id).reversed());
    return keys;
  }
}
