package dev.crossrole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossrole.policy.Finding;
import dev.crossrole.policy.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code crossrole policy lint}: output forms, exit codes and inputs. */
class PolicyLintCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** name, the document on standard input, extra arguments, exit code, whether an error shows. */
  static Stream<Arguments> documents() {
    return Stream.of(
        Arguments.of("lint_validIdentityPolicy_noErrorExit0", SeedCase.ASSUME, List.of(), 0),
        Arguments.of(
            "lint_trustPolicyAsTrust_noErrorExit0", SeedCase.TRUST, List.of("--type", "trust"), 0),
        Arguments.of(
            "lint_trustPolicyAsIdentity_errorExit1",
            SeedCase.TRUST,
            List.of("--type", "identity"),
            1),
        Arguments.of(
            "lint_identityPolicyAsResource_errorExit1",
            SeedCase.ASSUME,
            List.of("--type", "resource"),
            1),
        Arguments.of("lint_unknownElement_errorExit1", SeedCase.MALFORMED, List.of(), 1),
        Arguments.of("lint_notJson_errorExit1", "{\"Version\": ", List.of(), 1),
        Arguments.of("lint_empty_errorExit1", "", List.of(), 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void lint_json(String name, String document, List<String> args, int exit) throws IOException {
    List<String> argv = new ArrayList<>(List.of("policy", "lint", "-", "--json"));
    argv.addAll(args);

    Cli.Result result = Cli.withStdin(document, argv.toArray(String[]::new));

    assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(exit);
    assertThat(result.lines()).hasSize(1);
    JsonNode report = JSON.readTree(result.out());
    assertThat(report.get("file").asText()).isEqualTo("-");
    List<String> severities = new ArrayList<>();
    for (JsonNode f : report.get("findings")) {
      assertThat(f.properties())
          .extracting(e -> e.getKey())
          .containsExactly("severity", "code", "message", "location");
      severities.add(f.get("severity").asText());
    }
    assertThat(severities.contains("error")).isEqualTo(exit == 1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void lint_text(String name, String document, List<String> args, int exit) {
    List<String> argv = new ArrayList<>(List.of("policy", "lint", "-"));
    argv.addAll(args);

    Cli.Result result = Cli.withStdin(document, argv.toArray(String[]::new));

    assertThat(result.exitCode()).isEqualTo(exit);
    assertThat(result.err()).isEmpty();
    List<String> lines = result.lines();
    assertThat(lines.get(lines.size() - 1)).startsWith("-: ");
    assertThat(lines.stream().anyMatch(l -> l.startsWith("ERROR  "))).isEqualTo(exit == 1);
  }

  @Test
  void lint_malformedDocument_namesAwsErrorCode() {
    Cli.Result result = Cli.withStdin(SeedCase.MALFORMED, "policy", "lint", "-");

    assertThat(result.out()).contains("ERROR  MalformedPolicyDocument  ");
  }

  @Test
  void lint_file_namedInReport(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("trust.json");
    Files.writeString(file, SeedCase.TRUST);

    Cli.Result result = Cli.run("policy", "lint", file.toString(), "--type=trust", "--json");

    assertThat(result.exitCode()).isZero();
    assertThat(JSON.readTree(result.out()).get("file").asText()).isEqualTo(file.toString());
  }

  static Stream<Arguments> usageErrors() {
    return Stream.of(
        Arguments.of("lint_missingFile_exit2", List.of("no-such-policy.json"), "no such file"),
        Arguments.of(
            "lint_unknownType_exit2", List.of("-", "--type", "scp"), "expected one of identity"),
        Arguments.of("lint_noFile_exit2", List.of(), "Missing required parameter: 'FILE'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("usageErrors")
  void lint_usageError(String name, List<String> args, String message) {
    List<String> argv = new ArrayList<>(List.of("policy", "lint"));
    argv.addAll(args);

    Cli.Result result = Cli.withStdin(SeedCase.ASSUME, argv.toArray(String[]::new));

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).contains(message);
  }

  static Stream<Arguments> lines() {
    return Stream.of(
        Arguments.of(
            "line_withLocation_severityCodeLocationMessage",
            new Finding(
                Severity.SECURITY_WARNING,
                "missing-external-id",
                "anyone in the account can assume the role",
                "Statement[0].Principal"),
            "SECURITY WARNING  missing-external-id  Statement[0].Principal: anyone in the account"
                + " can assume the role"),
        Arguments.of(
            "line_wholeDocument_noLocation",
            new Finding(Severity.ERROR, "MalformedPolicyDocument", "Syntax errors in policy.", ""),
            "ERROR  MalformedPolicyDocument  Syntax errors in policy."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lines")
  void line(String name, Finding finding, String expected) {
    assertThat(PolicyLintCommand.line(finding)).isEqualTo(expected);
  }

  static Stream<Arguments> summaries() {
    Finding error = new Finding(Severity.ERROR, "E", "e", "");
    Finding warning = new Finding(Severity.WARNING, "W", "w", "");
    return Stream.of(
        Arguments.of("summary_none_noFindings", List.of(), "p.json: no findings"),
        Arguments.of("summary_one_singular", List.of(error), "p.json: 1 finding (1 error)"),
        Arguments.of(
            "summary_several_countedBySeverityWorstFirst",
            List.of(warning, error, warning),
            "p.json: 3 findings (1 error, 2 warnings)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("summaries")
  void summary(String name, List<Finding> findings, String expected) {
    assertThat(PolicyLintCommand.summary("p.json", findings)).isEqualTo(expected);
  }
}
