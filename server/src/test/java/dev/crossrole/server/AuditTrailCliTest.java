package dev.crossrole.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossrole.core.Account;
import dev.crossrole.core.AuditEvent;
import dev.crossrole.core.AuditQuery;
import dev.crossrole.store.JdbcIdentityStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The audit trail through the real AWS CLI: the seed story's events read back with {@code aws
 * cloudtrail lookup-events} in both accounts, without a secret; denials, registry tokens, paging;
 * every acknowledged request's event already in the store; concurrent requests sharing commits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditTrailCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OURS = "111111111111";
  private static final String BUILD = "222222222222";
  private static final String ROLE_ARN = "arn:aws:iam::" + OURS + ":role/OURTHINGBUILDROLE";
  private static final String TRUST =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
          + "\"arn:aws:iam::222222222222:user/builder\"},\"Action\":\"sts:AssumeRole\","
          + "\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"some_key_build\"}}}]}";
  private static final String ROLE_PERMISSIONS =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":["
          + "\"ecr:GetAuthorizationToken\",\"ecr:BatchGetImage\",\"ecr:GetDownloadUrlForLayer\","
          + "\"ecr:BatchCheckLayerAvailability\"],\"Resource\":\"*\"}]}";
  private static final String ASSUME =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\","
          + "\"Resource\":\""
          + ROLE_ARN
          + "\"}]}";

  @TempDir static Path data;
  private JdbcIdentityStore store;
  private CrossroleServer server;
  private AwsCli aws;
  private Map<String, String> builderKeys;
  private Map<String, String> session;
  private String registryPassword;
  private final List<String> secrets = new ArrayList<>();

  @BeforeAll
  void setUp() throws Exception {
    ServerConfig config =
        ServerConfig.builder(data)
            .port(0)
            .account(new Account("ours", OURS))
            .account(new Account("build", BUILD))
            // A registry elsewhere: the token endpoint answers without a registry running.
            .registry(new RegistryMode.External(URI.create("http://127.0.0.1:5999")))
            .build();
    // The test holds the store the server writes to, so that it reads the trail the moment a
    // response arrives.
    store = JdbcIdentityStore.open(config.storeConfig());
    server = CrossroleServer.start(config, store);
    aws = new AwsCli(data);
    IamSetup ours = new IamSetup(aws, "ours");
    IamSetup build = new IamSetup(aws, "build");
    build.createUser("builder");
    ours.createRole("OURTHINGBUILDROLE", TRUST)
        .putRolePolicy("OURTHINGBUILDROLE", "build", ROLE_PERMISSIONS);
    build.putUserPolicy("builder", "assume-ours", ASSUME);
    aws.ok("--profile", "ours", "ecr", "create-repository", "--repository-name", "ourthing/app");
    builderKeys = build.createAccessKey("builder");
    secrets.add(builderKeys.get("AWS_SECRET_ACCESS_KEY"));
    JsonNode credentials =
        ok(
                builderKeys,
                "sts",
                "assume-role",
                "--role-arn",
                ROLE_ARN,
                "--role-session-name",
                "build-42",
                "--external-id",
                "some_key_build")
            .get("Credentials");
    session = new HashMap<>();
    session.put("AWS_ACCESS_KEY_ID", credentials.get("AccessKeyId").asText());
    session.put("AWS_SECRET_ACCESS_KEY", credentials.get("SecretAccessKey").asText());
    session.put("AWS_SESSION_TOKEN", credentials.get("SessionToken").asText());
    session.put("AWS_DEFAULT_REGION", "us-east-1");
    secrets.add(credentials.get("SecretAccessKey").asText());
    secrets.add(credentials.get("SessionToken").asText());
    AwsCli.Result password =
        aws.run(session, "--endpoint-url", server.endpoint(), "ecr", "get-login-password");
    assertThat(password.exitCode()).as(password.err()).isZero();
    registryPassword = password.out().trim();
    secrets.add(registryPassword);
    secrets.add(Base64.getEncoder().encodeToString(("AWS:" + registryPassword).getBytes(UTF_8)));
  }

  @AfterAll
  void tearDown() {
    server.close();
  }

  private JsonNode ok(Map<String, String> keys, String... args) throws IOException {
    AwsCli.Result r = aws.withKeys(keys, server.endpoint(), args);
    assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.err()).isZero();
    return r.out().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.out());
  }

  private List<JsonNode> lookup(String profile, String... args) throws IOException {
    String[] all = new String[args.length + 2];
    all[0] = "cloudtrail";
    all[1] = "lookup-events";
    System.arraycopy(args, 0, all, 2, args.length);
    JsonNode out = aws.ok(AwsCli.prefixed("--profile", profile, all));
    List<JsonNode> events = new ArrayList<>();
    out.get("Events").forEach(events::add);
    return events;
  }

  private static JsonNode record(JsonNode event) throws IOException {
    return JSON.readTree(event.get("CloudTrailEvent").asText());
  }

  @Test
  void assumeRole_crossAccount_bothAccountsSeeItWithOneSharedEventId() throws IOException {
    List<JsonNode> ours =
        lookup("ours", "--lookup-attributes", "AttributeKey=EventName,AttributeValue=AssumeRole");
    List<JsonNode> build =
        lookup("build", "--lookup-attributes", "AttributeKey=EventName,AttributeValue=AssumeRole");

    assertThat(ours).hasSize(1);
    assertThat(build).hasSize(1);
    JsonNode inOurs = record(ours.get(0));
    JsonNode inBuild = record(build.get(0));
    assertThat(inOurs.get("sharedEventID").asText())
        .isNotBlank()
        .isEqualTo(inBuild.get("sharedEventID").asText());
    assertThat(inOurs.get("eventID").asText()).isNotEqualTo(inBuild.get("eventID").asText());
    assertThat(inOurs.get("recipientAccountId").asText()).isEqualTo(OURS);
    assertThat(inBuild.get("recipientAccountId").asText()).isEqualTo(BUILD);
    assertThat(inOurs.get("eventSource").asText()).isEqualTo("sts.amazonaws.com");
    assertThat(inOurs.get("eventVersion").asText()).isEqualTo("1.08");
    assertThat(inOurs.get("eventType").asText()).isEqualTo("AwsApiCall");
    assertThat(inOurs.get("readOnly").asBoolean()).isTrue();
    assertThat(inOurs.at("/userIdentity/type").asText()).isEqualTo("IAMUser");
    assertThat(inOurs.at("/userIdentity/arn").asText())
        .isEqualTo("arn:aws:iam::222222222222:user/builder");
    assertThat(inOurs.at("/userIdentity/accessKeyId").asText())
        .isEqualTo(builderKeys.get("AWS_ACCESS_KEY_ID"));
    assertThat(inOurs.at("/requestParameters/roleArn").asText()).isEqualTo(ROLE_ARN);
    assertThat(inOurs.at("/requestParameters/externalId").asText()).isEqualTo("some_key_build");
    assertThat(inOurs.at("/responseElements/credentials/accessKeyId").asText())
        .isEqualTo(session.get("AWS_ACCESS_KEY_ID"));
    assertThat(inOurs.at("/responseElements/credentials").has("expiration")).isTrue();
    assertThat(inOurs.at("/responseElements/credentials").has("sessionToken")).isFalse();
    assertThat(inOurs.at("/responseElements/credentials").has("secretAccessKey")).isFalse();
    assertThat(ours.get(0).get("Username").asText()).isEqualTo("builder");
    assertThat(ours.get(0).get("Resources").toString()).contains(ROLE_ARN);
  }

  @Test
  void sessionCall_userIdentity_isTheAssumedRoleWithItsIssuer() throws IOException {
    ok(session, "sts", "get-caller-identity");

    List<JsonNode> events =
        lookup(
            "ours",
            "--lookup-attributes",
            "AttributeKey=AccessKeyId,AttributeValue=" + session.get("AWS_ACCESS_KEY_ID"));

    assertThat(events).isNotEmpty();
    JsonNode identity =
        record(
                events.stream()
                    .filter(e -> e.get("EventName").asText().equals("GetCallerIdentity"))
                    .findFirst()
                    .orElseThrow())
            .get("userIdentity");
    assertThat(identity.get("type").asText()).isEqualTo("AssumedRole");
    assertThat(identity.get("arn").asText())
        .isEqualTo("arn:aws:sts::111111111111:assumed-role/OURTHINGBUILDROLE/build-42");
    assertThat(identity.get("principalId").asText()).startsWith("AROA").endsWith(":build-42");
    assertThat(identity.at("/sessionContext/sessionIssuer/arn").asText()).isEqualTo(ROLE_ARN);
    assertThat(identity.at("/sessionContext/sessionIssuer/type").asText()).isEqualTo("Role");
    assertThat(identity.at("/sessionContext/attributes/creationDate").asText()).endsWith("Z");
  }

  @Test
  void denial_listUsersBySession_eventWithAccessDenied() throws IOException {
    AwsCli.Result denied =
        aws.run(session, "--endpoint-url", server.endpoint(), "iam", "list-users");
    assertThat(denied.exitCode()).isNotZero();

    List<JsonNode> events =
        lookup("ours", "--lookup-attributes", "AttributeKey=EventName,AttributeValue=ListUsers");

    assertThat(events).isNotEmpty();
    JsonNode refused = record(events.get(0));
    assertThat(refused.get("errorCode").asText()).isEqualTo("AccessDenied");
    assertThat(refused.get("errorMessage").asText())
        .contains("is not authorized to perform: iam:ListUsers");
    assertThat(refused.at("/userIdentity/type").asText()).isEqualTo("AssumedRole");
  }

  @Test
  void registryToken_pullGrantedPushRefused_eventsSayWhatWasAskedAndGranted() throws Exception {
    HttpResponse<String> token =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            server.endpoint()
                                + "/registry/token?service=crossrole-registry&scope="
                                + "repository:111111111111/ourthing/app:pull,push"))
                    .header(
                        "Authorization",
                        "Basic "
                            + Base64.getEncoder()
                                .encodeToString(("AWS:" + registryPassword).getBytes(UTF_8)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(token.statusCode()).as(token.body()).isEqualTo(200);

    List<JsonNode> events =
        lookup(
            "ours",
            "--lookup-attributes",
            "AttributeKey=EventName,AttributeValue=GetRegistryToken");

    assertThat(events).hasSize(1);
    JsonNode event = record(events.get(0));
    assertThat(event.get("eventSource").asText()).isEqualTo("ecr.amazonaws.com");
    assertThat(event.at("/requestParameters/scopes/0/repositoryName").asText())
        .isEqualTo("ourthing/app");
    assertThat(event.at("/requestParameters/scopes/0/actions").toString())
        .isEqualTo("[\"pull\",\"push\"]");
    assertThat(event.at("/responseElements/access/0/actions").toString()).isEqualTo("[\"pull\"]");
    assertThat(event.get("errorCode").asText()).isEqualTo("AccessDenied");
    assertThat(event.get("errorMessage").asText())
        .isEqualTo("Not granted: push on 111111111111/ourthing/app");
    assertThat(events.get(0).get("Resources").toString()).contains("ourthing/app");
  }

  @Test
  void lookupEvents_pageSizeTwo_cliFollowsNextTokenToEveryEvent() throws IOException {
    for (int i = 0; i < 5; i++) {
      aws.ok("--profile", "build", "iam", "list-user-policies", "--user-name", "builder");
    }
    String byName = "AttributeKey=EventName,AttributeValue=ListUserPolicies";

    List<JsonNode> all = lookup("build", "--lookup-attributes", byName, "--page-size", "2");
    JsonNode firstPage =
        aws.ok(
            "--profile",
            "build",
            "cloudtrail",
            "lookup-events",
            "--lookup-attributes",
            byName,
            "--max-items",
            "3");

    assertThat(all).hasSize(5);
    assertThat(all.stream().map(e -> e.get("EventId").asText()).distinct()).hasSize(5);
    assertThat(firstPage.get("Events")).hasSize(3);
    assertThat(firstPage.get("NextToken").asText()).isNotBlank();
  }

  @Test
  void lookupEvents_otherAccountsEvents_neverShown() throws IOException {
    aws.ok("--profile", "build", "iam", "get-user", "--user-name", "builder");

    List<JsonNode> ours = lookup("ours", "--max-results", "50", "--no-paginate");

    assertThat(ours)
        .allSatisfy(e -> assertThat(record(e).get("recipientAccountId").asText()).isEqualTo(OURS));
    assertThat(ours).noneMatch(e -> e.get("EventName").asText().equals("GetUser"));
  }

  @Test
  void lookupEvents_sessionWithoutPermission_accessDeniedException() {
    AwsCli.Result r =
        aws.run(session, "--endpoint-url", server.endpoint(), "cloudtrail", "lookup-events");

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err())
        .contains("AccessDeniedException")
        .contains("is not authorized to perform: cloudtrail:LookupEvents");
  }

  @Test
  void lookupEvents_invalidAttribute_invalidLookupAttributesException() {
    AwsCli.Result r =
        aws.asProfile(
            "ours",
            "cloudtrail",
            "lookup-events",
            "--lookup-attributes",
            "AttributeKey=ReadOnly,AttributeValue=maybe");

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err()).contains("InvalidLookupAttributesException");
  }

  static Stream<Arguments> forgedTokens() {
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    return Stream.of(
        Arguments.of("notBase64", "not a token!"),
        Arguments.of("noId", base64.encodeToString("2026-01-01T00:00:00Z".getBytes(UTF_8))),
        Arguments.of(
            "nulForAnId", base64.encodeToString("2026-01-01T00:00:00Z \u0000".getBytes(UTF_8))),
        Arguments.of(
            "notATime",
            base64.encodeToString(
                "yesterday 0b6ba3a2-7d2a-4b7e-9c55-3c1f0e7a9d11".getBytes(UTF_8))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forgedTokens")
  void lookupEvents_forgedNextToken_invalidNextTokenException(String name, String token) {
    AwsCli.Result r =
        aws.asProfile("ours", "cloudtrail", "lookup-events", "--starting-token", token);

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err()).contains("InvalidNextTokenException");
  }

  @Test
  void storedEvents_everyDocument_holdsNoSecret() {
    List<AuditEvent> all = new ArrayList<>();
    for (String account : List.of(OURS, BUILD)) {
      all.addAll(store.auditLog().events(AuditQuery.builder(account).limit(100_000).build()));
    }

    assertThat(all).isNotEmpty();
    assertThat(secrets).hasSizeGreaterThanOrEqualTo(5);
    for (AuditEvent event : all) {
      for (String secret : secrets) {
        assertThat(event.document()).doesNotContain(secret);
      }
    }
  }

  @Test
  void acknowledgedRequest_eventAlreadyInTheStore() throws IOException {
    for (int i = 0; i < 5; i++) {
      JsonNode who = ok(builderKeys, "sts", "get-caller-identity");
      assertThat(who.get("Account").asText()).isEqualTo(BUILD);

      // Read at once, without waiting: the response was sent only after the commit.
      List<AuditEvent> events =
          store
              .auditLog()
              .events(
                  AuditQuery.builder(BUILD)
                      .attribute(AuditQuery.Key.EVENT_NAME, "GetCallerIdentity")
                      .build());
      assertThat(events).hasSize(i + 1);
    }
  }

  @Test
  void concurrentRequests_shareTransactions() throws Exception {
    int requests = 200;
    CrossroleServer.AuditCommits before = server.auditCommits();
    try (StsClient sts =
        StsClient.builder()
            .endpointOverride(URI.create(server.endpoint()))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(
                        builderKeys.get("AWS_ACCESS_KEY_ID"),
                        builderKeys.get("AWS_SECRET_ACCESS_KEY"))))
            .build()) {
      ExecutorService pool = Executors.newFixedThreadPool(32);
      try {
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
          answers.add(pool.submit(() -> sts.getCallerIdentity().account()));
        }
        for (Future<String> answer : answers) {
          assertThat(answer.get()).isEqualTo(BUILD);
        }
      } finally {
        pool.shutdown();
      }
    }
    CrossroleServer.AuditCommits after = server.auditCommits();

    long events = after.events() - before.events();
    long transactions = after.transactions() - before.transactions();
    assertThat(events).isEqualTo(requests);
    assertThat(transactions).isPositive().isLessThan(events);
  }
}
