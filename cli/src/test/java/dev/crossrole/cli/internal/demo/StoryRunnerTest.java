package dev.crossrole.cli.internal.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** The runner: each step's outcome from what its action did, and a stop at the first surprise. */
class StoryRunnerTest {

  /** name, what the action does, the outcome. */
  static Stream<Arguments> actions() {
    return Stream.of(
        Arguments.of(
            "outcome_actionAnswers_done", (Step.Action) () -> "made", new Outcome.Done("made")),
        Arguments.of(
            "outcome_awsRefusal_codeAndMessageWithoutTheEncodedPart",
            (Step.Action)
                () -> {
                  throw refusal(
                      "AccessDenied",
                      "User: u is not authorized Encoded authorization failure message: abc");
                },
            new Outcome.Refused("AccessDenied", "User: u is not authorized")),
        Arguments.of(
            "outcome_registryRefusal_itsCode",
            (Step.Action)
                () -> {
                  throw new StepRefusedException("UNAUTHORIZED", "Unauthorized for r", null);
                },
            new Outcome.Refused("UNAUTHORIZED", "Unauthorized for r")),
        Arguments.of(
            "outcome_wrongAnswer_failed",
            (Step.Action)
                () -> {
                  throw new DemoException("expected the role's session, got a user");
                },
            new Outcome.Failed("expected the role's session, got a user")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("actions")
  void outcome(String name, Step.Action action, Outcome outcome) {
    assertThat(StoryRunner.outcome(Step.succeeds("t", "aws t", action))).isEqualTo(outcome);
  }

  @Test
  void run_everyStepAsExpected_allRunAndNoFailure() {
    List<String> ran = new ArrayList<>();
    List<Section> story =
        List.of(
            new Section("one", List.of(step("a", ran), step("b", ran))),
            new Section("two", List.of(refusedAsExpected("c", ran))));

    Report report = runner().run(story);

    assertThat(ran).containsExactly("a", "b", "c");
    assertThat(report.failure()).isEmpty();
    assertThat(report.results()).hasSize(3);
    assertThat(report.notRun()).isZero();
  }

  @Test
  void run_stepNotAsExpected_stopsThereAndCountsTheStepsLeft() {
    List<String> ran = new ArrayList<>();
    Step surprise =
        Step.refused(
            "guessed ExternalId",
            "aws sts assume-role",
            "AccessDenied",
            () -> {
              ran.add("surprise");
              return "ASIA… for the role";
            });
    List<Section> story =
        List.of(
            new Section("one", List.of(step("a", ran), surprise, step("b", ran))),
            new Section("two", List.of(step("c", ran))));

    Report report = runner().run(story);

    assertThat(ran).containsExactly("a", "surprise");
    assertThat(report.failure()).hasValueSatisfying(r -> assertThat(r.number()).isEqualTo(2));
    assertThat(report.notRun()).isEqualTo(2);
  }

  private static StoryRunner runner() {
    return new StoryRunner(new Renderer(new PrintWriter(new StringWriter()), Style.PLAIN));
  }

  private static Step step(String name, List<String> ran) {
    return Step.succeeds(
        name,
        "aws " + name,
        () -> {
          ran.add(name);
          return name;
        });
  }

  private static Step refusedAsExpected(String name, List<String> ran) {
    return Step.refused(
        name,
        "aws " + name,
        "AccessDenied",
        () -> {
          ran.add(name);
          throw refusal("AccessDenied", "no");
        });
  }

  private static AwsServiceException refusal(String code, String message) {
    return AwsServiceException.builder()
        .statusCode(403)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
        .build();
  }
}
