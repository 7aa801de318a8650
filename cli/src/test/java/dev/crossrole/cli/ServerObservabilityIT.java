package dev.crossrole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/crossrole server --log-format json} through the seed story with the real AWS CLI:
 * every line on stderr is a JSON object, one access line per request with its fields, and neither
 * the log nor {@code /metrics} holds any of the story's secrets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerObservabilityIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ENDPOINT = Pattern.compile("ready on (http://[^ ]+)");
  private static final Pattern ROOT_SECRET = Pattern.compile("aws_secret_access_key = (\\S+)");
  private static final String ROLE_ARN = "arn:aws:iam::111111111111:role/OURTHINGBUILDROLE";
  private static final String TRUST =
      """
      {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
       "Principal":{"AWS":"arn:aws:iam::222222222222:user/builder"},"Action":"sts:AssumeRole",
       "Condition":{"StringEquals":{"sts:ExternalId":"some_key_build"}}}]}""";
  private static final String MAY_ASSUME =
      """
      {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
       "Resource":"arn:aws:iam::111111111111:role/OURTHINGBUILDROLE"}]}""";

  @TempDir static Path dir;
  private final List<String> secrets = new ArrayList<>();
  private String logged;
  private List<JsonNode> lines;
  private String metrics;

  /** The seed story, a refused AssumeRole, a scrape, then the server stopped and its log read. */
  @BeforeAll
  void seedStoryThenStop() throws Exception {
    Path data = dir.resolve("state");
    Path stderr = dir.resolve("server.err");
    Process server =
        new ProcessBuilder(
                Programs.BIN.resolve("crossrole").toString(),
                "server",
                "--port",
                "0",
                "--data",
                data.toString(),
                "--registry",
                "off",
                "--account",
                "ours=111111111111",
                "--account",
                "build=222222222222",
                "--log-format",
                "json")
            .redirectError(stderr.toFile())
            .start();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
      Matcher ready = ENDPOINT.matcher(String.valueOf(out.readLine()));
      assertThat(ready.find()).isTrue();
      story(data);
      metrics =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(ready.group(1) + "/metrics"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      server.destroy();
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      server.destroyForcibly();
    }
    logged = Files.readString(stderr);
    lines = new ArrayList<>();
    for (String line : logged.lines().toList()) {
      // bin/crossrole's own build notice is not the server's log.
      if (!line.startsWith("crossrole: building")) {
        lines.add(JSON.readTree(line));
      }
    }
  }

  /** The seed story through the AWS CLI, with the profiles the server wrote, as each admin. */
  private void story(Path data) throws Exception {
    Programs aws =
        new Programs(
            Map.of(
                "AWS_CONFIG_FILE", data.resolve("config").toString(),
                "AWS_SHARED_CREDENTIALS_FILE", data.resolve("credentials").toString(),
                "HOME", dir.toString()));
    ok(aws, Map.of(), "--profile", "build", "iam", "create-user", "--user-name", "builder");
    ok(
        aws,
        Map.of(),
        "--profile",
        "ours",
        "iam",
        "create-role",
        "--role-name",
        "OURTHINGBUILDROLE",
        "--assume-role-policy-document",
        TRUST);
    ok(
        aws,
        Map.of(),
        "--profile",
        "build",
        "iam",
        "put-user-policy",
        "--user-name",
        "builder",
        "--policy-name",
        "assume",
        "--policy-document",
        MAY_ASSUME);
    JsonNode key =
        ok(
                aws,
                Map.of(),
                "--profile",
                "build",
                "iam",
                "create-access-key",
                "--user-name",
                "builder")
            .get("AccessKey");
    Map<String, String> builder = asKeys(key, data);
    JsonNode session =
        ok(
                aws,
                builder,
                "sts",
                "assume-role",
                "--role-arn",
                ROLE_ARN,
                "--role-session-name",
                "build-42",
                "--external-id",
                "some_key_build")
            .get("Credentials");
    Programs.Result refused =
        aws.aws(
            builder, "sts", "assume-role", "--role-arn", ROLE_ARN, "--role-session-name", "no-id");
    assertThat(refused.err()).contains("AccessDenied");
    Map<String, String> asSession = asKeys(session, data);
    asSession.put("AWS_SESSION_TOKEN", session.get("SessionToken").asText());
    ok(aws, asSession, "sts", "get-caller-identity");
    secrets.add(key.get("SecretAccessKey").asText());
    secrets.add(session.get("SecretAccessKey").asText());
    secrets.add(session.get("SessionToken").asText());
    Matcher root = ROOT_SECRET.matcher(Files.readString(data.resolve("credentials")));
    while (root.find()) {
      secrets.add(root.group(1));
    }
  }

  /** Signing with {@code keys} at the endpoint of the server's profiles. */
  private static Map<String, String> asKeys(JsonNode keys, Path data) throws Exception {
    Matcher endpoint =
        Pattern.compile("endpoint_url = (\\S+)").matcher(Files.readString(data.resolve("config")));
    assertThat(endpoint.find()).isTrue();
    Map<String, String> env = new HashMap<>();
    env.put("AWS_ACCESS_KEY_ID", keys.get("AccessKeyId").asText());
    env.put("AWS_SECRET_ACCESS_KEY", keys.get("SecretAccessKey").asText());
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_ENDPOINT_URL", endpoint.group(1));
    return env;
  }

  private static JsonNode ok(Programs aws, Map<String, String> env, String... args)
      throws Exception {
    Programs.Result r = aws.aws(env, args);
    assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.err()).isZero();
    return r.out().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.out());
  }

  private List<JsonNode> accessLines() {
    return lines.stream()
        .filter(l -> l.path("logger").asText().equals("dev.crossrole.server.access"))
        .toList();
  }

  @Test
  void log_everyLine_jsonObjectWithTimeLevelLoggerMessage() {
    assertThat(lines).isNotEmpty();
    assertThat(lines)
        .allSatisfy(
            line ->
                assertThat(line.isObject() && line.has("time") && line.has("level"))
                    .as(line.toString())
                    .isTrue());
    assertThat(lines).allSatisfy(line -> assertThat(line.has("logger") && line.has("message")));
  }

  @Test
  void accessLog_sevenRequests_oneLineEachWithItsFields() {
    List<JsonNode> access = accessLines();

    assertThat(access).hasSize(7);
    assertThat(access.stream().map(l -> l.path("requestId").asText()).distinct()).hasSize(7);
    assertThat(access)
        .allSatisfy(
            line -> {
              assertThat(line.path("level").asText()).isEqualTo("INFO");
              assertThat(line.path("status").isInt()).as(line.toString()).isTrue();
              assertThat(line.path("durationMs").isNumber()).as(line.toString()).isTrue();
              assertThat(line.path("sourceIp").asText()).isEqualTo("127.0.0.1");
              assertThat(line.path("caller").asText()).startsWith("arn:aws:");
              assertThat(line.path("accessKeyId").asText()).matches("(AKIA|ASIA)[A-Z0-9]{16}");
            });
  }

  @Test
  void accessLog_refusedAssumeRole_statusAndErrorCode() {
    assertThat(accessLines())
        .filteredOn(l -> l.has("errorCode"))
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line.path("service").asText()).isEqualTo("sts");
              assertThat(line.path("operation").asText()).isEqualTo("AssumeRole");
              assertThat(line.path("status").asInt()).isEqualTo(403);
              assertThat(line.path("errorCode").asText()).isEqualTo("AccessDenied");
              assertThat(line.path("caller").asText())
                  .isEqualTo("arn:aws:iam::222222222222:user/builder");
            });
  }

  @Test
  void accessLog_sessionCall_namesTheAssumedRoleAndItsKey() {
    assertThat(accessLines())
        .filteredOn(l -> l.path("operation").asText().equals("GetCallerIdentity"))
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line.path("caller").asText())
                  .isEqualTo("arn:aws:sts::111111111111:assumed-role/OURTHINGBUILDROLE/build-42");
              assertThat(line.path("accessKeyId").asText()).startsWith("ASIA");
              assertThat(line.path("status").asInt()).isEqualTo(200);
            });
  }

  @Test
  void metrics_afterSeedStory_countedWithoutSecrets() {
    assertThat(metrics)
        .contains(
            "crossrole_requests_total{operation=\"AssumeRole\",outcome=\"success\",service=\"sts\"}"
                + " 1.0",
            "crossrole_request_errors_total{code=\"AccessDenied\",operation=\"AssumeRole\","
                + "service=\"sts\"} 1.0");
    assertThat(secrets).hasSizeGreaterThanOrEqualTo(4);
    for (String secret : secrets) {
      assertThat(metrics).doesNotContain(secret);
    }
  }

  @Test
  void log_afterSeedStory_noSecret() {
    assertThat(secrets).hasSizeGreaterThanOrEqualTo(4);
    for (String secret : secrets) {
      assertThat(logged).doesNotContain(secret);
    }
  }
}
