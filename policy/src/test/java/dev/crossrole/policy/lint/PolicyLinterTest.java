package dev.crossrole.policy.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossrole.policy.Finding;
import dev.crossrole.policy.Grammar;
import dev.crossrole.policy.PolicyLinter;
import dev.crossrole.policy.PolicyValidationException;
import dev.crossrole.policy.Severity;
import dev.crossrole.policy.internal.lint.Check;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table of lint cases in {@code lint/cases.json}: each names a document, the grammar it is
 * linted under, and the findings (code, severity, location, part of the message) that must come
 * back; {@code "only": true} cases must produce exactly those findings and nothing else, which is
 * how the negative cases say "no findings".
 */
class PolicyLinterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> AWS_CODES =
      Arrays.stream(PolicyValidationException.Problem.values())
          .map(PolicyValidationException.Problem::awsCode)
          .collect(Collectors.toSet());

  /** One expected finding; absent location or message parts are not checked. */
  record Expected(String code, String severity, String location, String messageContains) {
    static Expected of(JsonNode n) {
      return new Expected(
          n.get("code").asText(),
          n.get("severity").asText(),
          n.hasNonNull("location") ? n.get("location").asText() : null,
          n.hasNonNull("messageContains") ? n.get("messageContains").asText() : null);
    }

    boolean matches(Finding f) {
      return f.code().equals(code)
          && f.severity().text().equals(severity)
          && (location == null || f.location().equals(location))
          && (messageContains == null || f.message().contains(messageContains));
    }
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : table()) {
      out.add(Arguments.of(c.get("name").asText(), c));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void lint_tableCase_reportsExpectedFindings(String name, JsonNode c) {
    JsonNode policy = c.get("policy");
    String text = policy.isTextual() ? policy.textValue() : policy.toString();
    Grammar grammar = Grammar.valueOf(c.get("grammar").asText().toUpperCase(Locale.ROOT));

    List<Finding> findings = PolicyLinter.lint(text, grammar);

    List<Expected> expected = new ArrayList<>();
    c.path("expect").forEach(e -> expected.add(Expected.of(e)));
    for (Expected e : expected) {
      assertThat(findings).as(name + " has " + e).anyMatch(e::matches);
    }
    for (JsonNode absent : c.path("absent")) {
      assertThat(findings).as(name).noneMatch(f -> f.code().equals(absent.asText()));
    }
    if (c.path("only").asBoolean()) {
      assertThat(findings)
          .as(name + ": nothing but the expected findings")
          .allMatch(f -> expected.stream().anyMatch(e -> e.matches(f)))
          .hasSize(expected.size());
    }
    assertInReportOrder(findings);
  }

  @Test
  void table_everyCase_hasUniqueNameAndKnownCodes() {
    Set<String> codes = Arrays.stream(Check.values()).map(Check::code).collect(Collectors.toSet());
    Set<String> names = new HashSet<>();
    int count = 0;
    for (JsonNode c : table()) {
      count++;
      assertThat(names.add(c.get("name").asText())).as("unique " + c.get("name")).isTrue();
      assertThat(c.get("name").asText()).matches("lint_[A-Za-z0-9]+_[A-Za-z0-9]+");
      for (JsonNode e : c.path("expect")) {
        assertThat(
                codes.contains(e.get("code").asText())
                    || AWS_CODES.contains(e.get("code").asText()))
            .as("known code " + e.get("code"))
            .isTrue();
      }
    }
    assertThat(count).isGreaterThanOrEqualTo(100);
  }

  @Test
  void lint_seedTrustPolicy_hasNoSecurityWarningOrError() {
    String seed =
        """
        {
          "Version": "2012-10-17",
          "Statement": [{
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::222222222222:user/builder"},
            "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"sts:ExternalId": "some_key_build"}}
          }]
        }
        """;

    assertThat(PolicyLinter.lint(seed, Grammar.TRUST)).isEmpty();
    // The same role without the ExternalId is the confused-deputy case the linter exists for.
    List<Finding> without =
        PolicyLinter.lint(
            seed.replace(
                ",\n    \"Condition\": {\"StringEquals\": {\"sts:ExternalId\": \"some_key_build\"}}",
                ""),
            Grammar.TRUST);
    assertThat(without)
        .containsExactly(
            new Finding(
                Severity.SECURITY_WARNING,
                "missing-external-id",
                without.get(0).message(),
                "Statement[0].Principal.AWS"));
    assertThat(without.get(0).message())
        .contains("arn:aws:iam::222222222222:user/builder", "confused deputy", "sts:ExternalId");
  }

  @Test
  void lint_findingsOfSeveralStatements_documentFirstThenByStatementThenSeverity() {
    String policy =
        """
        {"Statement": [
          {"Effect": "Allow", "Action": ["s3:Get*", "s3:GetObject"], "Resource": "*",
           "Condition": {"ForAllValues:StringEquals": {"aws:username": "a"},
                         "StringNotEquals": {"aws:PrincipalTag/x": "y"}}},
          {"Sid": "Dup", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"},
          {"Sid": "Dup", "Effect": "Allow", "Action": "s3:GetObject",
           "Resource": "arn:aws:s3:::b/${aws:username}"}
        ]}
        """;

    List<Finding> findings = PolicyLinter.lint(policy, Grammar.IDENTITY);

    assertThat(findings)
        .extracting(Finding::code)
        .containsExactly(
            "MalformedPolicyDocument",
            "missing-version",
            "forallvalues-with-single-valued-key",
            "allow-with-negated-condition",
            "redundant-action",
            "pass-role-with-star-in-resource",
            "unique-sids-required",
            "variable-unsupported-in-version");
    assertInReportOrder(findings);
  }

  @Test
  void lint_trustPolicyOverQuota_policySizeExceedsQuotaWarning() {
    String principals =
        Stream.iterate(100000000000L, n -> n + 1)
            .limit(200)
            .map(n -> "\"" + n + "\"")
            .collect(Collectors.joining(","));
    String policy =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":["
            + principals
            + "]},\"Action\":\"sts:AssumeRole\","
            + "\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"k\"}}}]}";

    assertThat(PolicyLinter.lint(policy, Grammar.TRUST))
        .extracting(Finding::code, Finding::severity, Finding::location)
        .containsExactly(tuple("policy-size-exceeds-quota", Severity.WARNING, ""));
  }

  @Test
  void severity_declaredMostSevereFirst_withAccessAnalyzerWords() {
    assertThat(Severity.values())
        .containsExactly(
            Severity.ERROR, Severity.SECURITY_WARNING, Severity.WARNING, Severity.SUGGESTION);
    assertThat(Arrays.stream(Severity.values()).map(Severity::text))
        .containsExactly("error", "security warning", "warning", "suggestion");
  }

  @Test
  void policyLinterJavadoc_everyCheckCode_isDocumentedWithItsSeverity() throws IOException {
    // The javadoc table is the codes' documentation; join its lines to read it as one text.
    String source =
        Files.readString(Path.of("src/main/java/dev/crossrole/policy/PolicyLinter.java"))
            .replaceAll("\\n\\s*\\*\\s?", " ");
    for (Check check : Check.values()) {
      assertThat(source)
          .as("code and severity of " + check.code())
          .containsPattern(
              Pattern.quote("{@code " + check.code() + "}")
                  + "[^<]*</td>\\s*<td>"
                  + Pattern.quote(check.severity().text()));
    }
  }

  /** Document findings (no statement) first, then statement by statement, worst first. */
  static void assertInReportOrder(List<Finding> findings) {
    int lastStatement = -1;
    Severity lastSeverity = Severity.ERROR;
    for (Finding f : findings) {
      int statement = statementOf(f.location());
      assertThat(statement).as("statement order at " + f).isGreaterThanOrEqualTo(lastStatement);
      if (statement == lastStatement) {
        assertThat(f.severity()).as("severity order at " + f).isGreaterThanOrEqualTo(lastSeverity);
      }
      lastStatement = statement;
      lastSeverity = f.severity();
    }
  }

  private static int statementOf(String location) {
    Matcher m = Pattern.compile("^Statement\\[(\\d+)\\]").matcher(location);
    if (m.find()) {
      return Integer.parseInt(m.group(1));
    }
    return -1;
  }

  private static JsonNode table() {
    try (InputStream in = PolicyLinterTest.class.getResourceAsStream("/lint/cases.json")) {
      return JSON.readTree(in).get("cases");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
