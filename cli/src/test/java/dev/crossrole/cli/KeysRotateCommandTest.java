package dev.crossrole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crossrole.server.CrossroleServer;
import dev.crossrole.server.ServerConfig;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crossrole keys rotate}: against a running server on the embedded store (which only the
 * server can open, so the command goes through its admin socket) and against a stopped one.
 */
class KeysRotateCommandTest {
  private static final Pattern KEY = Pattern.compile("Token key ([a-z2-7]{8}) ");

  @TempDir Path data;

  @Test
  void rotate_runningServer_addsAKeyThenRevokeAllLeavesItAlone() {
    CrossroleServer server = CrossroleServer.start(ServerConfig.builder(data).port(0).build());
    try {
      Cli.Result rotated = Cli.run("keys", "rotate", "--data", data.toString());

      assertThat(rotated.exitCode()).as(rotated.err()).isZero();
      assertThat(rotated.err()).isEmpty();
      assertThat(rotated.out())
          .containsPattern("Token key [a-z2-7]{8} added; it seals new tokens from ");

      Cli.Result revoked = Cli.run("keys", "rotate", "--revoke-all", "--data", data.toString());

      assertThat(revoked.exitCode()).as(revoked.err()).isZero();
      assertThat(revoked.out())
          .contains("is now the only one: 2 older key(s) deleted")
          .contains(
              "every outstanding session, registry password and authorization message is refused");
      assertThat(keyOf(revoked.out())).isNotEqualTo(keyOf(rotated.out()));
    } finally {
      server.close();
    }
  }

  @Test
  void rotate_stoppedServer_changesTheStoreDirectly() {
    CrossroleServer.start(ServerConfig.builder(data).port(0).build()).close();

    Cli.Result revoked = Cli.run("keys", "rotate", "--revoke-all", "--data", data.toString());

    assertThat(revoked.exitCode()).as(revoked.err()).isZero();
    assertThat(revoked.out()).contains("is now the only one: 1 older key(s) deleted");
  }

  @Test
  void rotate_unreachableDatabase_failsWithAMessageAndExitCode1() {
    Cli.Result failed =
        Cli.run(
            "keys",
            "rotate",
            "--data",
            data.toString(),
            "--db",
            "jdbc:postgresql://127.0.0.1:1/none?user=nobody&password=not-printed");

    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.out()).isEmpty();
    assertThat(failed.err()).startsWith("crossrole keys rotate: cannot rotate the token keys: ");
    assertThat(failed.err()).doesNotContain("not-printed");
  }

  private static String keyOf(String out) {
    Matcher m = KEY.matcher(out);
    assertThat(m.find()).as(out).isTrue();
    return m.group(1);
  }
}
