package dev.crossrole.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossrole.core.Account;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code GET /metrics} after the seed story with the real AWS CLI: requests counted by service,
 * operation and outcome, refusals by their code, decisions by outcome, the latency histogram, the
 * store pool and the token key's age — in Prometheus' text format, parsed strictly, and without any
 * of the story's secrets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsTest {
  private static final String ROLE_ARN = "arn:aws:iam::111111111111:role/OURTHINGBUILDROLE";
  private static final String TRUST =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
          + "\"arn:aws:iam::222222222222:user/builder\"},\"Action\":\"sts:AssumeRole\","
          + "\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"some_key_build\"}}}]}";
  private static final String ASSUME =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\","
          + "\"Resource\":\""
          + ROLE_ARN
          + "\"}]}";
  private static final Pattern ROOT_SECRET = Pattern.compile("aws_secret_access_key = (\\S+)");

  @RegisterExtension
  static final RunningServer server =
      RunningServer.of(new Account("ours", "111111111111"), new Account("build", "222222222222"));

  private final AwsCli aws = server.aws();
  private final List<String> secrets = new ArrayList<>();
  private HttpResponse<String> scraped;
  private PrometheusText page;

  /** The seed story, one refusal of each kind, then one scrape that every test reads. */
  @BeforeAll
  void seedStoryThenScrape() throws Exception {
    IamSetup build = new IamSetup(aws, "build");
    build.createUser("builder");
    new IamSetup(aws, "ours").createRole("OURTHINGBUILDROLE", TRUST);
    build.putUserPolicy("builder", "assume", ASSUME);
    Map<String, String> builder = build.createAccessKey("builder");
    secrets.add(builder.get("AWS_SECRET_ACCESS_KEY"));
    AwsCli.Result assumed =
        aws.withKeys(
            builder,
            server.endpoint(),
            "sts",
            "assume-role",
            "--role-arn",
            ROLE_ARN,
            "--role-session-name",
            "build-42",
            "--external-id",
            "some_key_build");
    assertThat(assumed.exitCode()).as(assumed.err()).isZero();
    JsonNode session = new ObjectMapper().readTree(assumed.out()).get("Credentials");
    secrets.add(session.get("SecretAccessKey").asText());
    secrets.add(session.get("SessionToken").asText());
    Matcher root = ROOT_SECRET.matcher(Files.readString(server.data().resolve("credentials")));
    while (root.find()) {
      secrets.add(root.group(1));
    }
    AwsCli.Result noExternalId =
        aws.withKeys(
            builder,
            server.endpoint(),
            "sts",
            "assume-role",
            "--role-arn",
            ROLE_ARN,
            "--role-session-name",
            "build-43");
    assertThat(noExternalId.err()).contains("AccessDenied");
    Map<String, String> asSession = AwsCli.keys(session);
    assertThat(aws.withKeys(asSession, server.endpoint(), "sts", "get-caller-identity").exitCode())
        .isZero();
    AwsCli.Result listUsers = aws.withKeys(asSession, server.endpoint(), "iam", "list-users");
    assertThat(listUsers.err()).contains("AccessDenied");
    RootSignedPost signer = new RootSignedPost(server.get(), server.data());
    HttpResponse<String> unknown =
        signer.post(
            "iam",
            Map.of("content-type", "application/x-www-form-urlencoded"),
            "Action=NoSuchAction&Version=2010-05-08");
    assertThat(unknown.body()).contains("InvalidAction");
    HttpResponse<String> badName =
        signer.post(
            "ecr",
            Map.of(
                "content-type",
                "application/x-amz-json-1.1",
                "x-amz-target",
                "AmazonEC2ContainerRegistry_V20150921.Bad-Name"),
            "not json");
    assertThat(badName.body()).contains("SerializationException");

    scraped =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(server.endpoint() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
    page = PrometheusText.parse(scraped.body());
  }

  @Test
  void metrics_unsignedGet_prometheusTextFormat() {
    assertThat(scraped.statusCode()).isEqualTo(200);
    assertThat(scraped.headers().firstValue("content-type"))
        .hasValue("text/plain; version=0.0.4; charset=UTF-8");
    assertThat(page.types())
        .containsEntry("crossrole_requests_total", "counter")
        .containsEntry("crossrole_request_errors_total", "counter")
        .containsEntry("crossrole_request_duration_seconds", "histogram")
        .containsEntry("crossrole_authorization_decisions_total", "counter")
        .containsEntry("crossrole_token_key_age_seconds", "gauge")
        .containsEntry("crossrole_store_pool_connections", "gauge");
  }

  static Stream<Arguments> counted() {
    return Stream.of(
        Arguments.of(
            "requests_assumeRoleAllowed_oneSuccess",
            "crossrole_requests_total",
            Map.of("service", "sts", "operation", "AssumeRole", "outcome", "success"),
            1.0),
        Arguments.of(
            "requests_assumeRoleWithoutExternalId_oneClientError",
            "crossrole_requests_total",
            Map.of("service", "sts", "operation", "AssumeRole", "outcome", "client_error"),
            1.0),
        Arguments.of(
            "errors_listUsersOfSession_oneAccessDenied",
            "crossrole_request_errors_total",
            Map.of("service", "iam", "operation", "ListUsers", "code", "AccessDenied"),
            1.0),
        Arguments.of(
            "requests_createUser_oneSuccess",
            "crossrole_requests_total",
            Map.of("service", "iam", "operation", "CreateUser", "outcome", "success"),
            1.0),
        Arguments.of(
            "errors_unknownAction_countedAsUnknownOperation",
            "crossrole_request_errors_total",
            Map.of("service", "iam", "operation", "unknown", "code", "InvalidAction"),
            1.0),
        Arguments.of(
            "errors_operationNameNoAwsOperationHas_countedAsUnknownOperation",
            "crossrole_request_errors_total",
            Map.of("service", "ecr", "operation", "unknown", "code", "SerializationException"),
            1.0),
        Arguments.of(
            "histogram_assumeRole_bothAnswersCounted",
            "crossrole_request_duration_seconds_count",
            Map.of("service", "sts", "operation", "AssumeRole"),
            2.0),
        Arguments.of(
            "histogram_assumeRole_infBucketHoldsAll",
            "crossrole_request_duration_seconds_bucket",
            Map.of("service", "sts", "operation", "AssumeRole", "le", "+Inf"),
            2.0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("counted")
  void metrics_afterSeedStory_counted(
      String name, String metric, Map<String, String> labels, double expected) {
    assertThat(page.value(metric, labels)).as(metric + labels).hasValue(expected);
  }

  @Test
  void metrics_afterSeedStory_noOperationNamedByTheClient() {
    assertThat(page.samples())
        .extracting(s -> s.labels().getOrDefault("operation", ""))
        .doesNotContain("NoSuchAction", "Bad-Name");
  }

  @Test
  void decisions_afterSeedStory_denialsCountedByKind() {
    // The trust policy's refusal (no ExternalId) and the session's missing allow for ListUsers.
    assertThat(
            page.value(
                "crossrole_authorization_decisions_total", Map.of("decision", "implicitDeny")))
        .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(2.0));
    assertThat(page.value("crossrole_authorization_decisions_total", Map.of("decision", "allowed")))
        .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1.0));
    assertThat(
            page.value(
                "crossrole_authorization_decisions_total", Map.of("decision", "explicitDeny")))
        .hasValue(0.0);
  }

  @Test
  void gauges_afterSeedStory_storePoolAndTokenKey() {
    assertThat(page.value("crossrole_store_pool_max_connections", Map.of()))
        .hasValueSatisfying(v -> assertThat(v).isPositive());
    assertThat(page.value("crossrole_store_pool_connections", Map.of("state", "active")))
        .isPresent();
    assertThat(page.value("crossrole_token_key_age_seconds", Map.of()))
        .hasValueSatisfying(v -> assertThat(v).isBetween(0.0, 600.0));
    assertThat(page.value("crossrole_token_keys", Map.of())).hasValue(1.0);
    // This server runs no registry child, so it reports no registry state.
    assertThat(page.types()).doesNotContainKey("crossrole_registry_up");
  }

  @Test
  void metrics_afterSeedStory_noSecret() {
    assertThat(secrets).hasSizeGreaterThanOrEqualTo(4);
    for (String secret : secrets) {
      assertThat(scraped.body()).doesNotContain(secret);
    }
  }
}
