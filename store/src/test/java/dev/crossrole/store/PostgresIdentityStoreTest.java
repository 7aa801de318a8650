package dev.crossrole.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.IdentityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store contract on a real PostgreSQL, named by {@code CROSSROLE_TEST_PG_URL}, {@code
 * CROSSROLE_TEST_PG_USER} and {@code CROSSROLE_TEST_PG_PASSWORD} ({@code .ci/run} starts one and
 * sets them). Each run of this class gets a schema of its own, with a random name, dropped
 * afterwards, so runs never collide; the first test's store migrates it, and the tables are emptied
 * between tests (a migration per test would cost more than the test). Without the variables these
 * tests fail, unless {@code CROSSROLE_TEST_PG=skip} says to skip them.
 */
class PostgresIdentityStoreTest extends IdentityStoreContract {
  private static String url;
  private static String user;
  private static String password;
  private static String schema;
  private static String schemaUrl;

  @BeforeAll
  static void createSchema() throws SQLException {
    url = System.getenv("CROSSROLE_TEST_PG_URL");
    user = System.getenv("CROSSROLE_TEST_PG_USER");
    password = System.getenv("CROSSROLE_TEST_PG_PASSWORD");
    if (url == null || user == null || password == null) {
      String why =
          "PostgreSQL tests need CROSSROLE_TEST_PG_URL, CROSSROLE_TEST_PG_USER and"
              + " CROSSROLE_TEST_PG_PASSWORD: run .ci/run (it starts PostgreSQL and sets them)"
              + " or set them for a database you may create schemas in;"
              + " CROSSROLE_TEST_PG=skip skips these tests.";
      if ("skip".equals(System.getenv("CROSSROLE_TEST_PG"))) {
        Assumptions.abort(why);
      }
      fail(why);
    }
    schema = "crossrole_test_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
    execute(url, "CREATE SCHEMA " + schema);
    schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  @AfterAll
  static void dropSchema() throws SQLException {
    if (schema != null) {
      execute(url, "DROP SCHEMA " + schema + " CASCADE");
    }
  }

  @Override
  protected StoreConfig emptyStoreConfig() {
    return StoreConfig.database(schemaUrl, Optional.of(user), Optional.of(password))
        .withMaxPoolSize(4);
  }

  @Override
  protected void afterStoreClosed() throws SQLException {
    try {
      execute(
          schemaUrl,
          "TRUNCATE audit_event_resources, audit_events, ecr_image_pushes, registry_events_secret,"
              + " registry_signing_keys, ecr_repositories, token_keys, policy_attachments,"
              + " managed_policy_versions,"
              + " managed_policies, group_members, iam_groups, inline_policies, access_keys, roles,"
              + " users, accounts");
    } catch (SQLException e) {
      // 42P01: no tables, because this test's store never opened; there is nothing to empty.
      if (!"42P01".equals(e.getSQLState())) {
        throw e;
      }
    }
  }

  private static void execute(String jdbcUrl, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @Test
  void open_wrongPassword_failsWithServiceFailureNamingNeitherPasswordNorUrlParameters() {
    String wrong = "wrong-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
    StoreConfig config =
        StoreConfig.database(
            url + (url.contains("?") ? "&" : "?") + "ApplicationName=crossrole-test",
            Optional.of(user),
            Optional.of(wrong));

    assertThatThrownBy(() -> JdbcIdentityStore.open(config))
        .isInstanceOfSatisfying(
            IdentityException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_FAILURE))
        .hasMessageStartingWith("Could not connect to the PostgreSQL database ")
        .hasMessageContaining("password authentication failed")
        .hasMessageNotContaining(wrong)
        .hasMessageNotContaining("ApplicationName")
        .hasNoCause();
  }

  @Test
  void description_postgresStore_namesHostAndDatabaseOnly() {
    assertThat(store.description())
        .startsWith("PostgreSQL database ")
        .doesNotContain("?")
        .doesNotContain(password);
  }
}
