package dev.crossrole.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small helpers for prepared statements whose parameters are all strings. */
final class Statements {
  private Statements() {}

  /** A reader of the current row of a result set. */
  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  static PreparedStatement prepare(Connection c, String sql, String... params) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    try {
      for (int i = 0; i < params.length; i++) {
        ps.setString(i + 1, params[i]);
      }
      return ps;
    } catch (SQLException e) {
      ps.close();
      throw e;
    }
  }

  static boolean exists(Connection c, String sql, String... params) throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, params);
        ResultSet rs = ps.executeQuery()) {
      return rs.next();
    }
  }

  static <T> Optional<T> one(Connection c, RowMapper<T> mapper, String sql, String... params)
      throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, params);
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(mapper.map(rs)) : Optional.empty();
    }
  }

  static <T> List<T> list(Connection c, RowMapper<T> mapper, String sql, String... params)
      throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, params);
        ResultSet rs = ps.executeQuery()) {
      List<T> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(mapper.map(rs));
      }
      return rows;
    }
  }

  static int update(Connection c, String sql, String... params) throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, params)) {
      return ps.executeUpdate();
    }
  }

  /**
   * Locks the row of a user, role or group and returns its name as stored, or empty when there is
   * none. Every write that depends on a holder (a key, a policy) and every delete of one takes this
   * lock first, so a holder is never deleted while such a write is under way.
   */
  static Optional<String> lockNamed(Connection c, String table, String accountId, String nameLc)
      throws SQLException {
    return one(
        c,
        rs -> rs.getString(1),
        "SELECT name FROM " + table + " WHERE account_id = ? AND name_lc = ? FOR UPDATE",
        accountId,
        nameLc);
  }

  /** The number in the first column of the only row of a query. */
  static int count(Connection c, String sql, String... params) throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, params);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
