package dev.crossrole.store.internal;

import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.IdentityException;
import dev.crossrole.core.SealedEventsSecret;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;

/** The {@code registry_events_secret} table: one row at most. */
public final class EventsSecrets {
  private static final String STORED =
      "SELECT secret_id, sealed_secret, created_at FROM registry_events_secret WHERE slot = 1";

  private final Jdbc jdbc;

  public EventsSecrets(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** The stored secret, after storing {@code candidate} when there is none. */
  public SealedEventsSecret storedOrAdd(SealedEventsSecret candidate) {
    Optional<SealedEventsSecret> existing = jdbc.read(EventsSecrets::stored);
    if (existing.isPresent()) {
      return existing.get();
    }
    try {
      jdbc.write(c -> insert(c, candidate));
    } catch (IdentityException e) {
      if (e.code() != ErrorCode.ENTITY_ALREADY_EXISTS) {
        throw e;
      }
      // Another node stored its candidate first (the one slot is taken): that one is everyone's.
    }
    return jdbc.read(EventsSecrets::stored).orElseThrow();
  }

  private static Void insert(Connection c, SealedEventsSecret candidate) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO registry_events_secret (slot, secret_id, sealed_secret, created_at)"
                + " VALUES (1, ?, ?, ?)")) {
      ps.setString(1, candidate.id());
      ps.setString(2, candidate.sealedSecret());
      Rows.setInstant(ps, 3, candidate.created());
      ps.executeUpdate();
    } catch (SQLException e) {
      if (Jdbc.isUniqueViolation(e)) {
        throw new IdentityException(
            ErrorCode.ENTITY_ALREADY_EXISTS, "The registry events secret already exists.", e);
      }
      throw e;
    }
    return null;
  }

  private static Optional<SealedEventsSecret> stored(Connection c) throws SQLException {
    return Statements.one(
        c,
        rs ->
            new SealedEventsSecret(
                rs.getString("secret_id"),
                rs.getString("sealed_secret"),
                Rows.instant(rs, "created_at")),
        STORED);
  }
}
