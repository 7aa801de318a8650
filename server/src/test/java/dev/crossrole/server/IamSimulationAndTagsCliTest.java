package dev.crossrole.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossrole.core.Account;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policy simulator, tags, UpdateRole/UpdateUser and last-used data as the real AWS CLI (and
 * boto3, for the simulator's response shape) see them.
 */
class IamSimulationAndTagsCliTest {
  private static final String ACCOUNT = "111111111111";
  private static final String AWS_EXAMPLE =
      "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"dynamodb:*\","
          + "\"Resource\":\"*\",\"Condition\":{\"DateGreaterThan\":{\"aws:CurrentTime\":"
          + "\"2018-08-16T12:00:00Z\"}}}}";
  private static final String TRUST_ROOT =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
          + "\"arn:aws:iam::111111111111:root\"},\"Action\":\"sts:AssumeRole\"}]}";

  @TempDir Path data;

  private CrossroleServer start() {
    return start("us-east-1");
  }

  private CrossroleServer start(String region) {
    return CrossroleServer.start(
        ServerConfig.builder(data)
            .port(0)
            .region(region)
            .account(new Account("ours", ACCOUNT))
            .build());
  }

  private JsonNode ok(AwsCli aws, String... args) throws Exception {
    return aws.ok(AwsCli.prefixed("--profile", "ours", AwsCli.prefixed("--output", "json", args)));
  }

  @Test
  void simulateCustomPolicy_awsExample_allowedAtAwsPositionsAndDeniedBeforeDate() throws Exception {
    try (CrossroleServer server = start()) {
      assertThat(server.endpoint()).isNotEmpty();
      AwsCli aws = new AwsCli(data);

      JsonNode allowed =
          ok(
              aws,
              "iam",
              "simulate-custom-policy",
              "--policy-input-list",
              AWS_EXAMPLE,
              "--action-names",
              "dynamodb:CreateBackup",
              "--context-entries",
              "ContextKeyName=aws:CurrentTime,ContextKeyValues=2019-04-25T11:00:00Z,"
                  + "ContextKeyType=date");
      JsonNode denied =
          ok(
              aws,
              "iam",
              "simulate-custom-policy",
              "--policy-input-list",
              AWS_EXAMPLE,
              "--action-names",
              "dynamodb:CreateBackup");

      JsonNode result = allowed.get("EvaluationResults").get(0);
      assertThat(result.get("EvalDecision").asText()).isEqualTo("allowed");
      assertThat(result.get("EvalResourceName").asText()).isEqualTo("*");
      JsonNode statement = result.get("MatchedStatements").get(0);
      assertThat(statement.get("SourcePolicyId").asText()).isEqualTo("PolicyInputList.1");
      assertThat(statement.get("StartPosition").toString()).isEqualTo("{\"Line\":1,\"Column\":38}");
      assertThat(statement.get("EndPosition").toString()).isEqualTo("{\"Line\":1,\"Column\":167}");
      JsonNode deniedResult = denied.get("EvaluationResults").get(0);
      assertThat(deniedResult.get("EvalDecision").asText()).isEqualTo("implicitDeny");
      assertThat(deniedResult.get("MissingContextValues").toString())
          .isEqualTo("[\"aws:CurrentTime\"]");
    }
  }

  /**
   * A resource pattern whose stars would make a backtracking matcher explore exponentially many
   * ways to split a long ARN: the answer must come back, and be the right one for each resource.
   */
  @Test
  void simulateCustomPolicy_pathologicalWildcardOnLongArn_answers() throws Exception {
    String policy =
        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
            + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::*a*a*a*a*b\","
            + "\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/team\":\"blue\"}}}}";
    String prefix = "arn:aws:s3:::";
    String unmatched = prefix + "a".repeat(3_000 - prefix.length());
    String matched = prefix + "a".repeat(3_000 - prefix.length() - 1) + "b";
    try (CrossroleServer server = start()) {
      assertThat(server.endpoint()).isNotEmpty();
      AwsCli aws = new AwsCli(data);

      JsonNode r =
          ok(
              aws,
              "iam",
              "simulate-custom-policy",
              "--policy-input-list",
              policy,
              "--action-names",
              "s3:GetObject",
              "--resource-arns",
              unmatched,
              matched,
              "--context-entries",
              "ContextKeyName=aws:PrincipalTag/team,ContextKeyValues=blue,ContextKeyType=string");

      JsonNode each = r.get("EvaluationResults").get(0).get("ResourceSpecificResults");
      assertThat(each.get(0).get("EvalResourceName").asText()).isEqualTo(unmatched);
      assertThat(each.get(0).get("EvalResourceDecision").asText()).isEqualTo("implicitDeny");
      assertThat(each.get(1).get("EvalResourceName").asText()).isEqualTo(matched);
      assertThat(each.get(1).get("EvalResourceDecision").asText()).isEqualTo("allowed");
    }
  }

  @Test
  void simulatePrincipalPolicy_userWithInlinePolicy_decidesEachAction() throws Exception {
    try (CrossroleServer server = start()) {
      assertThat(server.endpoint()).isNotEmpty();
      AwsCli aws = new AwsCli(data);
      ok(aws, "iam", "create-user", "--user-name", "alejandro");
      ok(
          aws,
          "iam",
          "put-user-policy",
          "--user-name",
          "alejandro",
          "--policy-name",
          "Grant-Access-To-CodeCommit-ListRepo",
          "--policy-document",
          "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\n    \"Effect\": \"Allow\",\n"
              + "    \"Action\": \"codecommit:ListRepositories\",\n    \"Resource\": \"*\"\n"
              + "  }\n}");

      JsonNode r =
          ok(
              aws,
              "iam",
              "simulate-principal-policy",
              "--policy-source-arn",
              "arn:aws:iam::" + ACCOUNT + ":user/alejandro",
              "--action-names",
              "codecommit:ListRepositories",
              "codecommit:DeleteRepository");

      JsonNode results = r.get("EvaluationResults");
      assertThat(results.get(0).get("EvalDecision").asText()).isEqualTo("allowed");
      JsonNode statement = results.get(0).get("MatchedStatements").get(0);
      assertThat(statement.get("SourcePolicyId").asText())
          .isEqualTo("Grant-Access-To-CodeCommit-ListRepo");
      assertThat(statement.get("SourcePolicyType").asText()).isEqualTo("user");
      assertThat(statement.get("StartPosition").toString()).isEqualTo("{\"Line\":3,\"Column\":17}");
      assertThat(statement.get("EndPosition").toString()).isEqualTo("{\"Line\":7,\"Column\":4}");
      assertThat(results.get(1).get("EvalDecision").asText()).isEqualTo("implicitDeny");
    }
  }

  @Test
  void tagsOfUsersAndRoles_tagListUntag_roundTrip() throws Exception {
    try (CrossroleServer server = start()) {
      assertThat(server.endpoint()).isNotEmpty();
      AwsCli aws = new AwsCli(data);
      ok(aws, "iam", "create-user", "--user-name", "builder", "--tags", "Key=team,Value=blue");
      ok(
          aws,
          "iam",
          "create-role",
          "--role-name",
          "deployer",
          "--assume-role-policy-document",
          TRUST_ROOT);

      ok(aws, "iam", "tag-user", "--user-name", "builder", "--tags", "Key=env,Value=prod");
      ok(aws, "iam", "tag-role", "--role-name", "deployer", "--tags", "Key=tier,Value=1");
      JsonNode userTags = ok(aws, "iam", "list-user-tags", "--user-name", "builder");
      JsonNode roleTags = ok(aws, "iam", "list-role-tags", "--role-name", "deployer");
      ok(aws, "iam", "untag-user", "--user-name", "builder", "--tag-keys", "TEAM");
      ok(aws, "iam", "untag-role", "--role-name", "deployer", "--tag-keys", "tier");
      JsonNode userAfter = ok(aws, "iam", "get-user", "--user-name", "builder");
      JsonNode roleAfter = ok(aws, "iam", "list-role-tags", "--role-name", "deployer");
      AwsCli.Result duplicate =
          aws.run(
              Map.of(),
              "iam",
              "tag-user",
              "--user-name",
              "builder",
              "--tags",
              "Key=a,Value=1",
              "Key=A,Value=2",
              "--profile",
              "ours");

      assertThat(userTags.get("Tags").toString())
          .isEqualTo(
              "[{\"Key\":\"env\",\"Value\":\"prod\"},{\"Key\":\"team\",\"Value\":\"blue\"}]");
      assertThat(roleTags.get("Tags").toString()).isEqualTo("[{\"Key\":\"tier\",\"Value\":\"1\"}]");
      assertThat(userAfter.get("User").get("Tags").toString())
          .isEqualTo("[{\"Key\":\"env\",\"Value\":\"prod\"}]");
      assertThat(roleAfter.get("Tags").size()).isZero();
      assertThat(duplicate.exitCode()).isNotZero();
      assertThat(duplicate.err())
          .contains("(InvalidInput)")
          .contains("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
    }
  }

  @Test
  void tagUser_policyRequiringRequestTag_onlyThatTagAllowed() throws Exception {
    try (CrossroleServer server = start()) {
      AwsCli aws = new AwsCli(data);
      ok(aws, "iam", "create-user", "--user-name", "tagger");
      ok(aws, "iam", "create-user", "--user-name", "target");
      ok(
          aws,
          "iam",
          "put-user-policy",
          "--user-name",
          "tagger",
          "--policy-name",
          "team-tags-only",
          "--policy-document",
          "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
              + "\"iam:TagUser\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":"
              + "{\"aws:RequestTag/team\":\"blue\"},\"ForAllValues:StringEquals\":"
              + "{\"aws:TagKeys\":[\"team\"]}}}]}");
      JsonNode key = ok(aws, "iam", "create-access-key", "--user-name", "tagger").get("AccessKey");
      Map<String, String> tagger = AwsCli.keys(key);

      AwsCli.Result allowed =
          aws.run(
              tagger,
              "iam",
              "tag-user",
              "--user-name",
              "target",
              "--tags",
              "Key=team,Value=blue",
              "--endpoint-url",
              server.endpoint());
      AwsCli.Result otherValue =
          aws.run(
              tagger,
              "iam",
              "tag-user",
              "--user-name",
              "target",
              "--tags",
              "Key=team,Value=red",
              "--endpoint-url",
              server.endpoint());
      AwsCli.Result extraKey =
          aws.run(
              tagger,
              "iam",
              "tag-user",
              "--user-name",
              "target",
              "--tags",
              "Key=team,Value=blue",
              "Key=env,Value=prod",
              "--endpoint-url",
              server.endpoint());

      assertThat(allowed.exitCode()).as(allowed.err()).isZero();
      assertThat(otherValue.err())
          .contains("(AccessDenied)")
          .contains(
              "is not authorized to perform: iam:TagUser on resource: arn:aws:iam::"
                  + ACCOUNT
                  + ":user/target");
      assertThat(extraKey.err()).contains("(AccessDenied)");
    }
  }

  @Test
  void updateRoleAndUser_changesShowAndKeysFollowRename() throws Exception {
    try (CrossroleServer server = start()) {
      assertThat(server.endpoint()).isNotEmpty();
      AwsCli aws = new AwsCli(data);
      ok(
          aws,
          "iam",
          "create-role",
          "--role-name",
          "deployer",
          "--assume-role-policy-document",
          TRUST_ROOT);
      ok(aws, "iam", "create-user", "--user-name", "old-name");
      String keyId =
          ok(aws, "iam", "create-access-key", "--user-name", "old-name")
              .get("AccessKey")
              .get("AccessKeyId")
              .asText();

      ok(
          aws,
          "iam",
          "update-role",
          "--role-name",
          "deployer",
          "--description",
          "deploys things",
          "--max-session-duration",
          "7200");
      JsonNode described =
          ok(
              aws,
              "iam",
              "update-role-description",
              "--role-name",
              "deployer",
              "--description",
              "deploys more");
      JsonNode role = ok(aws, "iam", "get-role", "--role-name", "deployer").get("Role");
      AwsCli.Result euro =
          aws.run(
              Map.of(),
              "iam",
              "create-role",
              "--role-name",
              "priced",
              "--assume-role-policy-document",
              TRUST_ROOT,
              "--description",
              "costs 5 €",
              "--profile",
              "ours");
      AwsCli.Result tooLong =
          aws.run(
              Map.of(),
              "iam",
              "update-role",
              "--role-name",
              "deployer",
              "--max-session-duration",
              "43201",
              "--profile",
              "ours");
      ok(
          aws,
          "iam",
          "update-user",
          "--user-name",
          "old-name",
          "--new-user-name",
          "new-name",
          "--new-path",
          "/ci/");
      JsonNode renamed = ok(aws, "iam", "get-user", "--user-name", "new-name").get("User");
      JsonNode keys = ok(aws, "iam", "list-access-keys", "--user-name", "new-name");
      ok(aws, "iam", "create-user", "--user-name", "other");
      AwsCli.Result clash =
          aws.run(
              Map.of(),
              "iam",
              "update-user",
              "--user-name",
              "other",
              "--new-user-name",
              "NEW-NAME",
              "--profile",
              "ours");

      assertThat(described.get("Role").get("Description").asText()).isEqualTo("deploys more");
      assertThat(role.get("Description").asText()).isEqualTo("deploys more");
      assertThat(role.get("MaxSessionDuration").asInt()).isEqualTo(7200);
      assertThat(tooLong.exitCode()).isNotZero();
      assertThat(euro.err())
          .contains("(ValidationError)")
          .contains("at 'description' failed to satisfy constraint");
      assertThat(renamed.get("Arn").asText())
          .isEqualTo("arn:aws:iam::" + ACCOUNT + ":user/ci/new-name");
      assertThat(keys.get("AccessKeyMetadata").get(0).get("AccessKeyId").asText()).isEqualTo(keyId);
      assertThat(keys.get("AccessKeyMetadata").get(0).get("UserName").asText())
          .isEqualTo("new-name");
      assertThat(clash.err())
          .contains("(EntityAlreadyExists)")
          .contains("User with name NEW-NAME already exists.");
    }
  }

  @Test
  void lastUsed_keysAndRoles_reportedAndKeptAcrossRestart() throws Exception {
    String userKey;
    JsonNode never;
    JsonNode rootUse;
    try (CrossroleServer server = start("eu-west-1")) {
      AwsCli aws = new AwsCli(data);
      String rootKey = field(Files.readString(data.resolve("credentials")), "aws_access_key_id");
      ok(aws, "iam", "create-user", "--user-name", "assumer");
      ok(
          aws,
          "iam",
          "put-user-policy",
          "--user-name",
          "assumer",
          "--policy-name",
          "assume",
          "--policy-document",
          "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
              + "\"sts:AssumeRole\",\"Resource\":\"*\"}]}");
      ok(
          aws,
          "iam",
          "create-role",
          "--role-name",
          "deployer",
          "--assume-role-policy-document",
          TRUST_ROOT);
      JsonNode key = ok(aws, "iam", "create-access-key", "--user-name", "assumer").get("AccessKey");
      userKey = key.get("AccessKeyId").asText();
      never = ok(aws, "iam", "get-access-key-last-used", "--access-key-id", userKey);
      Map<String, String> assumer =
          Map.of(
              "AWS_ACCESS_KEY_ID",
              userKey,
              "AWS_SECRET_ACCESS_KEY",
              key.get("SecretAccessKey").asText(),
              "AWS_DEFAULT_REGION",
              "eu-west-1");
      AwsCli.Result assumed =
          aws.run(
              assumer,
              "sts",
              "assume-role",
              "--role-arn",
              "arn:aws:iam::" + ACCOUNT + ":role/deployer",
              "--role-session-name",
              "s1",
              "--endpoint-url",
              server.endpoint());
      assertThat(assumed.exitCode()).as(assumed.err()).isZero();
      // Within the minute: kept in memory, written when the server stops. IAM is global: signed
      // for us-east-1 as AWS's own endpoint is, whatever the server's region.
      Map<String, String> globalAssumer = new HashMap<>(assumer);
      globalAssumer.put("AWS_DEFAULT_REGION", "us-east-1");
      aws.run(globalAssumer, "iam", "get-user", "--endpoint-url", server.endpoint());
      rootUse = ok(aws, "iam", "get-access-key-last-used", "--access-key-id", rootKey);
    }
    JsonNode afterRestart;
    JsonNode role;
    try (CrossroleServer server = start("eu-west-1")) {
      assertThat(server.endpoint()).isNotEmpty();
      AwsCli aws = new AwsCli(data);
      afterRestart = ok(aws, "iam", "get-access-key-last-used", "--access-key-id", userKey);
      role = ok(aws, "iam", "get-role", "--role-name", "deployer").get("Role");
    }

    assertThat(never.get("UserName").asText()).isEqualTo("assumer");
    assertThat(never.get("AccessKeyLastUsed").toString())
        .isEqualTo("{\"ServiceName\":\"N/A\",\"Region\":\"N/A\"}");
    assertThat(rootUse.has("UserName")).isFalse();
    assertThat(rootUse.get("AccessKeyLastUsed").get("ServiceName").asText()).isEqualTo("iam");
    assertThat(rootUse.get("AccessKeyLastUsed").get("Region").asText()).isEqualTo("eu-west-1");
    assertThat(rootUse.get("AccessKeyLastUsed").has("LastUsedDate")).isTrue();
    JsonNode used = afterRestart.get("AccessKeyLastUsed");
    assertThat(used.get("ServiceName").asText()).isEqualTo("iam");
    assertThat(used.get("Region").asText()).isEqualTo("us-east-1");
    assertThat(used.has("LastUsedDate")).isTrue();
    assertThat(role.get("RoleLastUsed").get("Region").asText()).isEqualTo("eu-west-1");
    assertThat(role.get("RoleLastUsed").has("LastUsedDate")).isTrue();
  }

  @Test
  void simulateCustomPolicy_boto3_parsesResponseShape() throws Exception {
    try (CrossroleServer server = start()) {
      assertThat(server.endpoint()).isNotEmpty();
      String script =
          "import boto3, json, sys\n"
              + "iam = boto3.Session(profile_name='ours').client('iam')\n"
              + "r = iam.simulate_custom_policy(PolicyInputList=[sys.argv[1]],"
              + " ActionNames=['dynamodb:CreateBackup', 's3:GetObject'],"
              + " ResourceArns=['arn:aws:dynamodb:us-east-1:111111111111:table/t', '*'],"
              + " ContextEntries=[{'ContextKeyName': 'aws:CurrentTime',"
              + " 'ContextKeyValues': ['2019-04-25T11:00:00Z'], 'ContextKeyType': 'date'}])\n"
              + "print(json.dumps({'IsTruncated': r['IsTruncated'],"
              + " 'Results': r['EvaluationResults']}))\n";
      JsonNode r =
          Boto3.run(data, "simulate", Duration.ofSeconds(120), Map.of(), "-c", script, AWS_EXAMPLE);
      JsonNode backup = r.get("Results").get(0);
      assertThat(r.get("IsTruncated").asBoolean()).isFalse();
      assertThat(backup.get("EvalDecision").asText()).isEqualTo("allowed");
      JsonNode perResource = backup.get("ResourceSpecificResults");
      assertThat(perResource.get(0).get("EvalResourceDecision").asText()).isEqualTo("allowed");
      assertThat(
              perResource
                  .get(0)
                  .get("MatchedStatements")
                  .get(0)
                  .get("StartPosition")
                  .get("Column")
                  .asInt())
          .isEqualTo(38);
      assertThat(perResource.get(1).get("EvalResourceName").asText()).isEqualTo("*");
      assertThat(r.get("Results").get(1).get("EvalDecision").asText()).isEqualTo("implicitDeny");
    }
  }

  private static String field(String text, String name) {
    Matcher m = Pattern.compile(name + " = (\\S+)").matcher(text);
    return m.find() ? m.group(1) : null;
  }
}
