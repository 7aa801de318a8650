package dev.crossrole.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossrole.core.Account;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.GetAccountAuthorizationDetailsResponse;
import software.amazon.awssdk.services.iam.model.RoleDetail;
import software.amazon.awssdk.services.iam.model.UserDetail;

/**
 * Groups, customer and AWS managed policies, attachments, permissions boundaries and
 * GetAccountAuthorizationDetails with the real AWS CLI (and one call through the AWS SDK for Java
 * v2), each test in its own names on one server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManagedPoliciesCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OURS = "111111111111";
  private static final String BUILD = "222222222222";

  @RegisterExtension
  static final RunningServer server =
      RunningServer.of(new Account("ours", OURS), new Account("build", BUILD));

  private final AwsCli aws = server.aws();

  private static String allow(String... actions) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
        + quoted(actions)
        + ",\"Resource\":\"*\"}]}";
  }

  private static String quoted(String... values) {
    List<String> q = new ArrayList<>();
    for (String v : values) {
      q.add("\"" + v + "\"");
    }
    return "[" + String.join(",", q) + "]";
  }

  private JsonNode ok(String profile, String... args) throws Exception {
    return aws.ok(withProfile(profile, args));
  }

  /** Runs a call that must fail and returns what the CLI printed on stderr. */
  private String fails(String profile, String... args) {
    AwsCli.Result r = aws.run(Map.of(), withProfile(profile, args));
    assertThat(r.exitCode()).as(String.join(" ", args) + " should fail\n" + r.out()).isNotZero();
    return r.err();
  }

  private static String[] withProfile(String profile, String... args) {
    return AwsCli.prefixed("--profile", profile, args);
  }

  private static String policyArn(String account, String pathAndName) {
    return "arn:aws:iam::" + account + ":policy" + pathAndName;
  }

  private AwsCli.Result withKeys(Map<String, String> keys, String... args) {
    return aws.withKeys(keys, server.endpoint(), args);
  }

  @Test
  void assumeRole_policyArns_narrowTheSessionToTheManagedPolicies() throws Exception {
    ok("ours", "iam", "create-user", "--user-name", "pa-user");
    ok(
        "ours",
        "iam",
        "put-user-policy",
        "--user-name",
        "pa-user",
        "--policy-name",
        "assume",
        "--policy-document",
        allow("sts:AssumeRole"));
    Map<String, String> user =
        AwsCli.keys(
            ok("ours", "iam", "create-access-key", "--user-name", "pa-user").get("AccessKey"));
    ok(
        "ours",
        "iam",
        "create-role",
        "--role-name",
        "pa-role",
        "--assume-role-policy-document",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
            + "{\"AWS\":\"arn:aws:iam::111111111111:user/pa-user\"},\"Action\":\"sts:AssumeRole\"}]}");
    ok(
        "ours",
        "iam",
        "put-role-policy",
        "--role-name",
        "pa-role",
        "--policy-name",
        "lists",
        "--policy-document",
        allow("iam:ListUsers", "iam:ListRoles"));
    String onlyUsers =
        ok(
                "ours",
                "iam",
                "create-policy",
                "--policy-name",
                "pa-only-users",
                "--policy-document",
                allow("iam:ListUsers"))
            .get("Policy")
            .get("Arn")
            .asText();
    String role = "arn:aws:iam::111111111111:role/pa-role";

    AwsCli.Result assumed =
        withKeys(
            user,
            "sts",
            "assume-role",
            "--role-arn",
            role,
            "--role-session-name",
            "narrow",
            "--policy-arns",
            "arn=" + onlyUsers);
    assertThat(assumed.exitCode()).as(assumed.err()).isZero();
    JsonNode result = JSON.readTree(assumed.out());
    assertThat(result.get("PackedPolicySize").asInt()).isPositive();
    Map<String, String> session = AwsCli.keys(result.get("Credentials"));

    assertThat(withKeys(session, "iam", "list-users").exitCode()).isZero();
    AwsCli.Result roles = withKeys(session, "iam", "list-roles");
    assertThat(roles.exitCode()).isNotZero();
    assertThat(roles.err())
        .contains("AccessDenied")
        .contains("because no session policy allows the iam:ListRoles action");

    // The session reads the policy's current default version: a new one applies at once.
    ok(
        "ours",
        "iam",
        "create-policy-version",
        "--policy-arn",
        onlyUsers,
        "--set-as-default",
        "--policy-document",
        allow("iam:ListRoles"));
    assertThat(withKeys(session, "iam", "list-roles").exitCode()).isZero();
    assertThat(withKeys(session, "iam", "list-users").exitCode()).isNotZero();

    AwsCli.Result missing =
        withKeys(
            user,
            "sts",
            "assume-role",
            "--role-arn",
            role,
            "--role-session-name",
            "missing",
            "--policy-arns",
            "arn=arn:aws:iam::111111111111:policy/pa-none");
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.err())
        .contains("MalformedPolicyDocument")
        .contains(
            "Policy arn:aws:iam::111111111111:policy/pa-none does not exist or is not attachable.");

    AwsCli.Result aws =
        withKeys(
            user,
            "sts",
            "assume-role",
            "--role-arn",
            role,
            "--role-session-name",
            "aws-managed",
            "--policy-arns",
            "arn=arn:aws:iam::aws:policy/IAMReadOnlyAccess");
    assertThat(aws.exitCode()).as(aws.err()).isZero();
    Map<String, String> readOnly = AwsCli.keys(JSON.readTree(aws.out()).get("Credentials"));
    assertThat(withKeys(readOnly, "iam", "list-roles").exitCode()).isZero();
  }

  @Test
  void groupAndCustomerPolicyWithVersions_lifecycleAsTheCliSeesIt() throws Exception {
    JsonNode group =
        ok("ours", "iam", "create-group", "--group-name", "Builders", "--path", "/ci/")
            .get("Group");
    assertThat(group.get("GroupId").asText()).matches("AGPA[A-Z2-7]{17}");
    assertThat(group.get("Arn").asText()).isEqualTo("arn:aws:iam::111111111111:group/ci/Builders");
    ok("ours", "iam", "create-user", "--user-name", "lc-bob");
    ok("ours", "iam", "add-user-to-group", "--group-name", "builders", "--user-name", "lc-bob");
    assertThat(
            ok(
                    "ours",
                    "iam",
                    "get-group",
                    "--group-name",
                    "Builders",
                    "--query",
                    "Users[].UserName")
                .toString())
        .isEqualTo("[\"lc-bob\"]");
    assertThat(
            ok(
                    "ours",
                    "iam",
                    "list-groups-for-user",
                    "--user-name",
                    "lc-bob",
                    "--query",
                    "Groups[].GroupName")
                .toString())
        .isEqualTo("[\"Builders\"]");

    JsonNode policy =
        ok(
                "ours",
                "iam",
                "create-policy",
                "--policy-name",
                "lc-ecr",
                "--path",
                "/build/",
                "--description",
                "pushes images",
                "--policy-document",
                allow("ecr:PutImage"),
                "--tags",
                "Key=team,Value=build")
            .get("Policy");
    String arn = policyArn(OURS, "/build/lc-ecr");
    assertThat(policy.get("Arn").asText()).isEqualTo(arn);
    assertThat(policy.get("PolicyId").asText()).matches("ANPA[A-Z2-7]{17}");
    assertThat(policy.get("DefaultVersionId").asText()).isEqualTo("v1");
    assertThat(policy.get("Tags").get(0).get("Key").asText()).isEqualTo("team");

    JsonNode v2 =
        ok(
                "ours",
                "iam",
                "create-policy-version",
                "--policy-arn",
                arn,
                "--policy-document",
                allow("ecr:PutImage", "ecr:BatchGetImage"),
                "--set-as-default")
            .get("PolicyVersion");
    assertThat(v2.get("VersionId").asText()).isEqualTo("v2");
    assertThat(v2.get("IsDefaultVersion").asBoolean()).isTrue();
    assertThat(
            ok(
                    "ours",
                    "iam",
                    "list-policy-versions",
                    "--policy-arn",
                    arn,
                    "--query",
                    "Versions[].[VersionId,IsDefaultVersion]")
                .toString())
        .isEqualTo("[[\"v2\",true],[\"v1\",false]]");
    JsonNode v1 =
        ok("ours", "iam", "get-policy-version", "--policy-arn", arn, "--version-id", "v1")
            .get("PolicyVersion");
    assertThat(v1.get("Document").get("Statement").get(0).get("Action").toString())
        .isEqualTo("[\"ecr:PutImage\"]");

    ok("ours", "iam", "attach-group-policy", "--group-name", "Builders", "--policy-arn", arn);
    JsonNode got = ok("ours", "iam", "get-policy", "--policy-arn", arn).get("Policy");
    assertThat(got.get("AttachmentCount").asInt()).isEqualTo(1);
    assertThat(got.get("DefaultVersionId").asText()).isEqualTo("v2");
    assertThat(
            ok(
                    "ours",
                    "iam",
                    "list-entities-for-policy",
                    "--policy-arn",
                    arn,
                    "--query",
                    "PolicyGroups[].GroupName")
                .toString())
        .isEqualTo("[\"Builders\"]");
    assertThat(
            ok(
                    "ours",
                    "iam",
                    "list-attached-group-policies",
                    "--group-name",
                    "Builders",
                    "--path-prefix",
                    "/build/")
                .get("AttachedPolicies")
                .get(0)
                .get("PolicyName")
                .asText())
        .isEqualTo("lc-ecr");

    // DeleteConflict, in the order IAM checks.
    assertThat(fails("ours", "iam", "delete-policy", "--policy-arn", arn))
        .contains("(DeleteConflict)", "Cannot delete a policy attached to entities.");
    assertThat(fails("ours", "iam", "delete-group", "--group-name", "Builders"))
        .contains("(DeleteConflict)", "must remove users from group first.");
    assertThat(fails("ours", "iam", "delete-user", "--user-name", "lc-bob"))
        .contains("(DeleteConflict)", "must remove users from group first.");
    assertThat(
            fails(
                "ours", "iam", "delete-policy-version", "--policy-arn", arn, "--version-id", "v2"))
        .contains("(DeleteConflict)", "Cannot delete the default version of a policy.");
    ok(
        "ours",
        "iam",
        "remove-user-from-group",
        "--group-name",
        "Builders",
        "--user-name",
        "lc-bob");
    assertThat(fails("ours", "iam", "delete-group", "--group-name", "Builders"))
        .contains("(DeleteConflict)", "must detach all policies first.");
    ok("ours", "iam", "detach-group-policy", "--group-name", "Builders", "--policy-arn", arn);
    assertThat(fails("ours", "iam", "delete-policy", "--policy-arn", arn))
        .contains("(DeleteConflict)", "This policy has more than one version.");
    ok("ours", "iam", "delete-policy-version", "--policy-arn", arn, "--version-id", "v1");
    ok("ours", "iam", "delete-policy", "--policy-arn", arn);
    ok("ours", "iam", "delete-group", "--group-name", "Builders");
    ok("ours", "iam", "delete-user", "--user-name", "lc-bob");

    assertThat(fails("ours", "iam", "get-policy", "--policy-arn", arn))
        .contains("(NoSuchEntity)", "Policy " + arn + " was not found.");
    assertThat(fails("ours", "iam", "get-group", "--group-name", "Builders"))
        .contains("(NoSuchEntity)", "The group with name Builders cannot be found.");
  }

  @Test
  void limits_versionsAttachmentsAndGroups_areRefusedWithLimitExceeded() throws Exception {
    String arn = policyArn(OURS, "/lim-p0");
    ok(
        "ours",
        "iam",
        "create-policy",
        "--policy-name",
        "lim-p0",
        "--policy-document",
        allow("s3:Get*"));
    for (int i = 2; i <= 5; i++) {
      ok(
          "ours",
          "iam",
          "create-policy-version",
          "--policy-arn",
          arn,
          "--policy-document",
          allow("s3:Get*"));
    }
    assertThat(
            fails(
                "ours",
                "iam",
                "create-policy-version",
                "--policy-arn",
                arn,
                "--policy-document",
                allow("s3:Get*")))
        .contains("(LimitExceeded)", "A managed policy can have up to 5 versions.");

    ok("ours", "iam", "create-user", "--user-name", "lim-user");
    for (int i = 1; i <= 10; i++) {
      ok(
          "ours",
          "iam",
          "create-policy",
          "--policy-name",
          "lim-p" + i,
          "--policy-document",
          allow("s3:Get*"));
      ok(
          "ours",
          "iam",
          "attach-user-policy",
          "--user-name",
          "lim-user",
          "--policy-arn",
          policyArn(OURS, "/lim-p" + i));
    }
    assertThat(
            fails(
                "ours",
                "iam",
                "attach-user-policy",
                "--user-name",
                "lim-user",
                "--policy-arn",
                arn))
        .contains("(LimitExceeded)", "Cannot exceed quota for PoliciesPerUser: 10");

    for (int i = 1; i <= 11; i++) {
      ok("ours", "iam", "create-group", "--group-name", "lim-g" + i);
      if (i <= 10) {
        ok(
            "ours",
            "iam",
            "add-user-to-group",
            "--group-name",
            "lim-g" + i,
            "--user-name",
            "lim-user");
      }
    }
    assertThat(
            fails(
                "ours",
                "iam",
                "add-user-to-group",
                "--group-name",
                "lim-g11",
                "--user-name",
                "lim-user"))
        .contains("(LimitExceeded)", "Cannot exceed quota for GroupsPerUser: 10");

    // A document over a customer managed policy's 6,144 characters.
    String big = allow("s3:" + "A".repeat(6200));
    assertThat(
            fails(
                "ours",
                "iam",
                "create-policy",
                "--policy-name",
                "lim-big",
                "--policy-document",
                big))
        .contains("(LimitExceeded)", "Cannot exceed quota for PolicySize: 6144");
    assertThat(
            fails(
                "ours",
                "iam",
                "create-policy",
                "--policy-name",
                "lim-bad",
                "--policy-document",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\"}]}"))
        .contains("(MalformedPolicyDocument)");
  }

  @Test
  void noSuchEntity_missingPolicyOrEntity() {
    assertThat(
            fails(
                "ours",
                "iam",
                "attach-role-policy",
                "--role-name",
                "nsr-nobody",
                "--policy-arn",
                "arn:aws:iam::aws:policy/ReadOnlyAccess"))
        .contains("(NoSuchEntity)", "The role with name nsr-nobody cannot be found.");
    assertThat(
            aws.run(Map.of(), "--profile", "ours", "iam", "create-user", "--user-name", "nse-user")
                .exitCode())
        .isZero();
    assertThat(
            fails(
                "ours",
                "iam",
                "attach-user-policy",
                "--user-name",
                "nse-user",
                "--policy-arn",
                policyArn(OURS, "/nse-missing")))
        .contains(
            "(NoSuchEntity)",
            "Policy arn:aws:iam::111111111111:policy/nse-missing does not exist or is not attachable.");
    assertThat(
            fails(
                "ours",
                "iam",
                "detach-user-policy",
                "--user-name",
                "nse-user",
                "--policy-arn",
                "arn:aws:iam::aws:policy/ReadOnlyAccess"))
        .contains("(NoSuchEntity)");
    assertThat(
            fails(
                "ours",
                "iam",
                "put-user-permissions-boundary",
                "--user-name",
                "nse-user",
                "--permissions-boundary",
                policyArn(OURS, "/nse-missing")))
        .contains("(NoSuchEntity)", "does not exist or is not attachable.");
    assertThat(
            fails(
                "ours",
                "iam",
                "get-policy",
                "--policy-arn",
                "arn:aws:iam::aws:policy/AmazonS3FullAccess"))
        .contains("(NoSuchEntity)");
  }

  @Test
  void awsManagedPolicies_areVisibleAttachableAndReadOnly() throws Exception {
    String readOnly = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    JsonNode p = ok("ours", "iam", "get-policy", "--policy-arn", readOnly).get("Policy");
    assertThat(p.get("PolicyName").asText()).isEqualTo("ReadOnlyAccess");
    assertThat(p.get("DefaultVersionId").asText()).isEqualTo("v188");
    assertThat(p.get("IsAttachable").asBoolean()).isTrue();
    JsonNode doc =
        ok("ours", "iam", "get-policy-version", "--policy-arn", readOnly, "--version-id", "v188")
            .get("PolicyVersion")
            .get("Document");
    assertThat(doc.get("Statement").get(0).get("Sid").asText()).isEqualTo("ReadOnlyActionsGroup1");
    assertThat(doc.toString()).contains("\"ecr:BatchGet*\"");

    JsonNode names =
        ok("ours", "iam", "list-policies", "--scope", "AWS", "--query", "Policies[].PolicyName");
    assertThat(names.toString())
        .isEqualTo(
            "[\"AdministratorAccess\",\"AmazonEC2ContainerRegistryFullAccess\","
                + "\"AmazonEC2ContainerRegistryPowerUser\",\"AmazonEC2ContainerRegistryReadOnly\","
                + "\"IAMReadOnlyAccess\",\"PowerUserAccess\",\"ReadOnlyAccess\"]");

    assertThat(fails("ours", "iam", "delete-policy", "--policy-arn", readOnly))
        .contains(
            "(AccessDenied)",
            "is not authorized to perform: iam:DeletePolicy on resource: policy " + readOnly);
    assertThat(
            fails(
                "ours",
                "iam",
                "create-policy-version",
                "--policy-arn",
                readOnly,
                "--policy-document",
                allow("*")))
        .contains("(AccessDenied)", "iam:CreatePolicyVersion");
    assertThat(
            fails(
                "ours",
                "iam",
                "set-default-policy-version",
                "--policy-arn",
                readOnly,
                "--version-id",
                "v1"))
        .contains("(AccessDenied)");
  }

  /**
   * The seed story with managed policies: the BUILD account's user may assume our role through a
   * customer managed policy attached to it, and the role's permissions come first from a customer
   * managed policy, then from an AWS managed one; a permissions boundary then denies what the
   * attached policy allows.
   */
  @Test
  void seedRole_permissionsFromAttachedManagedPolicies_andABoundaryThatNarrowsThem()
      throws Exception {
    String role = "SEEDMANAGEDROLE";
    String roleArn = "arn:aws:iam::" + OURS + ":role/" + role;
    String trust =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
            + "\"arn:aws:iam::222222222222:user/seed-builder\"},\"Action\":\"sts:AssumeRole\","
            + "\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"some_key_build\"}}}]}";
    // The user first: a trust policy may name only users that exist, as in IAM.
    ok("build", "iam", "create-user", "--user-name", "seed-builder");
    ok("ours", "iam", "create-role", "--role-name", role, "--assume-role-policy-document", trust);
    ok(
        "ours",
        "iam",
        "create-policy",
        "--policy-name",
        "seed-list-roles",
        "--policy-document",
        allow("iam:ListRoles", "iam:GetRole"));
    String listRoles = policyArn(OURS, "/seed-list-roles");
    ok("ours", "iam", "attach-role-policy", "--role-name", role, "--policy-arn", listRoles);

    ok(
        "build",
        "iam",
        "create-policy",
        "--policy-name",
        "seed-assume",
        "--policy-document",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\","
            + "\"Resource\":\""
            + roleArn
            + "\"}]}");
    Map<String, String> builder = new HashMap<>();
    JsonNode key =
        ok("build", "iam", "create-access-key", "--user-name", "seed-builder").get("AccessKey");
    builder.put("AWS_ACCESS_KEY_ID", key.get("AccessKeyId").asText());
    builder.put("AWS_SECRET_ACCESS_KEY", key.get("SecretAccessKey").asText());
    builder.put("AWS_DEFAULT_REGION", "us-east-1");
    String[] assume = {
      "--endpoint-url",
      server.endpoint(),
      "sts",
      "assume-role",
      "--role-arn",
      roleArn,
      "--role-session-name",
      "build-7",
      "--external-id",
      "some_key_build"
    };
    AwsCli.Result refused = aws.run(builder, assume);
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.err())
        .contains("(AccessDenied)", "because no identity-based policy allows the sts:AssumeRole");

    ok(
        "build",
        "iam",
        "attach-user-policy",
        "--user-name",
        "seed-builder",
        "--policy-arn",
        policyArn(BUILD, "/seed-assume"));
    AwsCli.Result assumed = aws.run(builder, assume);
    assertThat(assumed.exitCode()).as(assumed.err()).isZero();
    JsonNode credentials = JSON.readTree(assumed.out()).get("Credentials");
    Map<String, String> session = new HashMap<>();
    session.put("AWS_ACCESS_KEY_ID", credentials.get("AccessKeyId").asText());
    session.put("AWS_SECRET_ACCESS_KEY", credentials.get("SecretAccessKey").asText());
    session.put("AWS_SESSION_TOKEN", credentials.get("SessionToken").asText());
    session.put("AWS_DEFAULT_REGION", "us-east-1");
    String[] listTheRoles = {"--endpoint-url", server.endpoint(), "iam", "list-roles"};
    String[] getTheRole = {
      "--endpoint-url", server.endpoint(), "iam", "get-role", "--role-name", role
    };

    assertThat(aws.run(session, listTheRoles).exitCode()).isZero();

    // The role's permissions follow its attachments at each request.
    ok("ours", "iam", "detach-role-policy", "--role-name", role, "--policy-arn", listRoles);
    AwsCli.Result detached = aws.run(session, listTheRoles);
    assertThat(detached.exitCode()).isNotZero();
    assertThat(detached.err()).contains("(AccessDenied)");
    ok(
        "ours",
        "iam",
        "attach-role-policy",
        "--role-name",
        role,
        "--policy-arn",
        "arn:aws:iam::aws:policy/IAMReadOnlyAccess");
    AwsCli.Result viaAwsManaged = aws.run(session, listTheRoles);
    assertThat(viaAwsManaged.exitCode()).as(viaAwsManaged.err()).isZero();
    assertThat(JSON.readTree(viaAwsManaged.out()).get("Roles").toString()).contains(role);

    // A boundary that allows only GetRole denies the ListRoles the attached policy allows.
    ok(
        "ours",
        "iam",
        "create-policy",
        "--policy-name",
        "seed-boundary",
        "--policy-document",
        allow("iam:GetRole"));
    ok(
        "ours",
        "iam",
        "put-role-permissions-boundary",
        "--role-name",
        role,
        "--permissions-boundary",
        policyArn(OURS, "/seed-boundary"));
    AwsCli.Result bounded = aws.run(session, listTheRoles);
    assertThat(bounded.exitCode()).isNotZero();
    assertThat(bounded.err())
        .contains(
            "(AccessDenied)",
            "iam:ListRoles",
            "because no permissions boundary allows the iam:ListRoles action");
    AwsCli.Result stillAllowed = aws.run(session, getTheRole);
    assertThat(stillAllowed.exitCode()).as(stillAllowed.err()).isZero();
    JsonNode shown = JSON.readTree(stillAllowed.out()).get("Role");
    assertThat(shown.get("PermissionsBoundary").get("PermissionsBoundaryArn").asText())
        .isEqualTo(policyArn(OURS, "/seed-boundary"));
    assertThat(shown.get("PermissionsBoundary").get("PermissionsBoundaryType").asText())
        .isEqualTo("PermissionsBoundaryPolicy");
    assertThat(
            ok("ours", "iam", "get-policy", "--policy-arn", policyArn(OURS, "/seed-boundary"))
                .get("Policy")
                .get("PermissionsBoundaryUsageCount")
                .asInt())
        .isEqualTo(1);
    assertThat(
            fails(
                "ours", "iam", "delete-policy", "--policy-arn", policyArn(OURS, "/seed-boundary")))
        .contains("(DeleteConflict)");

    ok("ours", "iam", "delete-role-permissions-boundary", "--role-name", role);
    assertThat(aws.run(session, listTheRoles).exitCode()).isZero();
    assertThat(fails("ours", "iam", "delete-role", "--role-name", role))
        .contains("(DeleteConflict)", "Cannot delete entity, must detach all policies first.");
  }

  @Test
  void createUserAndRole_withPermissionsBoundary_showItInGetAndList() throws Exception {
    String boundary = "arn:aws:iam::aws:policy/PowerUserAccess";
    JsonNode user =
        ok(
                "ours",
                "iam",
                "create-user",
                "--user-name",
                "pb-user",
                "--permissions-boundary",
                boundary)
            .get("User");
    assertThat(user.get("PermissionsBoundary").get("PermissionsBoundaryArn").asText())
        .isEqualTo(boundary);
    ok(
        "ours",
        "iam",
        "create-role",
        "--role-name",
        "pb-role",
        "--assume-role-policy-document",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
            + "\"arn:aws:iam::111111111111:root\"},\"Action\":\"sts:AssumeRole\"}]}",
        "--permissions-boundary",
        boundary);
    assertThat(
            ok("ours", "iam", "get-user", "--user-name", "pb-user")
                .get("User")
                .get("PermissionsBoundary")
                .get("PermissionsBoundaryArn")
                .asText())
        .isEqualTo(boundary);
    assertThat(
            ok(
                    "ours",
                    "iam",
                    "list-roles",
                    "--query",
                    "Roles[?RoleName=='pb-role'].PermissionsBoundary.PermissionsBoundaryArn")
                .toString())
        .isEqualTo("[\"" + boundary + "\"]");
    assertThat(
            ok(
                    "ours",
                    "iam",
                    "list-users",
                    "--query",
                    "Users[?UserName=='pb-user'].PermissionsBoundary.PermissionsBoundaryArn")
                .toString())
        .isEqualTo("[\"" + boundary + "\"]");
    assertThat(
            ok(
                    "ours",
                    "iam",
                    "list-entities-for-policy",
                    "--policy-arn",
                    boundary,
                    "--policy-usage-filter",
                    "PermissionsBoundary")
                .toString())
        .contains("pb-user", "pb-role");
    assertThat(
            fails(
                "ours",
                "iam",
                "create-user",
                "--user-name",
                "pb-other",
                "--permissions-boundary",
                "arn:aws:iam::111111111111:policy/pb-none"))
        .contains("(NoSuchEntity)");
    ok("ours", "iam", "delete-user-permissions-boundary", "--user-name", "pb-user");
    assertThat(
            ok("ours", "iam", "get-user", "--user-name", "pb-user")
                .get("User")
                .has("PermissionsBoundary"))
        .isFalse();
  }

  /** The BUILD account alone, so that the answer holds exactly what this test made. */
  @Test
  void getAccountAuthorizationDetails_parsedByTheCliAndTheJavaSdk() throws Exception {
    ok("build", "iam", "create-group", "--group-name", "gaad-devs");
    ok(
        "build",
        "iam",
        "put-group-policy",
        "--group-name",
        "gaad-devs",
        "--policy-name",
        "read",
        "--policy-document",
        allow("s3:GetObject"));
    ok("build", "iam", "create-user", "--user-name", "gaad-alice", "--tags", "Key=team,Value=dev");
    ok(
        "build",
        "iam",
        "add-user-to-group",
        "--group-name",
        "gaad-devs",
        "--user-name",
        "gaad-alice");
    ok(
        "build",
        "iam",
        "put-user-policy",
        "--user-name",
        "gaad-alice",
        "--policy-name",
        "own",
        "--policy-document",
        allow("s3:PutObject"));
    ok(
        "build",
        "iam",
        "create-policy",
        "--policy-name",
        "gaad-local",
        "--policy-document",
        allow("ecr:Get*"));
    String local = policyArn(BUILD, "/gaad-local");
    ok(
        "build",
        "iam",
        "create-policy-version",
        "--policy-arn",
        local,
        "--policy-document",
        allow("ecr:*"));
    ok("build", "iam", "attach-user-policy", "--user-name", "gaad-alice", "--policy-arn", local);
    ok(
        "build",
        "iam",
        "put-user-permissions-boundary",
        "--user-name",
        "gaad-alice",
        "--permissions-boundary",
        "arn:aws:iam::aws:policy/PowerUserAccess");
    ok(
        "build",
        "iam",
        "create-role",
        "--role-name",
        "gaad-role",
        "--assume-role-policy-document",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
            + "\"arn:aws:iam::222222222222:root\"},\"Action\":\"sts:AssumeRole\"}]}");
    ok(
        "build",
        "iam",
        "attach-role-policy",
        "--role-name",
        "gaad-role",
        "--policy-arn",
        "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly");
    ok(
        "build",
        "iam",
        "put-role-policy",
        "--role-name",
        "gaad-role",
        "--policy-name",
        "inline",
        "--policy-document",
        allow("ecr:DescribeImages"));

    // The CLI pages through with one entity per request and merges the pages.
    JsonNode d = ok("build", "iam", "get-account-authorization-details", "--page-size", "1");
    JsonNode alice = only(d.get("UserDetailList"), "UserName", "gaad-alice");
    assertThat(alice.get("GroupList").toString()).isEqualTo("[\"gaad-devs\"]");
    assertThat(alice.get("UserPolicyList").get(0).get("PolicyName").asText()).isEqualTo("own");
    assertThat(
            alice
                .get("UserPolicyList")
                .get(0)
                .get("PolicyDocument")
                .get("Statement")
                .get(0)
                .get("Action")
                .toString())
        .isEqualTo("[\"s3:PutObject\"]");
    assertThat(alice.get("AttachedManagedPolicies").toString())
        .isEqualTo("[{\"PolicyName\":\"gaad-local\",\"PolicyArn\":\"" + local + "\"}]");
    assertThat(alice.get("PermissionsBoundary").get("PermissionsBoundaryArn").asText())
        .isEqualTo("arn:aws:iam::aws:policy/PowerUserAccess");
    assertThat(alice.get("Tags").get(0).get("Value").asText()).isEqualTo("dev");

    JsonNode devs = only(d.get("GroupDetailList"), "GroupName", "gaad-devs");
    assertThat(devs.get("GroupPolicyList").get(0).get("PolicyName").asText()).isEqualTo("read");
    assertThat(devs.get("AttachedManagedPolicies").size()).isZero();

    JsonNode role = only(d.get("RoleDetailList"), "RoleName", "gaad-role");
    assertThat(role.get("AssumeRolePolicyDocument").get("Statement").get(0).get("Action").asText())
        .isEqualTo("sts:AssumeRole");
    assertThat(role.get("InstanceProfileList").size()).isZero();
    assertThat(role.get("RolePolicyList").get(0).get("PolicyName").asText()).isEqualTo("inline");
    assertThat(role.get("AttachedManagedPolicies").get(0).get("PolicyName").asText())
        .isEqualTo("AmazonEC2ContainerRegistryReadOnly");

    JsonNode localDetail = only(d.get("Policies"), "PolicyName", "gaad-local");
    assertThat(localDetail.get("AttachmentCount").asInt()).isEqualTo(1);
    assertThat(localDetail.get("DefaultVersionId").asText()).isEqualTo("v1");
    assertThat(localDetail.get("PolicyVersionList").size()).isEqualTo(2);
    assertThat(
            localDetail
                .get("PolicyVersionList")
                .get(1)
                .get("Document")
                .get("Statement")
                .get(0)
                .get("Action")
                .toString())
        .isEqualTo("[\"ecr:Get*\"]");
    JsonNode ecr = only(d.get("Policies"), "PolicyName", "AmazonEC2ContainerRegistryReadOnly");
    assertThat(ecr.get("Arn").asText())
        .isEqualTo("arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly");
    assertThat(
            only(d.get("Policies"), "PolicyName", "PowerUserAccess")
                .get("PermissionsBoundaryUsageCount")
                .asInt())
        .isEqualTo(1);
    assertThat(d.get("Policies").toString()).doesNotContain("\"AdministratorAccess\"");

    for (String[] use :
        new String[][] {
          {"PermissionsBoundary", "[\"PowerUserAccess\"]"},
          {"PermissionsPolicy", "[\"AmazonEC2ContainerRegistryReadOnly\"]"},
          {"", "[\"AmazonEC2ContainerRegistryReadOnly\",\"PowerUserAccess\"]"}
        }) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "iam",
                  "list-policies",
                  "--scope",
                  "AWS",
                  "--only-attached",
                  "--query",
                  "Policies[].PolicyName"));
      if (!use[0].isEmpty()) {
        args.addAll(List.of("--policy-usage-filter", use[0]));
      }
      assertThat(ok("build", args.toArray(String[]::new)).toString()).as(use[0]).isEqualTo(use[1]);
    }

    JsonNode onlyRoles =
        ok("build", "iam", "get-account-authorization-details", "--filter", "Role");
    assertThat(onlyRoles.get("UserDetailList").size()).isZero();
    assertThat(onlyRoles.get("Policies").size()).isZero();
    assertThat(onlyRoles.get("RoleDetailList").size()).isEqualTo(d.get("RoleDetailList").size());

    // The same answer through the AWS SDK for Java v2's own unmarshaller.
    try (IamClient iam =
        SeedSdk.iam(server.endpoint(), SeedSdk.profileKeys(server.data(), "build"))) {
      GetAccountAuthorizationDetailsResponse r =
          iam.getAccountAuthorizationDetails(
              b -> b.filter(EntityType.USER, EntityType.ROLE, EntityType.LOCAL_MANAGED_POLICY));
      UserDetail sdkAlice =
          r.userDetailList().stream()
              .filter(u -> u.userName().equals("gaad-alice"))
              .findFirst()
              .orElseThrow();
      assertThat(sdkAlice.groupList()).containsExactly("gaad-devs");
      assertThat(sdkAlice.attachedManagedPolicies().get(0).policyArn()).isEqualTo(local);
      assertThat(sdkAlice.permissionsBoundary().permissionsBoundaryArn())
          .isEqualTo("arn:aws:iam::aws:policy/PowerUserAccess");
      assertThat(sdkAlice.userPolicyList().get(0).policyDocument()).contains("s3%3APutObject");
      RoleDetail sdkRole =
          r.roleDetailList().stream()
              .filter(x -> x.roleName().equals("gaad-role"))
              .findFirst()
              .orElseThrow();
      assertThat(sdkRole.instanceProfileList()).isEmpty();
      assertThat(sdkRole.rolePolicyList().get(0).policyName()).isEqualTo("inline");
      assertThat(r.groupDetailList()).isEmpty();
      assertThat(r.policies())
          .anySatisfy(
              p -> {
                assertThat(p.policyName()).isEqualTo("gaad-local");
                assertThat(p.policyVersionList()).hasSize(2);
                assertThat(p.policyVersionList().get(0).isDefaultVersion()).isFalse();
              });
      assertThat(r.isTruncated()).isFalse();
    }
  }

  private static JsonNode only(JsonNode list, String field, String value) {
    for (JsonNode n : list) {
      if (n.get(field).asText().equals(value)) {
        return n;
      }
    }
    throw new AssertionError("no " + field + "=" + value + " in " + list);
  }
}
