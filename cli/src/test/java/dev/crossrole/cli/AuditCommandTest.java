package dev.crossrole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossrole.server.CrossroleServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code crossrole audit} on the store a server wrote its trail to, while that server is stopped:
 * every filter, lines and CloudTrail's records.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path data;

  @BeforeAll
  void recordSomeRequests() throws Exception {
    CrossroleServer server = CrossroleServer.start(SeedServer.seedAccounts(data).build());
    try {
      aws(0, "--profile", "build", "iam", "create-user", "--user-name", "builder");
      aws(0, "--profile", "ours", "iam", "list-users");
      aws(255, "--profile", "build", "iam", "get-user", "--user-name", "nobody");
    } finally {
      // Stopped: the embedded store is then the command's to open.
      server.close();
    }
  }

  /** Runs the AWS CLI with the server's profiles and checks its exit code. */
  private static void aws(int exitCode, String... args) throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(Stream.concat(Stream.of("aws"), Stream.of(args)).toList())
            .redirectErrorStream(true);
    pb.environment().put("AWS_CONFIG_FILE", data.resolve("config").toString());
    pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", data.resolve("credentials").toString());
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(output).isEqualTo(exitCode);
  }

  static Stream<Arguments> filters() {
    return Stream.of(
        Arguments.of(
            "noFilter_everyAccountOldestFirst",
            List.of(),
            List.of("CreateUser", "ListUsers", "GetUser")),
        Arguments.of(
            "account_byName", List.of("--account", "build"), List.of("CreateUser", "GetUser")),
        Arguments.of("account_byId", List.of("--account", "111111111111"), List.of("ListUsers")),
        Arguments.of(
            "eventName_thatOperation", List.of("--event-name", "ListUsers"), List.of("ListUsers")),
        Arguments.of(
            "principal_root",
            List.of("--principal", "arn:aws:iam::111111111111:root"),
            List.of("ListUsers")),
        Arguments.of("errors_refusedOnly", List.of("--errors"), List.of("GetUser")),
        Arguments.of("since_future_none", List.of("--since", "2999-01-01T00:00:00Z"), List.of()),
        Arguments.of(
            "since_anHourAgo_every",
            List.of("--since", "1h"),
            List.of("CreateUser", "ListUsers", "GetUser")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("filters")
  void audit_filter_linesOfTheMatchingEvents(
      String name, List<String> options, List<String> expected) {
    Cli.Result r =
        Cli.run(
            Stream.concat(Stream.of("audit", "--data", data.toString()), options.stream())
                .toArray(String[]::new));

    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> names = r.out().lines().map(line -> line.split("\t")[3]).toList();
    assertThat(names).containsExactlyElementsOf(expected);
  }

  @Test
  void audit_errorsLine_endsWithTheErrorCode() {
    Cli.Result r = Cli.run("audit", "--data", data.toString(), "--errors");

    assertThat(r.out().strip())
        .endsWith("\tNoSuchEntity")
        .contains("\tiam.amazonaws.com\tGetUser\t");
  }

  @Test
  void audit_json_cloudTrailRecords() throws Exception {
    Cli.Result r =
        Cli.run(
            "audit",
            "--data",
            data.toString(),
            "--account",
            "build",
            "--event-name",
            "CreateUser",
            "--json");

    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode records = JSON.readTree(r.out()).get("Records");
    assertThat(records).hasSize(1);
    assertThat(records.get(0).get("eventName").asText()).isEqualTo("CreateUser");
    assertThat(records.get(0).get("recipientAccountId").asText()).isEqualTo("222222222222");
    assertThat(records.get(0).at("/requestParameters/userName").asText()).isEqualTo("builder");
    assertThat(records.get(0).at("/responseElements/user/userName").asText()).isEqualTo("builder");
  }

  @Test
  void audit_unknownAccount_usageError() {
    Cli.Result r = Cli.run("audit", "--data", data.toString(), "--account", "nobody");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("No account nobody.");
  }

  @Test
  void audit_badSince_usageError() {
    Cli.Result r = Cli.run("audit", "--data", data.toString(), "--since", "yesterday");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Invalid --since 'yesterday'");
  }
}
