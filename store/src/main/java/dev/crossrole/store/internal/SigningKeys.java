package dev.crossrole.store.internal;

import dev.crossrole.core.SealedSigningKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;

/** The {@code registry_signing_keys} table. */
public final class SigningKeys {
  private static final String OLDEST =
      "SELECT key_id, sealed_private_key, certificate_pem, created_at FROM registry_signing_keys"
          + " ORDER BY created_at, key_id";

  private final Jdbc jdbc;

  public SigningKeys(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** The oldest key, after adding {@code candidate} when there is none. */
  public SealedSigningKey oldestOrAdd(SealedSigningKey candidate) {
    Optional<SealedSigningKey> existing = jdbc.read(SigningKeys::oldest);
    if (existing.isPresent()) {
      return existing.get();
    }
    jdbc.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO registry_signing_keys"
                      + " (key_id, sealed_private_key, certificate_pem, created_at)"
                      + " VALUES (?, ?, ?, ?)")) {
            ps.setString(1, candidate.id());
            ps.setString(2, candidate.sealedPrivateKey());
            ps.setString(3, candidate.certificatePem());
            Rows.setInstant(ps, 4, candidate.created());
            ps.executeUpdate();
          }
          return null;
        });
    // Another node may have stored its own candidate meanwhile: the oldest row is everyone's key.
    return jdbc.read(SigningKeys::oldest).orElseThrow();
  }

  private static Optional<SealedSigningKey> oldest(Connection c) throws SQLException {
    return Statements.one(
        c,
        rs ->
            new SealedSigningKey(
                rs.getString("key_id"),
                rs.getString("sealed_private_key"),
                rs.getString("certificate_pem"),
                Rows.instant(rs, "created_at")),
        OLDEST);
  }
}
