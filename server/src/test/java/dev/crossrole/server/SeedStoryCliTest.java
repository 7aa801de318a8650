package dev.crossrole.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossrole.core.Account;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The seed story with the real AWS CLI: our account's role trusts the BUILD account's user only
 * with the ExternalId; the user assumes it (way 1 and way 2) and acts with the role's rights.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeedStoryCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ROLE_ARN = "arn:aws:iam::111111111111:role/OURTHINGBUILDROLE";
  private static final String TRUST =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
          + "\"arn:aws:iam::222222222222:user/builder\"},\"Action\":\"sts:AssumeRole\","
          + "\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"some_key_build\"}}}]}";
  private static final String ROLE_PERMISSIONS =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:ListRoles\","
          + "\"Resource\":\"*\"}]}";
  private static final String ASSUME =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\","
          + "\"Resource\":\""
          + ROLE_ARN
          + "\"}]}";

  /** AWS's text is followed by the encoded reason, which DecodeAuthorizationMessage opens. */
  private static final String ENCODED_MARKER = " Encoded authorization failure message: ";

  @RegisterExtension
  static final RunningServer server =
      RunningServer.of(
          new Account("ours", "111111111111"),
          new Account("build", "222222222222"),
          new Account("other", "333333333333"));

  private final AwsCli aws = server.aws();
  private Map<String, String> builderKeys;

  @BeforeAll
  void setUp() throws Exception {
    // The BUILD user first: a trust policy may name only users that exist, as in IAM.
    IamSetup build = new IamSetup(aws, "build").createUser("builder");
    new IamSetup(aws, "ours")
        .createRole("OURTHINGBUILDROLE", TRUST)
        .putRolePolicy("OURTHINGBUILDROLE", "build", ROLE_PERMISSIONS);
    build.putUserPolicy("builder", "assume-ours", ASSUME);
    builderKeys = build.createAccessKey("builder");
  }

  private JsonNode ok(String... args) throws Exception {
    return aws.ok(args);
  }

  private AwsCli.Result asBuilder(String... args) {
    return aws.withKeys(builderKeys, server.endpoint(), args);
  }

  @Test
  void wayOne_assumeRoleWithExternalId_sessionActsAsTheRole() throws Exception {
    AwsCli.Result r =
        asBuilder(
            "sts",
            "assume-role",
            "--role-arn",
            ROLE_ARN,
            "--role-session-name",
            "build-42",
            "--external-id",
            "some_key_build");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode credentials = JSON.readTree(r.out()).get("Credentials");
    assertThat(credentials.get("AccessKeyId").asText()).startsWith("ASIA");
    Map<String, String> session = new HashMap<>();
    session.put("AWS_ACCESS_KEY_ID", credentials.get("AccessKeyId").asText());
    session.put("AWS_SECRET_ACCESS_KEY", credentials.get("SecretAccessKey").asText());
    session.put("AWS_SESSION_TOKEN", credentials.get("SessionToken").asText());
    session.put("AWS_DEFAULT_REGION", "us-east-1");

    AwsCli.Result who =
        aws.run(session, "--endpoint-url", server.endpoint(), "sts", "get-caller-identity");
    assertThat(who.exitCode()).as(who.err()).isZero();
    assertThat(JSON.readTree(who.out()).get("Arn").asText())
        .isEqualTo("arn:aws:sts::111111111111:assumed-role/OURTHINGBUILDROLE/build-42");

    AwsCli.Result allowed =
        aws.run(session, "--endpoint-url", server.endpoint(), "iam", "list-roles");
    assertThat(allowed.exitCode()).as(allowed.err()).isZero();
    assertThat(allowed.out()).contains("OURTHINGBUILDROLE");

    AwsCli.Result denied =
        aws.run(session, "--endpoint-url", server.endpoint(), "iam", "list-users");
    assertThat(denied.exitCode()).isNotZero();
    assertThat(denied.err())
        .contains("AccessDenied")
        .contains(
            "User: arn:aws:sts::111111111111:assumed-role/OURTHINGBUILDROLE/build-42 is not"
                + " authorized to perform: iam:ListUsers on resource: arn:aws:iam::111111111111:user/"
                + " because no identity-based policy allows the iam:ListUsers action"
                + ENCODED_MARKER)
        .containsPattern(ENCODED_MARKER + "[A-Za-z0-9_-]{40,}");
  }

  @Test
  void wayTwo_profileWithRoleArnSourceProfileAndExternalId_assumesTheRole() throws Exception {
    String config = Files.readString(server.data().resolve("config"));
    String credentials = Files.readString(server.data().resolve("credentials"));
    Path home = Files.createDirectories(server.data().resolve("way2"));
    Files.writeString(
        home.resolve("credentials"),
        credentials
            + "[builder]\naws_access_key_id = "
            + builderKeys.get("AWS_ACCESS_KEY_ID")
            + "\naws_secret_access_key = "
            + builderKeys.get("AWS_SECRET_ACCESS_KEY")
            + "\n");
    Files.writeString(
        home.resolve("config"),
        config
            + "[profile builder]\nregion = us-east-1\nendpoint_url = "
            + server.endpoint()
            + "\n\n[profile build-role]\nrole_arn = "
            + ROLE_ARN
            + "\nsource_profile = builder\n"
            + "external_id = some_key_build\nregion = us-east-1\nendpoint_url = "
            + server.endpoint()
            + "\n");

    AwsCli.Result r =
        new AwsCli(home).run(Map.of(), "sts", "get-caller-identity", "--profile", "build-role");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(JSON.readTree(r.out()).get("Arn").asText())
        .startsWith("arn:aws:sts::111111111111:assumed-role/OURTHINGBUILDROLE/");
  }

  @Test
  void assumeRole_wrongExternalId_accessDenied() {
    AwsCli.Result r =
        asBuilder(
            "sts",
            "assume-role",
            "--role-arn",
            ROLE_ARN,
            "--role-session-name",
            "s1",
            "--external-id",
            "guessed");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err())
        .contains("AccessDenied")
        .contains(
            "User: arn:aws:iam::222222222222:user/builder is not authorized to perform:"
                + " sts:AssumeRole on resource: "
                + ROLE_ARN
                + ENCODED_MARKER)
        .containsPattern(ENCODED_MARKER + "[A-Za-z0-9_-]{40,}");
  }

  @Test
  void assumeRole_missingExternalId_accessDenied() {
    AwsCli.Result r =
        asBuilder("sts", "assume-role", "--role-arn", ROLE_ARN, "--role-session-name", "s1");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err()).contains("AccessDenied");
  }

  @Test
  void assumeRole_roleThatDoesNotExist_accessDenied() {
    AwsCli.Result r =
        asBuilder(
            "sts",
            "assume-role",
            "--role-arn",
            "arn:aws:iam::111111111111:role/Nope",
            "--role-session-name",
            "s1",
            "--external-id",
            "some_key_build");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err()).contains("AccessDenied");
  }

  @Test
  void assumeRole_thirdAccountRoot_accessDenied() {
    AwsCli.Result r =
        aws.run(
            Map.of(),
            "--profile",
            "other",
            "sts",
            "assume-role",
            "--role-arn",
            ROLE_ARN,
            "--role-session-name",
            "s1",
            "--external-id",
            "some_key_build");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err()).contains("AccessDenied");
  }

  @Test
  void createRole_malformedTrustPolicy_malformedPolicyDocument() {
    AwsCli.Result r =
        aws.run(
            Map.of(),
            "--profile",
            "ours",
            "iam",
            "create-role",
            "--role-name",
            "Bad",
            "--assume-role-policy-document",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                + "\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:user/builder\"},"
                + "\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err())
        .contains("MalformedPolicyDocument")
        .contains("Has prohibited field Resource");
  }

  @Test
  void assumeRole_trustedUserDeletedAndRecreated_accessDenied() throws Exception {
    String trust = TRUST.replace("user/builder", "user/temp");
    String roleArn = "arn:aws:iam::111111111111:role/RECREATED";
    ok("--profile", "build", "iam", "create-user", "--user-name", "temp");
    ok(
        "--profile",
        "ours",
        "iam",
        "create-role",
        "--role-name",
        "RECREATED",
        "--assume-role-policy-document",
        trust);
    Map<String, String> first = tempUserKeys(roleArn);
    assertThat(assumeAs(first, roleArn).exitCode()).isZero();

    JsonNode keys = ok("--profile", "build", "iam", "list-access-keys", "--user-name", "temp");
    for (JsonNode k : keys.get("AccessKeyMetadata")) {
      ok(
          "--profile",
          "build",
          "iam",
          "delete-access-key",
          "--user-name",
          "temp",
          "--access-key-id",
          k.get("AccessKeyId").asText());
    }
    ok(
        "--profile",
        "build",
        "iam",
        "delete-user-policy",
        "--user-name",
        "temp",
        "--policy-name",
        "assume");
    ok("--profile", "build", "iam", "delete-user", "--user-name", "temp");
    ok("--profile", "build", "iam", "create-user", "--user-name", "temp");
    Map<String, String> second = tempUserKeys(roleArn);

    AwsCli.Result r = assumeAs(second, roleArn);
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err()).contains("AccessDenied");
  }

  private Map<String, String> tempUserKeys(String roleArn) throws Exception {
    return new IamSetup(aws, "build")
        .putUserPolicy("temp", "assume", ASSUME.replace(ROLE_ARN, roleArn))
        .createAccessKey("temp");
  }

  private AwsCli.Result assumeAs(Map<String, String> keys, String roleArn) {
    return aws.run(
        keys,
        "--endpoint-url",
        server.endpoint(),
        "sts",
        "assume-role",
        "--role-arn",
        roleArn,
        "--role-session-name",
        "s1",
        "--external-id",
        "some_key_build");
  }

  @Test
  void getSessionToken_userKeys_sessionActsAsTheUserButNotOnIam() throws Exception {
    AwsCli.Result r = asBuilder("sts", "get-session-token", "--duration-seconds", "900");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode credentials = JSON.readTree(r.out()).get("Credentials");
    Map<String, String> session =
        Map.of(
            "AWS_ACCESS_KEY_ID", credentials.get("AccessKeyId").asText(),
            "AWS_SECRET_ACCESS_KEY", credentials.get("SecretAccessKey").asText(),
            "AWS_SESSION_TOKEN", credentials.get("SessionToken").asText(),
            "AWS_DEFAULT_REGION", "us-east-1");

    AwsCli.Result who =
        aws.run(session, "--endpoint-url", server.endpoint(), "sts", "get-caller-identity");
    assertThat(who.exitCode()).as(who.err()).isZero();
    assertThat(JSON.readTree(who.out()).get("Arn").asText())
        .isEqualTo("arn:aws:iam::222222222222:user/builder");

    AwsCli.Result iam = aws.run(session, "--endpoint-url", server.endpoint(), "iam", "get-user");
    assertThat(iam.exitCode()).isNotZero();
    assertThat(iam.err()).contains("InvalidClientTokenId");
  }

  @Test
  void getSessionToken_durationBeyond36Hours_validationError() {
    AwsCli.Result r = asBuilder("sts", "get-session-token", "--duration-seconds", "129601");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err()).contains("ValidationError");
  }

  @Test
  void getAccessKeyInfo_longTermAndTemporaryKeys_theirAccounts() throws Exception {
    AwsCli.Result assumed =
        asBuilder(
            "sts",
            "assume-role",
            "--role-arn",
            ROLE_ARN,
            "--role-session-name",
            "info",
            "--external-id",
            "some_key_build");
    assertThat(assumed.exitCode()).as(assumed.err()).isZero();
    String temporary = JSON.readTree(assumed.out()).get("Credentials").get("AccessKeyId").asText();

    JsonNode longTerm =
        ok(
            "--profile",
            "ours",
            "sts",
            "get-access-key-info",
            "--access-key-id",
            builderKeys.get("AWS_ACCESS_KEY_ID"));
    JsonNode session =
        ok("--profile", "ours", "sts", "get-access-key-info", "--access-key-id", temporary);

    assertThat(longTerm.get("Account").asText()).isEqualTo("222222222222");
    assertThat(session.get("Account").asText()).isEqualTo("111111111111");
  }
}
