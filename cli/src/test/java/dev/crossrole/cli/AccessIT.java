package dev.crossrole.cli;

import static dev.crossrole.cli.ControlWorld.policy;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossrole.server.RegistryMode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crossrole access} on a running server's store (through its admin socket): the seed role's
 * trust and permissions in text and JSON, before and after a change on each side.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessIT {
  private static final String LIST_ROLES =
      policy("{\"Effect\":\"Allow\",\"Action\":\"iam:ListRoles\",\"Resource\":\"*\"}");

  @TempDir static Path data;
  private ControlWorld world;

  @BeforeAll
  void start() {
    world = ControlWorld.start(data, RegistryMode.parse("off"));
    world.createRole("OURTHINGBUILDROLE", "some_key_build", LIST_ROLES);
  }

  @AfterAll
  void stop() {
    world.close();
  }

  @Test
  void access_seedRole_textAndJsonBeforeAndAfterAChange() throws Exception {
    JsonNode before = json("--role-name", "OURTHINGBUILDROLE");
    Programs.Result text = access("--role-name", "OURTHINGBUILDROLE");

    world.operator(
        "revoke-sessions", "--role-name", "OURTHINGBUILDROLE", "--before", "2030-01-01T00:00:00Z");
    world.adminAws(
        "build", "iam", "delete-user-policy", "--user-name", "builder", "--policy-name", "assume");
    JsonNode after = json("--role-name", "OURTHINGBUILDROLE", "--account", "111111111111");
    Programs.Result textAfter = access("--role-name", "OURTHINGBUILDROLE");

    assertThat(before.get("arn").asText())
        .isEqualTo("arn:aws:iam::111111111111:role/OURTHINGBUILDROLE");
    assertThat(before.get("id").asText()).startsWith("AROA");
    JsonNode principal = before.at("/trust/0/principals/0");
    assertThat(principal.get("value").asText()).isEqualTo(ControlWorld.BUILDER_ARN);
    assertThat(principal.get("uniqueId").asText()).startsWith("AIDA");
    assertThat(principal.get("standing").asText()).isEqualTo("exists");
    assertThat(principal.get("crossAccount").asBoolean()).isTrue();
    assertThat(principal.get("identityPolicies").asText()).isEqualTo("allowed");
    assertThat(before.at("/trust/0/conditions/0").toString())
        .isEqualTo(
            "{\"operator\":\"StringEquals\",\"key\":\"sts:ExternalId\","
                + "\"values\":[\"some_key_build\"]}");
    assertThat(before.get("permissions").toString())
        .isEqualTo(
            "[{\"source\":\"inline\",\"policy\":\"build\",\"effect\":\"Allow\","
                + "\"actions\":[\"iam:ListRoles\"],\"resources\":[\"*\"],\"conditions\":[]}]");
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out())
        .contains("Role arn:aws:iam::111111111111:role/OURTHINGBUILDROLE (AROA")
        .contains("Who may assume it (trust policy):\n  Allow sts:AssumeRole\n")
        .contains("    principal AWS " + ControlWorld.BUILDER_ARN + " (AIDA")
        .contains("exists, another account, its own policies: allowed\n")
        .contains("    when StringEquals sts:ExternalId = some_key_build\n")
        .contains("  Allow iam:ListRoles on *  [inline build]\n");

    assertThat(after.at("/trust/0/principals/0/identityPolicies").asText())
        .isEqualTo("implicitDeny");
    assertThat(after.at("/permissions/0/policy").asText()).isEqualTo("AWSRevokeOlderSessions");
    assertThat(after.at("/permissions/0/effect").asText()).isEqualTo("Deny");
    assertThat(textAfter.out())
        .contains("its own policies: implicitDeny\n")
        .contains("  Deny * on *  [inline AWSRevokeOlderSessions]\n")
        .contains("      when DateLessThan aws:TokenIssueTime = 2030-01-01T00:00:00Z\n");
  }

  @Test
  void access_user_itsPoliciesAndNoTrust() throws Exception {
    world.adminAws("build", "iam", "create-user", "--user-name", "reader");
    world.adminAws(
        "build",
        "iam",
        "put-user-policy",
        "--user-name",
        "reader",
        "--policy-name",
        "read",
        "--policy-document",
        policy(
            "{\"Effect\":\"Allow\",\"NotAction\":\"iam:*\",\"NotResource\":\"arn:aws:s3:::x\"}"));

    JsonNode report = json("--user", "reader");

    assertThat(report.get("kind").asText()).isEqualTo("user");
    assertThat(report.get("account").asText()).isEqualTo("222222222222");
    assertThat(report.has("trust")).isFalse();
    assertThat(report.at("/permissions/0/notActions").toString()).isEqualTo("[\"iam:*\"]");
    assertThat(report.at("/permissions/0/notResources").toString())
        .isEqualTo("[\"arn:aws:s3:::x\"]");
  }

  @Test
  void access_noSuchRole_exitOneWithIamsMessage() {
    Programs.Result r = access("--role-name", "Nobody");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("crossrole access: The role with name Nobody cannot be found.\n");
  }

  private Programs.Result access(String... args) {
    return world.operator(
        Programs.prefixed(
            "access",
            Programs.prefixed("--data", Programs.prefixed(world.data().toString(), args))));
  }

  private JsonNode json(String... args) throws Exception {
    Programs.Result r = access(Programs.prefixed("--json", args));
    assertThat(r.exitCode()).as(r.err()).isZero();
    return ControlWorld.JSON.readTree(r.out());
  }
}
