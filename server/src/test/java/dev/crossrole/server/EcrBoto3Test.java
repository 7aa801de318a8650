package dev.crossrole.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossrole.core.Account;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * ECR through boto3: repositories, pagination, a repository policy that opens a repository to
 * another account, the authorization token, and ECR's errors as botocore parses them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EcrBoto3Test {

  @TempDir static Path data;
  private CrossroleServer server;
  private JsonNode result;

  @BeforeAll
  void runTheScript() throws Exception {
    server =
        CrossroleServer.start(
            ServerConfig.builder(data)
                .port(0)
                .account(new Account("ours", "111111111111"))
                .account(new Account("build", "222222222222"))
                .build());
    result = Boto3.runScript(data, "/boto3/ecr.py", Duration.ofSeconds(120), Map.of());
  }

  @AfterAll
  void tearDown() {
    if (server != null) {
      server.close();
    }
  }

  private JsonNode ok(String step) {
    JsonNode node = result.path(step);
    assertThat(node.has("ok")).as(step + " succeeded: " + node).isTrue();
    return node.get("ok");
  }

  private void assertError(String step, String code, String messagePart) {
    JsonNode error = result.path(step).path("error");
    assertThat(error.path("code").asText()).as(step + ": " + result.path(step)).isEqualTo(code);
    assertThat(error.path("status").asInt()).as(step + " HTTP status").isEqualTo(400);
    assertThat(error.path("message").asText()).as(step + " message").contains(messagePart);
  }

  @Test
  void createRepository_new_arnOfTheRepository() {
    assertThat(ok("create").asText())
        .isEqualTo("arn:aws:ecr:us-east-1:111111111111:repository/ourthing/app");
  }

  @Test
  void createRepository_again_repositoryAlreadyExists() {
    assertError("createAgain", "RepositoryAlreadyExistsException", "already exists");
  }

  @Test
  void describeRepositories_allAndPaginated_theRepository() {
    assertThat(ok("describe").toString()).isEqualTo("[\"ourthing/app\"]");
    assertThat(ok("paginated").toString()).isEqualTo("[\"ourthing/app\"]");
  }

  @Test
  void describeRepositories_missing_repositoryNotFound() {
    assertError("describeMissing", "RepositoryNotFoundException", "'missing'");
  }

  @Test
  void crossAccount_beforePolicy_accessDenied() {
    assertError(
        "crossAccountBefore",
        "AccessDeniedException",
        "User: arn:aws:iam::222222222222:root is not authorized to perform:"
            + " ecr:DescribeRepositories on resource:"
            + " arn:aws:ecr:us-east-1:111111111111:repository/ourthing/app");
  }

  @Test
  void crossAccount_afterPolicy_grantedActionsOnly() {
    assertThat(ok("setPolicy").asText()).contains("ecr:DescribeRepositories");
    assertThat(ok("crossAccountAfter").toString())
        .isEqualTo("[\"111111111111.dkr.ecr.us-east-1.localhost/ourthing/app\"]");
    assertThat(ok("crossAccountListImages").toString()).isEqualTo("[]");
    assertError(
        "crossAccountDelete",
        "AccessDeniedException",
        "ecr:DeleteRepository on resource:"
            + " arn:aws:ecr:us-east-1:111111111111:repository/ourthing/app because no"
            + " resource-based policy allows the ecr:DeleteRepository action");
  }

  @Test
  void getAuthorizationToken_root_awsUserTwelveHours() {
    JsonNode token = ok("token");

    assertThat(token.get("user").asText()).isEqualTo("AWS");
    assertThat(token.get("prefix").asText()).isEqualTo("crecr1.");
    assertThat(token.get("expiresInHours").asInt()).isEqualTo(12);
    assertThat(token.get("proxyEndpoint").asText())
        .isEqualTo("https://111111111111.dkr.ecr.us-east-1.localhost");
  }

  @Test
  void describeRegistry_root_itsAccount() {
    assertThat(ok("describeRegistry").asText()).isEqualTo("111111111111");
  }

  @Test
  void setRepositoryPolicy_withoutPrincipal_invalidParameter() {
    assertError("badPolicy", "InvalidParameterException", "Invalid repository policy provided");
  }

  @Test
  void deleteRepository_thenAgain_deletedThenNotFound() {
    assertThat(ok("delete").asText()).isEqualTo("ourthing/app");
    assertError("deleteAgain", "RepositoryNotFoundException", "'ourthing/app'");
  }
}
