package dev.crossrole.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.IdentityException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StoreConfigTest {
  @Test
  void embedded_dataDirectory_namesH2FileWithZeroWriteDelay() {
    StoreConfig config = StoreConfig.embedded(Path.of("/var/lib/crossrole"));

    assertThat(config.jdbcUrl())
        .startsWith("jdbc:h2:file:/var/lib/crossrole/crossrole;")
        .contains(";WRITE_DELAY=0")
        .contains(";DB_CLOSE_ON_EXIT=FALSE");
    assertThat(config.dataDirectory()).contains(Path.of("/var/lib/crossrole"));
    assertThat(config.description()).isEqualTo("embedded H2 database /var/lib/crossrole/crossrole");
  }

  @Test
  void embedded_pathWithSemicolon_isRefused() {
    assertThatThrownBy(() -> StoreConfig.embedded(Path.of("/tmp/a;b")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void database_credentialsInEnvironment_usesThem() {
    StoreConfig config =
        StoreConfig.database(
            "jdbc:postgresql://db.example:5432/iam",
            Map.of("CROSSROLE_DB_USER", "crossrole", "CROSSROLE_DB_PASSWORD", "s3cret"));

    assertThat(config.user()).contains("crossrole");
    assertThat(config.password()).contains("s3cret");
    assertThat(config.dataDirectory()).isEmpty();
  }

  @Test
  void database_noCredentialsInEnvironment_leavesThemToTheUrl() {
    StoreConfig config =
        StoreConfig.database(
            "jdbc:postgresql://db.example/iam?user=a&password=b", Map.of("CROSSROLE_DB_USER", ""));

    assertThat(config.user()).isEmpty();
    assertThat(config.password()).isEmpty();
  }

  @Test
  void database_otherDatabase_isRefusedWithoutEchoingTheUrl() {
    assertThatThrownBy(() -> StoreConfig.database("jdbc:mysql://db/iam?password=hunter2", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:postgresql://")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void database_h2UrlWithoutWriteDelay_getsZeroWriteDelay() {
    assertThat(StoreConfig.database("jdbc:h2:file:/tmp/x", Map.of()).jdbcUrl())
        .isEqualTo("jdbc:h2:file:/tmp/x;WRITE_DELAY=0");
    assertThat(StoreConfig.database("jdbc:h2:file:/tmp/x;write_delay=0", Map.of()).jdbcUrl())
        .isEqualTo("jdbc:h2:file:/tmp/x;write_delay=0");
  }

  @Test
  void constructor_h2UrlWithoutWriteDelay_getsZeroWriteDelay() {
    StoreConfig config =
        new StoreConfig(
            "jdbc:h2:file:/tmp/x", Optional.empty(), Optional.empty(), 2, Optional.empty());

    assertThat(config.jdbcUrl()).isEqualTo("jdbc:h2:file:/tmp/x;WRITE_DELAY=0");
  }

  @Test
  void database_h2UrlWithNonZeroWriteDelay_isRefused() {
    assertThatThrownBy(() -> StoreConfig.database("jdbc:h2:file:/tmp/x;WRITE_DELAY=500", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("WRITE_DELAY=0");
  }

  @Test
  void toString_withPassword_showsNeitherPasswordNorUrlParameters() {
    StoreConfig config =
        StoreConfig.database(
            "jdbc:postgresql://db.example:5432/iam?password=inurl&ssl=true",
            Optional.of("crossrole"),
            Optional.of("s3cret"));

    assertThat(config.toString())
        .contains("PostgreSQL database db.example:5432/iam")
        .contains("crossrole")
        .doesNotContain("s3cret")
        .doesNotContain("inurl")
        .doesNotContain("ssl");
  }

  @Test
  void description_userInfoInPostgresUrl_isLeftOut() {
    assertThat(StoreConfig.database("jdbc:postgresql://u:pw@db:5432/iam", Map.of()).description())
        .isEqualTo("PostgreSQL database db:5432/iam");
  }

  @Test
  void withMaxPoolSize_outOfRange_isRefused() {
    assertThatThrownBy(() -> StoreConfig.embedded(Path.of("/tmp/x")).withMaxPoolSize(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void open_unreachablePostgres_failsWithServiceFailureWithoutPassword() {
    // Port 1 on the loopback interface: nothing listens, so the connection is refused at once.
    StoreConfig config =
        StoreConfig.database(
            "jdbc:postgresql://127.0.0.1:1/iam?password=hunter2&connectTimeout=2",
            Optional.of("crossrole"),
            Optional.of("s3cret-pw"));

    assertThatThrownBy(() -> JdbcIdentityStore.open(config))
        .isInstanceOfSatisfying(
            IdentityException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_FAILURE))
        .hasMessageStartingWith("Could not connect to the PostgreSQL database 127.0.0.1:1/iam: ")
        .hasMessageNotContaining("hunter2")
        .hasMessageNotContaining("s3cret-pw");
  }
}
