package dev.crossrole.cli;

import static dev.crossrole.cli.ControlWorld.policy;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossrole.server.RegistryMode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * {@code crossrole external-id rotate} against a real server, the SDK as the build's client: during
 * the grace both ids are accepted, after it only the new one (the test waits for the clock to pass
 * the printed boundary), and a later rotation removes the ended grace statement.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExternalIdRotateIT {
  private static final String GET_IDENTITY =
      policy("{\"Effect\":\"Allow\",\"Action\":\"iam:ListRoles\",\"Resource\":\"*\"}");

  @TempDir static Path data;
  private ControlWorld world;

  @BeforeAll
  void start() {
    world = ControlWorld.start(data, RegistryMode.parse("off"));
  }

  @AfterAll
  void stop() {
    world.close();
  }

  @Test
  void rotate_withGrace_bothIdsDuringItOnlyTheNewAfterAndALaterRotationCleansUp() throws Exception {
    world.createRole("RotateRole", "old_id", GET_IDENTITY);

    Programs.Result rotate =
        world.operator(
            "external-id",
            "rotate",
            "--role-name",
            "RotateRole",
            "--new",
            "new_id",
            "--grace",
            "10s");
    Instant until = ControlWorld.instantAfter(rotate.out(), "is accepted until ");
    String oldDuring = world.callerArn(world.assume("RotateRole", "old_id"));
    String newDuring = world.callerArn(world.assume("RotateRole", "new_id"));
    Instant checkedAt = Instant.now();
    ControlWorld.awaitClock(until);
    List<String> afterGrace = outcomes("RotateRole", "old_id", "new_id");
    Programs.Result later =
        world.operator(
            "external-id",
            "rotate",
            "--role-name",
            "RotateRole",
            "--new",
            "third_id",
            "--grace",
            "0");
    JsonNode trust = trust("RotateRole");

    assertThat(rotate.exitCode()).as(rotate.err()).isZero();
    assertThat(rotate.out())
        .contains("New ExternalId: new_id\n")
        .contains("must now assume the role with --external-id new_id")
        .contains("The old ExternalId (old_id) is accepted until ");
    assertThat(checkedAt).as("both ids were tried within the grace").isBefore(until);
    assertThat(oldDuring).contains("assumed-role/RotateRole/");
    assertThat(newDuring).contains("assumed-role/RotateRole/");
    assertThat(afterGrace).containsExactly("old_id: AccessDenied", "new_id: allowed");
    assertThat(later.exitCode()).as(later.err()).isZero();
    assertThat(later.out())
        .contains("The old ExternalId (new_id) is no longer accepted.")
        .contains("Removed 1 grace statement(s)");
    assertThat(trust.get("Statement")).hasSize(1);
    assertThat(trust.at("/Statement/0/Condition/StringEquals/sts:ExternalId").asText())
        .isEqualTo("third_id");
    assertThat(outcomes("RotateRole", "new_id", "third_id"))
        .containsExactly("new_id: AccessDenied", "third_id: allowed");
  }

  @Test
  void rotate_graceStatement_isACopyWithTheOldIdUntilTheEnd() {
    world.createRole("ShapeRole", "shape_old", GET_IDENTITY);

    Programs.Result rotate =
        world.operator(
            "external-id",
            "rotate",
            "--role-name",
            "ShapeRole",
            "--new",
            "shape_new",
            "--grace",
            "1h");
    JsonNode trust = trust("ShapeRole");
    Instant until = ControlWorld.instantAfter(rotate.out(), "is accepted until ");

    assertThat(rotate.exitCode()).as(rotate.err()).isZero();
    assertThat(trust.get("Statement")).hasSize(2);
    assertThat(trust.at("/Statement/0/Condition/StringEquals/sts:ExternalId").asText())
        .isEqualTo("shape_new");
    JsonNode grace = trust.at("/Statement/1");
    assertThat(grace.get("Sid").asText()).startsWith("ExternalIdGraceUntil");
    assertThat(grace.at("/Condition/StringEquals/sts:ExternalId").asText()).isEqualTo("shape_old");
    assertThat(grace.at("/Condition/DateLessThan/aws:CurrentTime").asText())
        .isEqualTo(until.toString());
    assertThat(grace.at("/Principal/AWS").asText()).isEqualTo(ControlWorld.BUILDER_ARN);
  }

  @Test
  void rotate_noNewId_aRandomIdThatWorks() {
    world.createRole("RandomRole", "random_old", GET_IDENTITY);

    Programs.Result rotate =
        world.operator("external-id", "rotate", "--role-name", "RandomRole", "--grace", "0");
    String id =
        rotate
            .out()
            .lines()
            .filter(l -> l.startsWith("New ExternalId: "))
            .findFirst()
            .orElseThrow()
            .substring("New ExternalId: ".length());

    assertThat(rotate.exitCode()).as(rotate.err()).isZero();
    assertThat(id).matches("[A-Za-z0-9]{32}");
    assertThat(outcomes("RandomRole", "random_old", id))
        .containsExactly("random_old: AccessDenied", id + ": allowed");
  }

  @Test
  void rotate_refusals_exitCodeAndNothingChanged() {
    world.createRole("PlainRole", "plain_id", GET_IDENTITY);
    world.adminAws(
        "ours",
        "iam",
        "create-role",
        "--role-name",
        "NoIdRole",
        "--assume-role-policy-document",
        policy(
            "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                + ControlWorld.BUILDER_ARN
                + "\"},\"Action\":\"sts:AssumeRole\"}"));

    Programs.Result badId =
        world.operator("external-id", "rotate", "--role-name", "PlainRole", "--new", "bad id!");
    Programs.Result noId = world.operator("external-id", "rotate", "--role-name", "NoIdRole");
    Programs.Result noRole = world.operator("external-id", "rotate", "--role-name", "Nobody");

    assertThat(badId.exitCode()).isEqualTo(5);
    assertThat(badId.err()).contains("invalid ExternalId");
    assertThat(noId.exitCode()).isEqualTo(5);
    assertThat(noId.err()).contains("no statement with an sts:ExternalId condition");
    assertThat(noRole.exitCode()).isEqualTo(1);
    assertThat(noRole.err()).contains("NoSuchEntity");
    assertThat(outcomes("PlainRole", "plain_id")).containsExactly("plain_id: allowed");
  }

  /** Each id's AssumeRole of {@code role} by the SDK: allowed, or the AWS error code. */
  private List<String> outcomes(String role, String... ids) {
    List<String> outcomes = new ArrayList<>();
    for (String id : ids) {
      try {
        world.assume(role, id);
        outcomes.add(id + ": allowed");
      } catch (StsException e) {
        outcomes.add(id + ": " + e.awsErrorDetails().errorCode());
      }
    }
    return outcomes;
  }

  private JsonNode trust(String role) {
    return world
        .adminAws("ours", "iam", "get-role", "--role-name", role)
        .at("/Role/AssumeRolePolicyDocument");
  }
}
