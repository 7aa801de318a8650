package dev.crossrole.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossrole.core.Account;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A server of {@code eu-west-1} and the real AWS CLI: the profiles it writes work for IAM, STS and
 * ECR (the CLI signs each for the profile's region at an {@code endpoint_url}, IAM included); IAM
 * also takes {@code us-east-1}, as AWS's global endpoint does; STS and ECR take no other region.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerRegionCliTest {
  @RegisterExtension
  static final RunningServer server =
      RunningServer.configured(
          config -> config.region("eu-west-1").account(new Account("ours", "111111111111")));

  private final AwsCli cli = server.aws();

  @Test
  void profileOfServer_iamStsEcr_servedInServerRegion() throws Exception {
    AwsCli.Result users = cli.asProfile("ours", "iam", "list-users");
    assertThat(users.exitCode()).as(users.err()).isZero();
    AwsCli.Result caller = cli.asProfile("ours", "sts", "get-caller-identity");
    assertThat(caller.exitCode()).as(caller.err()).isZero();

    JsonNode created =
        cli.ok("--profile", "ours", "ecr", "create-repository", "--repository-name", "app");

    assertThat(created.at("/repository/repositoryArn").asText())
        .isEqualTo("arn:aws:ecr:eu-west-1:111111111111:repository/app");
  }

  @Test
  void iam_signedForUsEast1_served() {
    AwsCli.Result r =
        cli.run(
            Map.of("AWS_DEFAULT_REGION", "us-east-1"), "--profile", "ours", "iam", "list-users");

    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  @Test
  void stsAndEcr_signedForUsEast1_signatureDoesNotMatch() {
    for (String[] call :
        new String[][] {
          {"sts", "get-caller-identity"}, {"ecr", "describe-repositories"},
        }) {
      AwsCli.Result r =
          cli.run(
              Map.of("AWS_DEFAULT_REGION", "us-east-1"),
              AwsCli.prefixed("--profile", "ours", call));

      assertThat(r.exitCode()).as(r.err()).isNotZero();
      assertThat(r.err())
          .contains("Credential should be scoped to a valid region, not 'us-east-1'.");
    }
  }
}
