package dev.crossrole.store.internal;

import dev.crossrole.core.IdentityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code ecr_image_pushes} table: the first push time of each image of a repository. */
public final class ImagePushes {
  private final Jdbc jdbc;

  public ImagePushes(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Records that {@code digest} was pushed at {@code pushedAt}, keeping the earlier time when one
   * is already recorded. Nothing is recorded for a repository the store does not have (a push event
   * can arrive after its repository was deleted).
   */
  public void record(String accountId, String repository, String digest, Instant pushedAt) {
    for (int attempt = 1; ; attempt++) {
      try {
        jdbc.write(c -> upsert(c, accountId, repository, digest, pushedAt));
        return;
      } catch (IdentityException e) {
        // Two first sightings of one digest raced to insert it: the second finds the row now.
        boolean race = e.getCause() instanceof SQLException s && Jdbc.isUniqueViolation(s);
        if (!race || attempt == 2) {
          throw e;
        }
      }
    }
  }

  private static Void upsert(
      Connection c, String accountId, String repository, String digest, Instant pushedAt)
      throws SQLException {
    if (!Statements.exists(
        c,
        "SELECT 1 FROM ecr_repositories WHERE account_id = ? AND name = ?",
        accountId,
        repository)) {
      return null;
    }
    if (Statements.exists(
        c,
        "SELECT 1 FROM ecr_image_pushes WHERE account_id = ? AND repository_name = ?"
            + " AND digest = ?",
        accountId,
        repository,
        digest)) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE ecr_image_pushes SET pushed_at = ? WHERE account_id = ?"
                  + " AND repository_name = ? AND digest = ? AND pushed_at > ?")) {
        Rows.setInstant(ps, 1, pushedAt);
        ps.setString(2, accountId);
        ps.setString(3, repository);
        ps.setString(4, digest);
        Rows.setInstant(ps, 5, pushedAt);
        ps.executeUpdate();
      }
      return null;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO ecr_image_pushes (account_id, repository_name, digest, pushed_at)"
                + " VALUES (?, ?, ?, ?)")) {
      ps.setString(1, accountId);
      ps.setString(2, repository);
      ps.setString(3, digest);
      Rows.setInstant(ps, 4, pushedAt);
      ps.executeUpdate();
    }
    return null;
  }

  /** Every recorded push of a repository: digest to first push time, oldest first. */
  public Map<String, Instant> list(String accountId, String repository) {
    return jdbc.read(
        c -> {
          Map<String, Instant> out = new LinkedHashMap<>();
          try (PreparedStatement ps =
                  Statements.prepare(
                      c,
                      "SELECT digest, pushed_at FROM ecr_image_pushes WHERE account_id = ?"
                          + " AND repository_name = ? ORDER BY pushed_at, digest",
                      accountId,
                      repository);
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.put(rs.getString("digest"), Rows.instant(rs, "pushed_at"));
            }
          }
          return out;
        });
  }

  /** Forgets the push of an image that was deleted. */
  public void forget(String accountId, String repository, String digest) {
    jdbc.write(
        c ->
            Statements.update(
                c,
                "DELETE FROM ecr_image_pushes WHERE account_id = ? AND repository_name = ?"
                    + " AND digest = ?",
                accountId,
                repository,
                digest));
  }
}
