package dev.crossrole.cli;

import static dev.crossrole.cli.ControlWorld.policy;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossrole.server.RegistryMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * {@code crossrole revoke-sessions} against a real server, with the AWS CLI as the build's client:
 * the sessions issued before it are refused (AWS's explicit-deny message) while new ones work, a
 * second call replaces the time of the one policy, and a registry login obtained by an earlier
 * session stops working at the registry's token endpoint and for a push.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RevokeSessionsIT {
  private static final String LIST_ROLES =
      policy("{\"Effect\":\"Allow\",\"Action\":\"iam:ListRoles\",\"Resource\":\"*\"}");
  private static final String PUSH_APP =
      policy(
          "{\"Effect\":\"Allow\",\"Action\":\"ecr:GetAuthorizationToken\",\"Resource\":\"*\"}",
          "{\"Effect\":\"Allow\",\"Action\":[\"ecr:BatchCheckLayerAvailability\","
              + "\"ecr:InitiateLayerUpload\",\"ecr:UploadLayerPart\",\"ecr:CompleteLayerUpload\","
              + "\"ecr:PutImage\",\"ecr:BatchGetImage\",\"ecr:GetDownloadUrlForLayer\"],"
              + "\"Resource\":\"arn:aws:ecr:us-east-1:111111111111:repository/ourthing/app\"}");

  @TempDir static Path data;
  @TempDir static Path work;
  private ControlWorld world;

  @BeforeAll
  void start() {
    world = ControlWorld.start(data, new RegistryMode.Auto());
    world.adminAws("ours", "ecr", "create-repository", "--repository-name", "ourthing/app");
  }

  @AfterAll
  void stop() {
    world.close();
  }

  @Test
  void revokeSessions_sessionIssuedBefore_refusedWithExplicitDenyWhileANewSessionWorks()
      throws Exception {
    world.createRole("RevokeRole", "id_revoke", LIST_ROLES);
    Credentials earlier = world.assume("RevokeRole", "id_revoke");
    Programs.Result before = world.awsAs(earlier, "iam", "list-roles");

    Programs.Result revoke = world.operator("revoke-sessions", "--role-name", "RevokeRole");
    Programs.Result after = world.awsAs(earlier, "iam", "list-roles");
    Instant revokedBefore = ControlWorld.instantAfter(revoke.out(), "issued before ");
    ControlWorld.awaitClock(revokedBefore);
    Credentials fresh = world.assume("RevokeRole", "id_revoke");
    Programs.Result freshCall = world.awsAs(fresh, "iam", "list-roles");

    assertThat(before.exitCode()).as(before.err()).isZero();
    assertThat(revoke.exitCode()).as(revoke.err()).isZero();
    assertThat(revoke.out())
        .startsWith(
            "Wrote the inline policy AWSRevokeOlderSessions of"
                + " arn:aws:iam::111111111111:role/RevokeRole: sessions issued before ");
    assertThat(after.exitCode()).isNotZero();
    assertThat(after.err())
        .contains("AccessDenied")
        .contains("is not authorized to perform: iam:ListRoles")
        .contains("with an explicit deny in an identity-based policy");
    assertThat(freshCall.exitCode()).as(freshCall.err()).isZero();
  }

  @Test
  void revokeSessions_secondCall_replacesTheTimeOfTheOnePolicy() throws Exception {
    world.createRole("TwiceRole", "id_twice", LIST_ROLES);

    Programs.Result first =
        world.operator(
            "revoke-sessions", "--role-name", "TwiceRole", "--before", "2030-01-01T00:00:00Z");
    JsonNode firstPolicy = revokePolicy("TwiceRole");
    Programs.Result second =
        world.operator(
            "revoke-sessions", "--role-name", "TwiceRole", "--before", "2030-01-02T00:00:00.5Z");
    JsonNode secondPolicy = revokePolicy("TwiceRole");
    JsonNode names =
        world.adminAws("ours", "iam", "list-role-policies", "--role-name", "TwiceRole");

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).startsWith("Wrote ");
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.out())
        .startsWith("Updated ")
        .contains("sessions issued before 2030-01-02T00:00:01Z are refused");
    assertThat(firstPolicy.toString())
        .isEqualTo(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":[\"*\"],"
                + "\"Resource\":[\"*\"],\"Condition\":{\"DateLessThan\":"
                + "{\"aws:TokenIssueTime\":\"2030-01-01T00:00:00Z\"}}}]}");
    assertThat(secondPolicy.at("/Statement/0/Condition/DateLessThan/aws:TokenIssueTime").asText())
        .isEqualTo("2030-01-02T00:00:01Z");
    assertThat(names.get("PolicyNames").toString())
        .isEqualTo("[\"AWSRevokeOlderSessions\",\"build\"]");
  }

  @Test
  void revokeSessions_otherAccountNamed_refusedAndNothingChanged() {
    world.createRole("AccountRole", "id_account", LIST_ROLES);

    Programs.Result wrong =
        world.operator(
            "revoke-sessions", "--role-name", "AccountRole", "--account", "222222222222");
    JsonNode names =
        world.adminAws("ours", "iam", "list-role-policies", "--role-name", "AccountRole");

    assertThat(wrong.exitCode()).isEqualTo(5);
    assertThat(wrong.err())
        .startsWith("crossrole revoke-sessions: ")
        .contains("the credentials are account 111111111111's, not 222222222222's");
    assertThat(names.get("PolicyNames").toString()).isEqualTo("[\"build\"]");
  }

  @Test
  void revokeSessions_registryLoginOfAnEarlierSession_refusedAtTheTokenEndpointAndForAPush()
      throws Exception {
    world.createRole("PushRole", "id_push", PUSH_APP);
    Credentials earlier = world.assume("PushRole", "id_push");
    String password = registryPassword(earlier);
    String scope = "repository:111111111111/ourthing/app:push,pull";
    HttpResponse<String> loginBefore = token(password, "");
    HttpResponse<String> pushBefore = token(password, scope);

    Programs.Result revoke = world.operator("revoke-sessions", "--role-name", "PushRole");
    HttpResponse<String> loginAfter = token(password, "");
    HttpResponse<String> pushAfter = token(password, scope);

    assertThat(revoke.exitCode()).as(revoke.err()).isZero();
    assertThat(loginBefore.statusCode()).as(loginBefore.body()).isEqualTo(200);
    assertThat(grantedActions(pushBefore)).isEqualTo("[\"push\",\"pull\"]");
    assertThat(loginAfter.statusCode()).isEqualTo(401);
    assertThat(loginAfter.body()).contains("UNAUTHORIZED");
    assertThat(pushAfter.statusCode()).isEqualTo(401);
  }

  private JsonNode revokePolicy(String role) {
    return world
        .adminAws(
            "ours",
            "iam",
            "get-role-policy",
            "--role-name",
            role,
            "--policy-name",
            "AWSRevokeOlderSessions")
        .get("PolicyDocument");
  }

  /** The password of ECR's GetAuthorizationToken, asked by the SDK with {@code session}. */
  private String registryPassword(Credentials session) {
    try (EcrClient ecr =
        EcrClient.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .endpointOverride(URI.create(world.endpoint()))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsSessionCredentials.create(
                        session.accessKeyId(), session.secretAccessKey(), session.sessionToken())))
            .build()) {
      String token = ecr.getAuthorizationToken().authorizationData().get(0).authorizationToken();
      String pair = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
      return pair.substring("AWS:".length());
    }
  }

  /** The registry's token endpoint asked as docker asks it, for {@code scope} (none: a login). */
  private HttpResponse<String> token(String password, String scope) throws Exception {
    String basic =
        Base64.getEncoder().encodeToString(("AWS:" + password).getBytes(StandardCharsets.UTF_8));
    String query = scope.isEmpty() ? "" : "?scope=" + scope;
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(world.endpoint() + "/registry/token" + query))
            .header("Authorization", "Basic " + basic)
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The actions the registry token in {@code response} grants on its one repository. */
  private static String grantedActions(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    String jwt = ControlWorld.JSON.readTree(response.body()).get("token").asText();
    String claims =
        new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
    return ControlWorld.JSON.readTree(claims).at("/access/0/actions").toString();
  }
}
