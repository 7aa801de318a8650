package dev.crossrole.server;

import static dev.crossrole.server.SeedSdk.BUILDER_ARN;
import static dev.crossrole.server.SeedSdk.OURS;
import static dev.crossrole.server.SeedSdk.ROLE_ARN;
import static dev.crossrole.server.SeedSdk.ROLE_NAME;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed story through boto3: {@code boto3/seed_story.py} runs every step against one server and
 * prints each step's result as JSON; the tests assert on them. The script reads the server's own
 * profile files (endpoint_url and region from the profile, nothing in code) and, for way 2, writes
 * a profile with role_arn, source_profile, external_id and endpoint_url for boto3 to assume the
 * role itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeedStoryBoto3Test {
  private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);
  private static final String DENIED_PREFIX =
      " is not authorized to perform: sts:AssumeRole on resource: ";

  @TempDir static Path data;
  private CrossroleServer server;
  private JsonNode result;

  @BeforeAll
  void runTheScript() throws Exception {
    server =
        CrossroleServer.start(SeedSdk.threeAccounts(ServerConfig.builder(data).port(0)).build());
    result = runScript();
  }

  @AfterAll
  void tearDown() {
    if (server != null) {
      server.close();
    }
  }

  private JsonNode runScript() throws IOException, InterruptedException {
    Path work = Files.createDirectories(data.resolve("way2"));
    return Boto3.runScript(
        data,
        "/boto3/seed_story.py",
        SCRIPT_TIMEOUT,
        Map.of("CROSSROLE_ENDPOINT", server.endpoint(), "CROSSROLE_WORK_DIR", work.toString()));
  }

  private JsonNode ok(String step) {
    JsonNode node = result.path(step);
    assertThat(node.has("ok")).as(step + " succeeded: " + node).isTrue();
    return node.get("ok");
  }

  private void assertError(String step, int status, String code, String messagePart) {
    JsonNode node = result.path(step);
    assertThat(node.has("error")).as(step + " refused: " + node).isTrue();
    JsonNode error = node.get("error");
    assertThat(error.path("code").asText()).as(step + " code").isEqualTo(code);
    assertThat(error.path("status").asInt()).as(step + " HTTP status").isEqualTo(status);
    assertThat(error.path("message").asText()).as(step + " message").contains(messagePart);
    if (messagePart.contains(" is not authorized to perform: ")) {
      // AWS's text, then the encoded reason that DecodeAuthorizationMessage opens.
      assertThat(error.path("message").asText())
          .as(step + " encoded authorization failure message")
          .matches(".* Encoded authorization failure message: [A-Za-z0-9_-]{40,}");
    }
  }

  @Test
  void profiles_oursFromServerFiles_endpointUrlAndRootIdentity() {
    assertThat(result.path("oursIamEndpoint").asText()).isEqualTo(server.endpoint());
    assertThat(ok("oursIdentity").asText()).isEqualTo("arn:aws:iam::" + OURS + ":root");
  }

  @Test
  void setup_roleUserPolicyAndKeys_created() {
    assertThat(ok("createRole").asText()).isEqualTo(ROLE_ARN);
    assertThat(ok("putRolePolicy").asBoolean()).isTrue();
    assertThat(ok("createUser").asText()).isEqualTo(BUILDER_ARN);
    assertThat(ok("putUserPolicy").asBoolean()).isTrue();
    assertThat(result.path("builderKeyPrefix").asText()).isEqualTo("AKIA");
    assertThat(ok("builderIdentity").asText()).isEqualTo(BUILDER_ARN);
  }

  @Test
  void wayOne_assumeRoleWithExternalId_returnsTemporaryCredentials() {
    JsonNode way1 = ok("wayOne");
    assertThat(way1.path("AccessKeyIdPrefix").asText()).isEqualTo("ASIA");
    assertThat(way1.path("SecretLength").asInt()).isEqualTo(40);
    assertThat(way1.path("HasSessionToken").asBoolean()).isTrue();
    assertThat(way1.path("AssumedRoleArn").asText())
        .isEqualTo("arn:aws:sts::" + OURS + ":assumed-role/" + ROLE_NAME + "/boto3-way-1");
    assertThat(way1.path("AssumedRoleId").asText()).startsWith("AROA").endsWith(":boto3-way-1");
    Instant expiration = Instant.parse(way1.path("Expiration").asText().replace("+00:00", "Z"));
    assertThat(expiration)
        .isBetween(Instant.now().plusSeconds(3000), Instant.now().plusSeconds(3700));
  }

  @Test
  void wayOne_sessionCredentials_actAsTheRoleWithItsPermissionsOnly() {
    assertThat(ok("wayOneIdentity").asText())
        .isEqualTo("arn:aws:sts::" + OURS + ":assumed-role/" + ROLE_NAME + "/boto3-way-1");
    assertThat(ok("wayOneListRoles")).extracting(JsonNode::asText).contains(ROLE_NAME);
    assertError(
        "wayOneListUsers",
        403,
        "AccessDenied",
        "User: arn:aws:sts::"
            + OURS
            + ":assumed-role/"
            + ROLE_NAME
            + "/boto3-way-1 is not authorized to perform: iam:ListUsers");
  }

  @Test
  void wayTwo_profileWithRoleArnSourceProfileExternalIdAndEndpointUrl_assumesTheRole() {
    assertThat(result.path("wayTwoEndpoint").asText()).isEqualTo(server.endpoint());
    assertThat(ok("wayTwoIdentity").asText())
        .isEqualTo("arn:aws:sts::" + OURS + ":assumed-role/" + ROLE_NAME + "/boto3-way-2");
  }

  @Test
  void wayTwo_profileWithWrongExternalId_accessDenied() {
    assertError(
        "wayTwoWrongExternalId",
        403,
        "AccessDenied",
        "User: " + BUILDER_ARN + DENIED_PREFIX + ROLE_ARN);
  }

  @Test
  void assumeRole_wrongOrMissingExternalId_accessDenied() {
    for (String step : List.of("wrongExternalId", "missingExternalId")) {
      assertError(step, 403, "AccessDenied", "User: " + BUILDER_ARN + DENIED_PREFIX + ROLE_ARN);
    }
  }

  @Test
  void assumeRole_roleThatDoesNotExist_accessDenied() {
    assertError(
        "missingRole",
        403,
        "AccessDenied",
        "User: " + BUILDER_ARN + DENIED_PREFIX + "arn:aws:iam::" + OURS + ":role/Nope");
  }

  @Test
  void assumeRole_userOfThirdAccount_accessDenied() {
    assertError(
        "thirdAccountUser",
        403,
        "AccessDenied",
        "User: arn:aws:iam::333333333333:user/outsider" + DENIED_PREFIX + ROLE_ARN);
  }

  @Test
  void getCallerIdentity_tamperedSessionToken_invalidClientTokenId() {
    assertError(
        "tamperedToken",
        403,
        "InvalidClientTokenId",
        "The security token included in the request is invalid");
  }

  @Test
  void getCallerIdentity_wrongSecret_signatureDoesNotMatch() {
    assertError(
        "wrongSecret",
        403,
        "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature you provided");
  }

  @Test
  void iam_badInput_awsErrors() {
    assertError(
        "malformedTrustPolicy", 400, "MalformedPolicyDocument", "Has prohibited field Resource");
    assertError(
        "duplicateUser", 409, "EntityAlreadyExists", "User with name builder already exists.");
    assertError("missingUser", 404, "NoSuchEntity", "The user with name nobody cannot be found.");
    assertError(
        "invalidUserName",
        400,
        "ValidationError",
        "Value 'bad name!' at 'userName' failed to satisfy constraint");
  }
}
