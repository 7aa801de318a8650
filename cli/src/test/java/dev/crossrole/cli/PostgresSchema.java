package dev.crossrole.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * A schema of its own, with a random name, in the PostgreSQL database named by {@code
 * CROSSROLE_TEST_PG_URL}, {@code CROSSROLE_TEST_PG_USER} and {@code CROSSROLE_TEST_PG_PASSWORD}
 * ({@code .ci/run} starts PostgreSQL and sets them), dropped on {@link #close}. Without the
 * variables a test using it fails, unless {@code CROSSROLE_TEST_PG=skip} says to skip it.
 */
final class PostgresSchema implements AutoCloseable {
  private final String url;
  private final String user;
  private final String password;
  private final String name;

  private PostgresSchema(String url, String user, String password, String name) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.name = name;
  }

  /** Creates a fresh schema, or aborts or fails the test when no database is named. */
  static PostgresSchema create() {
    String url = System.getenv("CROSSROLE_TEST_PG_URL");
    String user = System.getenv("CROSSROLE_TEST_PG_USER");
    String password = System.getenv("CROSSROLE_TEST_PG_PASSWORD");
    if (url == null || user == null || password == null) {
      String why =
          "This test needs PostgreSQL: CROSSROLE_TEST_PG_URL, CROSSROLE_TEST_PG_USER and"
              + " CROSSROLE_TEST_PG_PASSWORD. Run .ci/run (it starts PostgreSQL and sets them),"
              + " or set them for a database you may create schemas in;"
              + " CROSSROLE_TEST_PG=skip skips this test.";
      if ("skip".equals(System.getenv("CROSSROLE_TEST_PG"))) {
        Assumptions.abort(why);
      }
      fail(why);
    }
    PostgresSchema schema =
        new PostgresSchema(
            url,
            user,
            password,
            "s_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6)));
    try {
      schema.execute("CREATE SCHEMA " + schema.name);
    } catch (SQLException e) {
      fail("cannot create schema " + schema.name + " in " + url + ": " + e.getMessage(), e);
    }
    return schema;
  }

  /** The JDBC URL of the schema, for {@code --db}. */
  String url() {
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + name;
  }

  /** The variables that give a server the database's credentials. */
  Map<String, String> credentials() {
    return Map.of("CROSSROLE_DB_USER", user, "CROSSROLE_DB_PASSWORD", password);
  }

  @Override
  public void close() throws SQLException {
    execute("DROP SCHEMA " + name + " CASCADE");
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
