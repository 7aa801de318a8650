package dev.crossrole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crossrole audit} beside a running {@code crossrole server} process on the same embedded
 * store: the server holds the database's file, and the command reads the trail's files.
 */
class AuditWhileServingIT {
  @TempDir static Path dir;
  private static Path data;
  private static ServerProcess server;

  @BeforeAll
  static void serveAndRecord() throws Exception {
    data = dir.resolve("data");
    server =
        ServerProcess.start(
            data,
            Map.of(),
            "--account",
            "ours=111111111111",
            "--account",
            "build=222222222222",
            "--registry",
            "off");
    aws("--profile", "build", "iam", "create-user", "--user-name", "builder");
    aws("--profile", "ours", "iam", "list-roles");
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** Runs the AWS CLI with the server's profiles; it must succeed. */
  private static void aws(String... args) throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(Stream.concat(Stream.of("aws"), Stream.of(args)).toList())
            .redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
    pb.environment().put("AWS_CONFIG_FILE", data.resolve("config").toString());
    pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", data.resolve("credentials").toString());
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(output).isZero();
  }

  private static List<String> eventNames(Cli.Result r) {
    return r.out().lines().map(line -> line.split("\t")[3]).toList();
  }

  @Test
  void audit_whileServing_everyAccountsEvents() {
    Cli.Result r = Cli.run("audit", "--data", data.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(eventNames(r)).containsExactly("CreateUser", "ListRoles");
  }

  @Test
  void audit_accountById_whileServing_thatAccountsEvents() {
    Cli.Result r = Cli.run("audit", "--data", data.toString(), "--account", "222222222222");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(eventNames(r)).containsExactly("CreateUser");
  }

  @Test
  void audit_json_whileServing_cloudTrailRecords() {
    Cli.Result r =
        Cli.run("audit", "--data", data.toString(), "--event-name", "ListRoles", "--json");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"recipientAccountId\" : \"111111111111\"");
  }

  @Test
  void audit_accountByName_whileServing_asksForTheId() {
    Cli.Result r = Cli.run("audit", "--data", data.toString(), "--account", "build");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .startsWith("crossrole audit: Could not look up the account named build (")
        .contains("name the account by its 12-digit id");
    assertThat(r.out()).isEmpty();
  }
}
