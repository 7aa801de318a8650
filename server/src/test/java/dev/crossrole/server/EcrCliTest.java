package dev.crossrole.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossrole.core.Account;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ECR with the real AWS CLI (v1): repositories and their settings, pagination, policies, the
 * authorization token of get-login-password and get-login, cross-account access through a
 * repository policy, and ECR's errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EcrCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUILDER_ECR =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
          + "\"Action\":[\"ecr:DescribeRepositories\",\"ecr:GetAuthorizationToken\"],"
          + "\"Resource\":\"*\"}]}";
  private static final String GRANT_BUILDER =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"build\",\"Effect\":\"Allow\","
          + "\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:user/builder\"},"
          + "\"Action\":\"ecr:DescribeRepositories\"}]}";

  private static final String DENY_SET_POLICY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
          + "\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:root\"},"
          + "\"Action\":\"ecr:SetRepositoryPolicy\"}]}";
  private static final String PUSHER_ROLE = "arn:aws:iam::111111111111:role/pusher";
  private static final String TRUST_BUILDER =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
          + "\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:user/builder\"},"
          + "\"Action\":\"sts:AssumeRole\"}]}";
  private static final String PUSHER_PERMISSIONS =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
          + "\"Action\":\"ecr:GetAuthorizationToken\",\"Resource\":\"*\"}]}";
  private static final String ASSUME_PUSHER =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
          + "\"Action\":\"sts:AssumeRole\",\"Resource\":\""
          + PUSHER_ROLE
          + "\"}]}";

  @RegisterExtension
  static final RunningServer server =
      RunningServer.of(new Account("ours", "111111111111"), new Account("build", "222222222222"));

  private final AwsCli aws = server.aws();
  private Map<String, String> builderKeys;

  @BeforeAll
  void setUp() throws Exception {
    IamSetup build = new IamSetup(aws, "build");
    build
        .createUser("builder")
        .putUserPolicy("builder", "ecr", BUILDER_ECR)
        .putUserPolicy("builder", "assume", ASSUME_PUSHER);
    new IamSetup(aws, "ours")
        .createRole("pusher", TRUST_BUILDER)
        .putRolePolicy("pusher", "ecr", PUSHER_PERMISSIONS);
    builderKeys = build.createAccessKey("builder");
  }

  private JsonNode ok(String... args) throws Exception {
    return aws.ok(args);
  }

  private AwsCli.Result ours(String... args) {
    return aws.asProfile("ours", args);
  }

  private AwsCli.Result asBuilder(String... args) {
    return aws.withKeys(builderKeys, server.endpoint(), args);
  }

  private static void assertError(AwsCli.Result r, String code, String message) {
    assertThat(r.exitCode()).as(r.out()).isNotZero();
    assertThat(r.err()).contains("An error occurred (" + code + ")").contains(message);
  }

  @Test
  void createRepository_everySetting_returnedAndDescribed() throws Exception {
    JsonNode created =
        ok(
                "--profile",
                "ours",
                "ecr",
                "create-repository",
                "--repository-name",
                "settings/app",
                "--image-tag-mutability",
                "IMMUTABLE",
                "--image-scanning-configuration",
                "scanOnPush=true",
                "--encryption-configuration",
                "encryptionType=KMS",
                "--tags",
                "Key=team,Value=platform")
            .get("repository");

    assertThat(created.get("repositoryArn").asText())
        .isEqualTo("arn:aws:ecr:us-east-1:111111111111:repository/settings/app");
    assertThat(created.get("registryId").asText()).isEqualTo("111111111111");
    assertThat(created.get("repositoryUri").asText())
        .isEqualTo("111111111111.dkr.ecr.us-east-1.localhost/settings/app");
    assertThat(created.get("imageTagMutability").asText()).isEqualTo("IMMUTABLE");
    assertThat(created.at("/imageScanningConfiguration/scanOnPush").asBoolean()).isTrue();
    assertThat(created.at("/encryptionConfiguration/encryptionType").asText()).isEqualTo("KMS");
    JsonNode described =
        ok(
                "--profile",
                "ours",
                "ecr",
                "describe-repositories",
                "--repository-names",
                "settings/app")
            .get("repositories")
            .get(0);
    assertThat(described).isEqualTo(created);
    JsonNode tags =
        ok(
            "--profile",
            "ours",
            "ecr",
            "list-tags-for-resource",
            "--resource-arn",
            created.get("repositoryArn").asText());
    assertThat(tags.get("tags").toString())
        .isEqualTo("[{\"Key\":\"team\",\"Value\":\"platform\"}]");
  }

  @Test
  void createRepository_existingName_repositoryAlreadyExists() throws Exception {
    ok("--profile", "ours", "ecr", "create-repository", "--repository-name", "twice");

    assertError(
        ours("ecr", "create-repository", "--repository-name", "twice"),
        "RepositoryAlreadyExistsException",
        "The repository with name 'twice' already exists in the registry with id '111111111111'");
  }

  @Test
  void describeRepositories_pageSizeOne_everyRepositoryInNameOrder() throws Exception {
    for (String name : new String[] {"paged/c", "paged/a", "paged/b"}) {
      ok("--profile", "build", "ecr", "create-repository", "--repository-name", name);
    }

    JsonNode all = ok("--profile", "build", "ecr", "describe-repositories", "--page-size", "1");

    assertThat(all.get("repositories").findValuesAsText("repositoryName"))
        .containsExactly("paged/a", "paged/b", "paged/c");
  }

  @Test
  void deleteRepository_missing_repositoryNotFound() {
    assertError(
        ours("ecr", "delete-repository", "--repository-name", "never/created"),
        "RepositoryNotFoundException",
        "The repository with name 'never/created' does not exist in the registry with id"
            + " '111111111111'");
  }

  @Test
  void deleteRepository_existing_goneAfterwards() throws Exception {
    ok("--profile", "ours", "ecr", "create-repository", "--repository-name", "short-lived");

    JsonNode deleted =
        ok("--profile", "ours", "ecr", "delete-repository", "--repository-name", "short-lived");

    assertThat(deleted.at("/repository/repositoryName").asText()).isEqualTo("short-lived");
    assertError(
        ours("ecr", "describe-repositories", "--repository-names", "short-lived"),
        "RepositoryNotFoundException",
        "short-lived");
  }

  @Test
  void repositoryPolicy_setGetDelete_thenNotFound() throws Exception {
    ok("--profile", "ours", "ecr", "create-repository", "--repository-name", "with-policy");

    JsonNode set =
        ok(
            "--profile",
            "ours",
            "ecr",
            "set-repository-policy",
            "--repository-name",
            "with-policy",
            "--policy-text",
            GRANT_BUILDER);
    JsonNode got =
        ok("--profile", "ours", "ecr", "get-repository-policy", "--repository-name", "with-policy");
    ok("--profile", "ours", "ecr", "delete-repository-policy", "--repository-name", "with-policy");

    assertThat(set.get("policyText").asText()).isEqualTo(GRANT_BUILDER);
    assertThat(got.get("policyText").asText()).isEqualTo(GRANT_BUILDER);
    assertThat(got.get("registryId").asText()).isEqualTo("111111111111");
    assertError(
        ours("ecr", "get-repository-policy", "--repository-name", "with-policy"),
        "RepositoryPolicyNotFoundException",
        "Repository policy does not exist for the repository with name 'with-policy' in the"
            + " registry with id '111111111111'");
  }

  static Stream<Arguments> invalidPolicies() {
    return Stream.of(
        Arguments.of("notJson", "{not json"),
        Arguments.of(
            "noPrincipal",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"ecr:*\"}]}"),
        Arguments.of(
            "unknownEffect",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Perhaps\","
                + "\"Principal\":\"*\",\"Action\":\"ecr:*\"}]}"));
  }

  @ParameterizedTest(name = "setRepositoryPolicy_{0}_invalidParameter")
  @MethodSource("invalidPolicies")
  void setRepositoryPolicy_invalid_invalidParameterAndNothingSet(String name, String policy)
      throws Exception {
    String repository = "invalid-policy-" + name.toLowerCase(java.util.Locale.ROOT);
    ok("--profile", "ours", "ecr", "create-repository", "--repository-name", repository);

    assertError(
        ours(
            "ecr",
            "set-repository-policy",
            "--repository-name",
            repository,
            "--policy-text",
            policy),
        "InvalidParameterException",
        "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository"
            + " policy provided");
    assertError(
        ours("ecr", "get-repository-policy", "--repository-name", repository),
        "RepositoryPolicyNotFoundException",
        repository);
  }

  @Test
  void crossAccountDescribe_withoutThenWithRepositoryPolicy_deniedThenAllowed() throws Exception {
    ok("--profile", "ours", "ecr", "create-repository", "--repository-name", "shared/app");

    AwsCli.Result denied =
        asBuilder(
            "ecr",
            "describe-repositories",
            "--registry-id",
            "111111111111",
            "--repository-names",
            "shared/app");
    ok(
        "--profile",
        "ours",
        "ecr",
        "set-repository-policy",
        "--repository-name",
        "shared/app",
        "--policy-text",
        GRANT_BUILDER);
    AwsCli.Result allowed =
        asBuilder(
            "ecr",
            "describe-repositories",
            "--registry-id",
            "111111111111",
            "--repository-names",
            "shared/app");

    assertError(
        denied,
        "AccessDeniedException",
        "User: arn:aws:iam::222222222222:user/builder is not authorized to perform:"
            + " ecr:DescribeRepositories on resource:"
            + " arn:aws:ecr:us-east-1:111111111111:repository/shared/app because no"
            + " resource-based policy allows the ecr:DescribeRepositories action");
    assertThat(allowed.exitCode()).as(allowed.err()).isZero();
    assertThat(JSON.readTree(allowed.out()).at("/repositories/0/repositoryArn").asText())
        .isEqualTo("arn:aws:ecr:us-east-1:111111111111:repository/shared/app");
  }

  @Test
  void describeRepositories_userWithoutPolicyForIt_accessDenied() {
    AwsCli.Result r = asBuilder("ecr", "describe-registry");

    assertError(
        r,
        "AccessDeniedException",
        "User: arn:aws:iam::222222222222:user/builder is not authorized to perform:"
            + " ecr:DescribeRegistry on resource: * because no identity-based policy allows the"
            + " ecr:DescribeRegistry action");
  }

  @Test
  void getAuthorizationToken_root_awsUserPasswordTwelveHours() throws Exception {
    Instant before = Instant.now();
    JsonNode data = ok("--profile", "ours", "ecr", "get-authorization-token");

    JsonNode first = data.get("authorizationData").get(0);
    String decoded =
        new String(
            Base64.getDecoder().decode(first.get("authorizationToken").asText()),
            StandardCharsets.UTF_8);
    assertThat(decoded).startsWith("AWS:crecr1.");
    assertThat(first.get("proxyEndpoint").asText())
        .isEqualTo("https://111111111111.dkr.ecr.us-east-1.localhost");
    Instant expires = Instant.ofEpochMilli((long) (first.get("expiresAt").asDouble() * 1000));
    assertThat(expires)
        .isBetween(
            before.plus(Duration.ofHours(12)).minusSeconds(5),
            Instant.now().plus(Duration.ofHours(12)).plusSeconds(5));
  }

  @Test
  void getLoginPassword_builder_passwordOfTheToken() {
    AwsCli.Result r = asBuilder("ecr", "get-login-password");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out().strip()).startsWith("crecr1.").doesNotContain(" ");
  }

  @Test
  void getLogin_noIncludeEmail_dockerLoginLine() {
    AwsCli.Result r = asBuilder("ecr", "get-login", "--no-include-email");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out().strip())
        .matches(
            "docker login -u AWS -p crecr1\\.[A-Za-z0-9_-]+"
                + " https://222222222222\\.dkr\\.ecr\\.us-east-1\\.localhost");
  }

  @Test
  void getLogin_includeEmail_dockerLoginLineWithEmailNone() {
    AwsCli.Result r = asBuilder("ecr", "get-login", "--include-email");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out().strip())
        .matches(
            "docker login -u AWS -p crecr1\\.[A-Za-z0-9_-]+ -e none"
                + " https://222222222222\\.dkr\\.ecr\\.us-east-1\\.localhost");
  }

  static Stream<Arguments> invalidNames() {
    return Stream.of(
        Arguments.of("upperCase", "Upper"),
        Arguments.of("trailingSlash", "app/"),
        Arguments.of("doubleSlash", "a//b"),
        Arguments.of("leadingDash", "-app"),
        Arguments.of("tooLong", "a".repeat(257)));
  }

  @ParameterizedTest(name = "createRepository_{0}_invalidParameter")
  @MethodSource("invalidNames")
  void createRepository_invalidName_invalidParameter(String name, String repository) {
    assertError(
        // One argument, so that a name beginning with "-" is not read as an option.
        ours("ecr", "create-repository", "--repository-name=" + repository),
        "InvalidParameterException",
        "Invalid parameter at 'repositoryName' failed to satisfy constraint:");
  }

  @Test
  void setRepositoryPolicy_lockingOutItself_refusedUnlessForced() throws Exception {
    ok("--profile", "ours", "ecr", "create-repository", "--repository-name", "locked");

    AwsCli.Result unforced =
        ours(
            "ecr",
            "set-repository-policy",
            "--repository-name",
            "locked",
            "--policy-text",
            DENY_SET_POLICY);
    ok(
        "--profile",
        "ours",
        "ecr",
        "set-repository-policy",
        "--repository-name",
        "locked",
        "--policy-text",
        DENY_SET_POLICY,
        "--force");
    AwsCli.Result afterwards =
        ours(
            "ecr",
            "set-repository-policy",
            "--repository-name",
            "locked",
            "--policy-text",
            GRANT_BUILDER);

    assertError(
        unforced,
        "InvalidParameterException",
        "would prevent you from setting another policy in the future");
    assertError(
        afterwards, "AccessDeniedException", "with an explicit deny in a resource-based policy");
  }

  @Test
  void getAuthorizationToken_assumedRoleSession_expiresWithTheSession() throws Exception {
    AwsCli.Result assumed =
        asBuilder(
            "sts",
            "assume-role",
            "--role-arn",
            PUSHER_ROLE,
            "--role-session-name",
            "push-1",
            "--duration-seconds",
            "900");
    assertThat(assumed.exitCode()).as(assumed.err()).isZero();
    JsonNode credentials = JSON.readTree(assumed.out()).get("Credentials");
    Map<String, String> session =
        Map.of(
            "AWS_ACCESS_KEY_ID", credentials.get("AccessKeyId").asText(),
            "AWS_SECRET_ACCESS_KEY", credentials.get("SecretAccessKey").asText(),
            "AWS_SESSION_TOKEN", credentials.get("SessionToken").asText(),
            "AWS_DEFAULT_REGION", "us-east-1");

    AwsCli.Result r =
        aws.run(session, "--endpoint-url", server.endpoint(), "ecr", "get-authorization-token");

    assertThat(r.exitCode()).as(r.err()).isZero();
    Instant sessionEnds = Instant.parse(credentials.get("Expiration").asText());
    double expiresAt = JSON.readTree(r.out()).at("/authorizationData/0/expiresAt").asDouble();
    assertThat(Instant.ofEpochMilli((long) (expiresAt * 1000)))
        .isBetween(sessionEnds.minusSeconds(1), sessionEnds.plusSeconds(1));
  }

  static Stream<Arguments> badCredentials() {
    return Stream.of(
        Arguments.of(
            "wrongSecret",
            "secret",
            "InvalidSignatureException",
            "The request signature we calculated does not match the signature you provided."),
        Arguments.of(
            "unknownKeyId",
            "keyId",
            "UnrecognizedClientException",
            "The security token included in the request is invalid."),
        Arguments.of(
            "tamperedSessionToken",
            "token",
            "UnrecognizedClientException",
            "The security token included in the request is invalid."));
  }

  @ParameterizedTest(name = "describeRepositories_{0}_jsonAuthError")
  @MethodSource("badCredentials")
  void describeRepositories_badCredentials_authErrorAsJsonServicesName(
      String name, String broken, String code, String message) {
    Map<String, String> keys = new java.util.HashMap<>(builderKeys);
    switch (broken) {
      case "secret" ->
          keys.put("AWS_SECRET_ACCESS_KEY", "x" + keys.get("AWS_SECRET_ACCESS_KEY").substring(1));
      case "keyId" -> keys.put("AWS_ACCESS_KEY_ID", "AKIAUNKNOWN000000000");
      default -> {
        keys.put("AWS_ACCESS_KEY_ID", "ASIAUNKNOWN000000000");
        keys.put("AWS_SESSION_TOKEN", "FwoGZXIvYXdzEBYaDK" + "A".repeat(200));
      }
    }

    AwsCli.Result r =
        aws.run(keys, "--endpoint-url", server.endpoint(), "ecr", "describe-repositories");

    assertError(r, code, message);
  }

  @Test
  void describeImages_serverWithoutRegistry_noImages() throws Exception {
    ok("--profile", "ours", "ecr", "create-repository", "--repository-name", "empty/images");

    JsonNode images =
        ok("--profile", "ours", "ecr", "describe-images", "--repository-name", "empty/images");

    assertThat(images.get("imageDetails")).isEmpty();
  }
}
