package dev.crossrole.cli.internal.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The words and marks of a step's result, in colour on a terminal and plain otherwise. */
class RendererTest {
  private static final Expectation SUCCEEDS = Expectation.succeeds();
  private static final Expectation ACCESS_DENIED = Expectation.refused("AccessDenied");

  /** name, expectation, outcome, the words, whether that is as expected. */
  static Stream<Arguments> results() {
    return Stream.of(
        Arguments.of(
            "describe_succeededAsExpected_theDetail",
            SUCCEEDS,
            new Outcome.Done("arn:aws:iam::222222222222:user/builder"),
            "arn:aws:iam::222222222222:user/builder",
            true),
        Arguments.of(
            "describe_refusedAsExpected_saysSoWithTheCode",
            ACCESS_DENIED,
            new Outcome.Refused("AccessDenied", "User: u is not authorized"),
            "refused, as expected: AccessDenied: User: u is not authorized",
            true),
        Arguments.of(
            "describe_refusedWithAnotherCode_namesBoth",
            ACCESS_DENIED,
            new Outcome.Refused("InvalidClientTokenId", "unknown key"),
            "expected AccessDenied, refused with InvalidClientTokenId: unknown key",
            false),
        Arguments.of(
            "describe_refusedInsteadOfSucceeding_theCode",
            SUCCEEDS,
            new Outcome.Refused("AccessDenied", ""),
            "refused: AccessDenied",
            false),
        Arguments.of(
            "describe_succeededInsteadOfRefused_theExpectedCode",
            ACCESS_DENIED,
            new Outcome.Done("ASIA… for the role"),
            "expected AccessDenied, but it succeeded: ASIA… for the role",
            false),
        Arguments.of(
            "describe_failed_saysWhy",
            SUCCEEDS,
            new Outcome.Failed("the endpoint did not answer"),
            "failed: the endpoint did not answer",
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("results")
  void describe(
      String name, Expectation expected, Outcome outcome, String words, boolean asExpected) {
    StepResult result = new StepResult(1, new Step("t", "aws t", () -> "", expected), outcome);

    assertThat(Renderer.describe(result)).isEqualTo(words);
    assertThat(result.asExpected()).isEqualTo(asExpected);
  }

  /** name, a console, NO_COLOR, the style. */
  static Stream<Arguments> terminals() {
    return Stream.of(
        Arguments.of("forTerminal_console_ansi", true, null, Style.ANSI),
        Arguments.of("forTerminal_consoleEmptyNoColor_ansi", true, "", Style.ANSI),
        Arguments.of("forTerminal_consoleNoColorSet_plain", true, "1", Style.PLAIN),
        Arguments.of("forTerminal_noConsole_plain", false, null, Style.PLAIN));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("terminals")
  void forTerminal(String name, boolean console, String noColor, Style style) {
    assertThat(Style.forTerminal(console, noColor)).isEqualTo(style);
  }

  /** name, style, the result lines printed for one step as expected and one not. */
  static Stream<Arguments> styles() {
    return Stream.of(
        Arguments.of(
            "result_ansi_marksInGreenAndRed",
            Style.ANSI,
            "    \u001b[32m✓\u001b[0m done\n    \u001b[31m✗\u001b[0m failed: broken\n"),
        Arguments.of("result_plain_noEscapes", Style.PLAIN, "    ✓ done\n    ✗ failed: broken\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("styles")
  void result(String name, Style style, String printed) {
    StringWriter out = new StringWriter();
    Renderer renderer = new Renderer(new PrintWriter(out), style);
    Step step = Step.succeeds("t", "aws t", () -> "");

    renderer.result(new StepResult(1, step, new Outcome.Done("done")));
    renderer.result(new StepResult(2, step, new Outcome.Failed("broken")));

    assertThat(out.toString()).isEqualTo(printed.replace("\n", System.lineSeparator()));
  }
}
