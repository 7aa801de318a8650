package dev.crossrole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crossrole.cli.internal.Version;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The root command and the {@code policy} group: help, version and usage errors. */
class CrossroleCommandTest {

  /** name, arguments, exit code, texts on stdout, texts on stderr (none: stream must be empty). */
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "help_flag_listsPolicyCommandExit0",
            List.of("--help"),
            0,
            List.of("Usage: crossrole", "policy", "--version"),
            List.of()),
        Arguments.of(
            "help_policy_listsEvalAndLint",
            List.of("policy", "--help"),
            0,
            List.of("Usage: crossrole policy", "eval", "lint"),
            List.of()),
        Arguments.of(
            "help_eval_documentsCasesAndExitCodes",
            List.of("policy", "eval", "--help"),
            0,
            List.of("--cases=FILE", "standard input", "Exit codes:"),
            List.of()),
        Arguments.of(
            "help_lint_documentsTypes",
            List.of("policy", "lint", "--help"),
            0,
            List.of("--type=TYPE", "identity, trust, resource", "--json"),
            List.of()),
        Arguments.of(
            "noArguments_usageOnStderrExit2",
            List.of(),
            2,
            List.of(),
            List.of("Missing required subcommand", "Usage: crossrole")),
        Arguments.of(
            "policy_noSubcommand_usageOnStderrExit2",
            List.of("policy"),
            2,
            List.of(),
            List.of("Missing required subcommand", "Usage: crossrole")),
        Arguments.of(
            "unknownCommand_usageErrorExit2",
            List.of("frobnicate"),
            2,
            List.of(),
            List.of("Unmatched argument", "Did you mean: crossrole")),
        Arguments.of(
            "unknownOption_usageErrorExit2",
            List.of("policy", "eval", "--cases", "-", "--fast"),
            2,
            List.of(),
            List.of("Unknown option: '--fast'", "Usage: crossrole policy eval")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void crossrole(String name, List<String> args, int exit, List<String> out, List<String> err) {
    Cli.Result result = Cli.run(args.toArray(String[]::new));

    assertThat(result.exitCode()).as(result.err()).isEqualTo(exit);
    if (out.isEmpty()) {
      assertThat(result.out()).isEmpty();
    } else {
      assertThat(result.out()).contains(out);
    }
    if (err.isEmpty()) {
      assertThat(result.err()).isEmpty();
    } else {
      assertThat(result.err()).contains(err);
    }
  }

  @Test
  void version_flag_printsCrossroleAndProjectVersionExit0() {
    Cli.Result result = Cli.run("--version");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEqualTo("crossrole " + Version.current() + System.lineSeparator());
    assertThat(Version.current()).matches("\\d+\\.\\d+\\.\\d+(-[A-Za-z0-9.]+)?");
  }
}
