package dev.crossrole.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossrole.core.Account;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Credentials and trust end with the identity they were bound to, with the real AWS CLI: a session
 * (and an ECR password from it) of a role or user that was deleted, or re-created under the same
 * name, is refused on every request; a trust policy may name only users and roles that exist, is
 * bound to their unique ids, and shows the id of one that is gone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrincipalLifetimeCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OURS = "111111111111";
  private static final String BUILD = "222222222222";
  private static final String INVALID_TOKEN = "InvalidClientTokenId";

  @RegisterExtension
  static final RunningServer server =
      RunningServer.configured(
          config ->
              config
                  .account(new Account("ours", OURS))
                  .account(new Account("build", BUILD))
                  // A registry elsewhere: the token endpoint needs no running registry.
                  .registry(new RegistryMode.External(URI.create("http://127.0.0.1:5999"))));

  private final AwsCli aws = server.aws();
  private final HttpClient http = HttpClient.newHttpClient();

  private static String trust(String principal) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
        + "\""
        + principal
        + "\"},\"Action\":\"sts:AssumeRole\"}]}";
  }

  private static String allow(String actions) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
        + actions
        + ",\"Resource\":\"*\"}]}";
  }

  private static String roleArn(String name) {
    return "arn:aws:iam::" + OURS + ":role/" + name;
  }

  /** A BUILD user allowed to assume any role of ours; its long-term keys. */
  private Map<String, String> buildUser(String name) throws Exception {
    aws.ok("--profile", "build", "iam", "create-user", "--user-name", name);
    aws.ok(
        "--profile",
        "build",
        "iam",
        "put-user-policy",
        "--user-name",
        name,
        "--policy-name",
        "assume",
        "--policy-document",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"sts:AssumeRole\",\"Resource\":\"arn:aws:iam::"
            + OURS
            + ":role/*\"}]}");
    return AwsCli.keys(
        aws.ok("--profile", "build", "iam", "create-access-key", "--user-name", name)
            .get("AccessKey"));
  }

  /** Deletes a BUILD user made by {@link #buildUser}, its keys and policy first, as IAM needs. */
  private void deleteBuildUser(String name) throws Exception {
    for (JsonNode k :
        aws.ok("--profile", "build", "iam", "list-access-keys", "--user-name", name)
            .get("AccessKeyMetadata")) {
      aws.ok(
          "--profile",
          "build",
          "iam",
          "delete-access-key",
          "--user-name",
          name,
          "--access-key-id",
          k.get("AccessKeyId").asText());
    }
    aws.ok(
        "--profile",
        "build",
        "iam",
        "delete-user-policy",
        "--user-name",
        name,
        "--policy-name",
        "assume");
    aws.ok("--profile", "build", "iam", "delete-user", "--user-name", name);
  }

  /** Creates role {@code name} of ours with {@code trust} and an inline policy {@code work}. */
  private void role(String name, String trust, String permissions) throws Exception {
    aws.ok(
        "--profile",
        "ours",
        "iam",
        "create-role",
        "--role-name",
        name,
        "--assume-role-policy-document",
        trust);
    aws.ok(
        "--profile",
        "ours",
        "iam",
        "put-role-policy",
        "--role-name",
        name,
        "--policy-name",
        "work",
        "--policy-document",
        permissions);
  }

  private void deleteRole(String name) throws Exception {
    aws.ok(
        "--profile",
        "ours",
        "iam",
        "delete-role-policy",
        "--role-name",
        name,
        "--policy-name",
        "work");
    aws.ok("--profile", "ours", "iam", "delete-role", "--role-name", name);
  }

  /** The environment of a session assumed with {@code keys}. */
  private Map<String, String> assume(Map<String, String> keys, String role) throws Exception {
    AwsCli.Result r =
        aws.withKeys(
            keys,
            server.endpoint(),
            "sts",
            "assume-role",
            "--role-arn",
            roleArn(role),
            "--role-session-name",
            "build-42");
    assertThat(r.exitCode()).as(r.err()).isZero();
    return AwsCli.keys(JSON.readTree(r.out()).get("Credentials"));
  }

  private AwsCli.Result as(Map<String, String> keys, String... args) {
    return aws.withKeys(keys, server.endpoint(), args);
  }

  private static void refusedAsInvalidToken(AwsCli.Result r) {
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err())
        .contains(INVALID_TOKEN)
        .contains("The security token included in the request is invalid");
  }

  /** The registry token endpoint's answer to an ECR login with {@code password}. */
  private int tokenEndpointStatus(String password) throws Exception {
    String basic = Base64.getEncoder().encodeToString(("AWS:" + password).getBytes(UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    server.endpoint()
                        + "/registry/token?service=crossrole-registry&scope=repository:"
                        + OURS
                        + "/lifetime/app:pull"))
            .header("Authorization", "Basic " + basic)
            .GET()
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  @Test
  void roleSession_roleDeletedAndRecreatedWithMorePermissions_oldSessionRefused() throws Exception {
    Map<String, String> user = buildUser("lifetime-a");
    role(
        "LIFEROLE",
        trust("arn:aws:iam::" + BUILD + ":user/lifetime-a"),
        allow("\"iam:ListRoles\""));
    Map<String, String> old = assume(user, "LIFEROLE");
    assertThat(as(old, "iam", "list-roles").exitCode()).isZero();
    assertThat(as(old, "iam", "list-users").err()).contains("AccessDenied");

    deleteRole("LIFEROLE");
    AwsCli.Result afterDelete = as(old, "sts", "get-caller-identity");
    role(
        "LIFEROLE",
        trust("arn:aws:iam::" + BUILD + ":user/lifetime-a"),
        allow("[\"iam:ListRoles\",\"iam:ListUsers\"]"));

    refusedAsInvalidToken(afterDelete);
    refusedAsInvalidToken(as(old, "iam", "list-users"));
    refusedAsInvalidToken(as(old, "iam", "list-roles"));
    refusedAsInvalidToken(as(old, "sts", "get-caller-identity"));
    assertThat(as(assume(user, "LIFEROLE"), "iam", "list-users").exitCode()).isZero();
  }

  @Test
  void userSession_userDeletedThenRecreated_refusedEachTime() throws Exception {
    Map<String, String> user = buildUser("lifetime-b");
    AwsCli.Result issued = as(user, "sts", "get-session-token");
    assertThat(issued.exitCode()).as(issued.err()).isZero();
    Map<String, String> session = AwsCli.keys(JSON.readTree(issued.out()).get("Credentials"));
    assertThat(as(session, "sts", "get-caller-identity").exitCode()).isZero();

    deleteBuildUser("lifetime-b");
    AwsCli.Result afterDelete = as(session, "sts", "get-caller-identity");
    // Re-created under the same name, with a policy allowing AssumeRole: not the session's user.
    buildUser("lifetime-b");
    role(
        "GSTROLE", trust("arn:aws:iam::" + BUILD + ":user/lifetime-b"), allow("\"iam:ListRoles\""));

    refusedAsInvalidToken(afterDelete);
    refusedAsInvalidToken(as(session, "sts", "get-caller-identity"));
    refusedAsInvalidToken(
        as(
            session,
            "sts",
            "assume-role",
            "--role-arn",
            roleArn("GSTROLE"),
            "--role-session-name",
            "s1"));
  }

  @Test
  void rootSession_accountExists_keepsWorking() throws Exception {
    AwsCli.Result issued = aws.asProfile("ours", "sts", "get-session-token");
    assertThat(issued.exitCode()).as(issued.err()).isZero();
    Map<String, String> session = AwsCli.keys(JSON.readTree(issued.out()).get("Credentials"));

    AwsCli.Result r = as(session, "sts", "get-caller-identity");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(JSON.readTree(r.out()).get("Arn").asText())
        .isEqualTo("arn:aws:iam::" + OURS + ":root");
  }

  @Test
  void ecrPassword_ofASessionWhoseRoleWasRecreated_refusedAtTheTokenEndpoint() throws Exception {
    aws.ok("--profile", "ours", "ecr", "create-repository", "--repository-name", "lifetime/app");
    Map<String, String> user = buildUser("lifetime-c");
    String trust = trust("arn:aws:iam::" + BUILD + ":user/lifetime-c");
    String ecr =
        allow(
            "[\"ecr:GetAuthorizationToken\",\"ecr:BatchGetImage\","
                + "\"ecr:GetDownloadUrlForLayer\",\"ecr:BatchCheckLayerAvailability\"]");
    role("ECRROLE", trust, ecr);
    Map<String, String> session = assume(user, "ECRROLE");
    AwsCli.Result login = as(session, "ecr", "get-login-password");
    assertThat(login.exitCode()).as(login.err()).isZero();
    String password = login.out().trim();
    assertThat(tokenEndpointStatus(password)).isEqualTo(200);

    deleteRole("ECRROLE");
    role("ECRROLE", trust, ecr);

    assertThat(tokenEndpointStatus(password)).isEqualTo(401);
    AwsCli.Result again = as(session, "ecr", "get-login-password");
    assertThat(again.exitCode()).isNotZero();
    // ECR's JSON protocol names InvalidClientTokenId as UnrecognizedClientException.
    assertThat(again.err()).contains("UnrecognizedClientException");
  }

  @Test
  void createRole_trustNamesAUserThatDoesNotExist_malformedPolicyDocument() {
    String nobody = "arn:aws:iam::" + BUILD + ":user/nobody";

    AwsCli.Result r =
        aws.asProfile(
            "ours",
            "iam",
            "create-role",
            "--role-name",
            "NOBODYROLE",
            "--assume-role-policy-document",
            trust(nobody));

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err())
        .contains("MalformedPolicyDocument")
        .contains("Invalid principal in policy: \"AWS\":\"" + nobody + "\"");
    assertThat(aws.asProfile("ours", "iam", "get-role", "--role-name", "NOBODYROLE").err())
        .contains("NoSuchEntity");
  }

  @Test
  void createRole_trustNamesAUserOfAnAccountNotHosted_malformedPolicyDocument() {
    String elsewhere = "arn:aws:iam::444444444444:user/builder";

    AwsCli.Result r =
        aws.asProfile(
            "ours",
            "iam",
            "create-role",
            "--role-name",
            "ELSEWHEREROLE",
            "--assume-role-policy-document",
            trust(elsewhere));

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err()).contains("Invalid principal in policy: \"AWS\":\"" + elsewhere + "\"");
  }

  @Test
  void createRole_trustNamesAnAccountNotHosted_created() throws Exception {
    JsonNode role =
        aws.ok(
                "--profile",
                "ours",
                "iam",
                "create-role",
                "--role-name",
                "ACCOUNTROLE",
                "--assume-role-policy-document",
                trust("arn:aws:iam::444444444444:root"))
            .get("Role");

    assertThat(role.get("Arn").asText()).isEqualTo(roleArn("ACCOUNTROLE"));
  }

  @Test
  void updateAssumeRolePolicy_namesARoleThatDoesNotExist_malformedPolicyDocumentAndUnchanged()
      throws Exception {
    String trust = trust("arn:aws:iam::" + OURS + ":root");
    aws.ok(
        "--profile",
        "ours",
        "iam",
        "create-role",
        "--role-name",
        "KEPTROLE",
        "--assume-role-policy-document",
        trust);
    String ghost = "arn:aws:iam::" + OURS + ":role/ghost";

    AwsCli.Result r =
        aws.asProfile(
            "ours",
            "iam",
            "update-assume-role-policy",
            "--role-name",
            "KEPTROLE",
            "--policy-document",
            trust(ghost));

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err())
        .contains("MalformedPolicyDocument")
        .contains("Invalid principal in policy: \"AWS\":\"" + ghost + "\"");
    assertThat(
            aws.ok("--profile", "ours", "iam", "get-role", "--role-name", "KEPTROLE")
                .at("/Role/AssumeRolePolicyDocument/Statement/0/Principal/AWS")
                .asText())
        .isEqualTo("arn:aws:iam::" + OURS + ":root");
  }

  @Test
  void getRole_trustedUserDeletedThenRecreated_showsTheOldUniqueIdAndTheNewUserCannotAssume()
      throws Exception {
    String arn = "arn:aws:iam::" + BUILD + ":user/lifetime-d";
    buildUser("lifetime-d");
    String oldId =
        aws.ok("--profile", "build", "iam", "get-user", "--user-name", "lifetime-d")
            .at("/User/UserId")
            .asText();
    role("TRUSTROLE", trust(arn), allow("\"iam:ListRoles\""));
    String principal = "/Role/AssumeRolePolicyDocument/Statement/0/Principal/AWS";
    assertThat(
            aws.ok("--profile", "ours", "iam", "get-role", "--role-name", "TRUSTROLE")
                .at(principal)
                .asText())
        .isEqualTo(arn);

    deleteBuildUser("lifetime-d");
    JsonNode afterDelete =
        aws.ok("--profile", "ours", "iam", "get-role", "--role-name", "TRUSTROLE");
    Map<String, String> newUser = buildUser("lifetime-d");

    assertThat(oldId).startsWith("AIDA");
    assertThat(afterDelete.at(principal).asText()).isEqualTo(oldId);
    assertThat(
            aws.ok("--profile", "ours", "iam", "get-role", "--role-name", "TRUSTROLE")
                .at(principal)
                .asText())
        .isEqualTo(oldId);
    JsonNode listed = aws.ok("--profile", "ours", "iam", "list-roles").get("Roles");
    for (JsonNode r : listed) {
      if (r.get("RoleName").asText().equals("TRUSTROLE")) {
        assertThat(r.at("/AssumeRolePolicyDocument/Statement/0/Principal/AWS").asText())
            .isEqualTo(oldId);
      }
    }
    JsonNode details =
        aws.ok("--profile", "ours", "iam", "get-account-authorization-details", "--filter", "Role")
            .get("RoleDetailList");
    for (JsonNode r : details) {
      if (r.get("RoleName").asText().equals("TRUSTROLE")) {
        assertThat(r.at("/AssumeRolePolicyDocument/Statement/0/Principal/AWS").asText())
            .isEqualTo(oldId);
      }
    }
    AwsCli.Result assumed =
        as(
            newUser,
            "sts",
            "assume-role",
            "--role-arn",
            roleArn("TRUSTROLE"),
            "--role-session-name",
            "s1");
    assertThat(assumed.exitCode()).isNotZero();
    assertThat(assumed.err())
        .contains("AccessDenied")
        .contains("User: " + arn + " is not authorized to perform: sts:AssumeRole");
  }

  @Test
  void getRole_trustedRoleDeleted_showsItsRoleId() throws Exception {
    aws.ok(
        "--profile",
        "ours",
        "iam",
        "create-role",
        "--role-name",
        "FIRSTHOP",
        "--assume-role-policy-document",
        trust("arn:aws:iam::" + OURS + ":root"));
    String firstHopId =
        aws.ok("--profile", "ours", "iam", "get-role", "--role-name", "FIRSTHOP")
            .at("/Role/RoleId")
            .asText();
    aws.ok(
        "--profile",
        "ours",
        "iam",
        "create-role",
        "--role-name",
        "SECONDHOP",
        "--assume-role-policy-document",
        trust(roleArn("FIRSTHOP")));

    aws.ok("--profile", "ours", "iam", "delete-role", "--role-name", "FIRSTHOP");

    assertThat(firstHopId).startsWith("AROA");
    assertThat(
            aws.ok("--profile", "ours", "iam", "get-role", "--role-name", "SECONDHOP")
                .at("/Role/AssumeRolePolicyDocument/Statement/0/Principal/AWS")
                .asText())
        .isEqualTo(firstHopId);
  }
}
