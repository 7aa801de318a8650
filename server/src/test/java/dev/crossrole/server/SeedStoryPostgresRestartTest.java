package dev.crossrole.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart keeps the seed's state in PostgreSQL ({@code --db}), named by {@code
 * CROSSROLE_TEST_PG_URL}, {@code CROSSROLE_TEST_PG_USER} and {@code CROSSROLE_TEST_PG_PASSWORD}
 * ({@code .ci/run} starts PostgreSQL and sets them). Each run gets a schema of its own, with a
 * random name, dropped afterwards. Without the variables this test fails, unless {@code
 * CROSSROLE_TEST_PG=skip} says to skip it.
 */
class SeedStoryPostgresRestartTest extends SeedStoryRestartContract {
  @TempDir static Path data;
  private String url;
  private String user;
  private String password;
  private String schema;
  private String schemaUrl;

  @Override
  protected Path dataDirectory() {
    return data;
  }

  @Override
  protected ServerConfig config() {
    if (schemaUrl == null) {
      createSchema();
    }
    return SeedSdk.threeAccounts(ServerConfig.builder(data).port(0))
        .databaseUrl(schemaUrl)
        .environment(Map.of("CROSSROLE_DB_USER", user, "CROSSROLE_DB_PASSWORD", password))
        .build();
  }

  private void createSchema() {
    url = System.getenv("CROSSROLE_TEST_PG_URL");
    user = System.getenv("CROSSROLE_TEST_PG_USER");
    password = System.getenv("CROSSROLE_TEST_PG_PASSWORD");
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
    String name = "s_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
    try {
      execute("CREATE SCHEMA " + name);
    } catch (SQLException e) {
      fail("cannot create schema " + name + " in " + url + ": " + e.getMessage(), e);
    }
    schema = name;
    schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  @Override
  protected void cleanUp() throws SQLException {
    if (schema != null) {
      execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
