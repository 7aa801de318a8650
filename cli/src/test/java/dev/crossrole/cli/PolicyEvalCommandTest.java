package dev.crossrole.cli;

import static dev.crossrole.cli.SeedCase.assumeRole;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossrole.policy.EvaluationCase;
import dev.crossrole.policy.EvaluationCaseException;
import dev.crossrole.policy.PolicyValidationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code crossrole policy eval}: decisions, error lines, exit codes and inputs. */
class PolicyEvalCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * name, the case lines on standard input, the exit code, and for each result line the fields it
   * must hold (a JSON object matched as a subset).
   */
  static Stream<Arguments> cases() {
    return Stream.of(
        row(
            "eval_seedMatchingExternalId_allowed",
            List.of(assumeRole("seed")),
            0,
            """
            {"id":"seed","decision":"allowed","lacking":[],"statements":[
              {"policyType":"identity","policy":"identityPolicies[0]","statement":0,
               "sid":"AssumeOurs","effect":"Allow"},
              {"policyType":"resource","policy":"resourcePolicy","statement":0,"effect":"Allow"}]}
            """),
        row(
            "eval_wrongExternalId_implicitDenyLackingTrust",
            List.of(assumeRole("wrong").externalId("not_the_key")),
            0,
            """
            {"id":"wrong","decision":"implicitDeny","lacking":["resource"],
             "reason":"because no resource-based policy allows the sts:AssumeRole action"}"""),
        row(
            "eval_missingExternalId_implicitDeny",
            List.of(assumeRole("none").externalId(null)),
            0,
            """
            {"id":"none","decision":"implicitDeny","lacking":["resource"]}"""),
        row(
            "eval_noIdentityPolicy_implicitDenyLackingIdentity",
            List.of(assumeRole("noidentity").remove("identityPolicies")),
            0,
            """
            {"decision":"implicitDeny","lacking":["identity"],
             "reason":"because no identity-based policy allows the sts:AssumeRole action"}"""),
        row(
            "eval_denyInIdentityPolicy_explicitDeny",
            List.of(assumeRole("deny").identityPolicy(SeedCase.DENY_ASSUME)),
            0,
            """
            {"id":"deny","decision":"explicitDeny",
             "reason":"with an explicit deny in an identity-based policy","lacking":[],
             "statements":[{"policyType":"identity","policy":"identityPolicies[1]","statement":0,
                            "sid":"NoRoleHopping","effect":"Deny"}]}"""),
        row(
            "eval_boundaryWithoutAllow_implicitDenyLackingBoundary",
            List.of(assumeRole("boundary").permissionsBoundary(SeedCase.ECR_ONLY)),
            0,
            """
            {"decision":"implicitDeny","lacking":["permissionsBoundary"]}"""),
        row(
            "eval_denyInSessionPolicyArray_explicitDeny",
            List.of(assumeRole("session").set("sessionPolicy", "[" + SeedCase.DENY_ASSUME + "]")),
            0,
            """
            {"decision":"explicitDeny","reason":"with an explicit deny in a session policy"}"""),
        row(
            "eval_policyAsStringAndNamedDocument_allowedWithNames",
            List.of(
                assumeRole("named")
                    .remove("identityPolicies")
                    .set(
                        "identityPolicies",
                        "[" + JSON.valueToTree(SeedCase.ASSUME).toString() + "]")
                    .set(
                        "resourcePolicy",
                        "{\"name\":\"OURTHINGBUILDROLE-trust\",\"document\":"
                            + SeedCase.TRUST
                            + "}")),
            0,
            """
            {"decision":"allowed","statements":[
              {"policy":"identityPolicies[0]"},{"policy":"OURTHINGBUILDROLE-trust"}]}"""),
        row(
            "eval_malformedPolicy_errorLineThenNextCaseExit1",
            List.of(assumeRole("bad").identityPolicy(SeedCase.MALFORMED), assumeRole("next")),
            1,
            """
            {"id":"bad","line":1,"error":{"code":"MalformedPolicyDocument",
             "policy":"identityPolicies[1]"}}""",
            """
            {"id":"next","decision":"allowed"}"""),
        row(
            "eval_notJson_invalidCaseWithNullIdExit1",
            List.of("{\"id\": \"x\", oops", assumeRole("after")),
            1,
            """
            {"id":null,"line":1,"error":{"code":"InvalidCase"}}""",
            """
            {"id":"after","decision":"allowed"}"""),
        row(
            "eval_jsonArray_invalidCase",
            List.of("[1, 2]"),
            1,
            """
            {"id":null,"error":{"code":"InvalidCase","message":"a case must be a JSON object"}}"""),
        row(
            "eval_missingRequest_invalidCaseWithId",
            List.of("{\"id\":\"norequest\"}"),
            1,
            """
            {"id":"norequest","line":1,"error":{"code":"InvalidCase",
             "message":"case norequest: missing \\"request\\" object"}}"""),
        row(
            "eval_actionWithoutService_invalidCase",
            List.of(assumeRole("act").action("AssumeRole")),
            1,
            """
            {"id":"act","error":{"code":"InvalidCase"}}"""),
        row(
            "eval_unknownPrincipal_invalidCase",
            List.of(assumeRole("who").principal("somebody")),
            1,
            """
            {"id":"who","error":{"code":"InvalidCase"}}"""),
        row(
            "eval_identityPoliciesNotArray_invalidCase",
            List.of(assumeRole("notarray").set("identityPolicies", SeedCase.ASSUME)),
            1,
            """
            {"id":"notarray","error":{"code":"InvalidCase",
             "message":"case notarray: \\"identityPolicies\\" must be an array"}}"""),
        row(
            "eval_trustPolicyWithoutPrincipal_malformedResourcePolicy",
            List.of(assumeRole("noprincipal").resourcePolicy(SeedCase.ASSUME)),
            1,
            """
            {"id":"noprincipal","error":{"code":"MalformedPolicyDocument",
             "policy":"resourcePolicy"}}"""),
        row(
            "eval_blankLines_skippedAndLinesCounted",
            List.of("", "   ", assumeRole("third"), "", "{}"),
            1,
            """
            {"id":"third","decision":"allowed"}""",
            """
            {"line":5,"error":{"code":"InvalidCase"}}"""),
        row("eval_emptyInput_noOutputExit0", List.of(), 0));
  }

  private static Arguments row(String name, List<?> lines, int exit, String... expected) {
    StringBuilder input = new StringBuilder();
    lines.forEach(l -> input.append(l).append('\n'));
    return Arguments.of(name, input.toString(), exit, List.of(expected));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eval_stdin(String name, String input, int exit, List<String> expected) throws IOException {
    Cli.Result result = Cli.withStdin(input, "policy", "eval", "--cases", "-");

    assertThat(result.exitCode()).as(result.err()).isEqualTo(exit);
    assertThat(result.lines()).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertSubset(JSON.readTree(result.lines().get(i)), JSON.readTree(expected.get(i)), "");
    }
    if (exit == 0) {
      assertThat(result.err()).isEmpty();
    } else {
      assertThat(result.err()).contains("case lines could not be evaluated");
    }
  }

  /** The command's results are the policy module's own, policy caching or not. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eval_everyLine_sameAsEvaluationCase(
      String name, String input, int exit, List<String> expected) throws IOException {
    List<String> lines = input.lines().filter(l -> !l.isBlank()).toList();
    // Twice over, so that the second pass answers from the policy cache.
    Cli.Result result = Cli.withStdin(input + input, "policy", "eval", "--cases", "-");

    assertThat(result.lines()).hasSize(2 * lines.size());
    for (int i = 0; i < result.lines().size(); i++) {
      JsonNode actual = JSON.readTree(result.lines().get(i));
      String line = lines.get(i % lines.size());
      try {
        EvaluationCase c = EvaluationCase.parse(line);
        assertThat(actual).isEqualTo(EvaluationCase.resultJson(c.id(), c.request(), c.evaluate()));
      } catch (EvaluationCaseException e) {
        assertThat(actual.at("/error/message").asText()).isEqualTo(e.getMessage());
      } catch (PolicyValidationException e) {
        assertThat(actual.at("/error/code").asText()).isEqualTo(e.problem().awsCode());
        assertThat(actual.at("/error/message").asText()).isEqualTo(e.getMessage());
      } catch (IllegalArgumentException e) {
        assertThat(actual.at("/error/message").asText()).endsWith(e.getMessage());
      }
    }
  }

  /** Stricter than {@link EvaluationCase#parse}: a line holds one JSON value and nothing more. */
  @Test
  void eval_trailingContent_invalidCase() {
    Cli.Result result =
        Cli.withStdin(assumeRole("trail") + " {}\n", "policy", "eval", "--cases", "-");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.lines()).singleElement().asString().contains("\"code\":\"InvalidCase\"");
  }

  @Test
  void eval_file_readsFileLineByLine(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("cases.jsonl");
    Files.writeString(
        file,
        "\uFEFF" + assumeRole("one") + "\n" + assumeRole("two").externalId("x") + "\n",
        StandardCharsets.UTF_8);

    Cli.Result result = Cli.run("policy", "eval", "--cases", file.toString());

    assertThat(result.exitCode()).isZero();
    assertThat(result.lines())
        .extracting(l -> JSON.readTree(l).get("decision").asText())
        .containsExactly("allowed", "implicitDeny");
  }

  static Stream<Arguments> unreadable() {
    return Stream.of(
        Arguments.of("eval_missingFile_exit2NamingIt", "does-not-exist.jsonl", "no such file"),
        Arguments.of("eval_directory_exit2", ".", "is a directory"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unreadable")
  void eval_unreadable(String name, String file, String message, @TempDir Path dir) {
    Cli.Result result = Cli.run("policy", "eval", "--cases", dir.resolve(file).toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).startsWith("crossrole: ").contains(message);
  }

  @Test
  void eval_noCasesOption_usageErrorExit2() {
    Cli.Result result = Cli.run("policy", "eval");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).contains("Missing required option: '--cases=FILE'");
  }

  /** Every field of {@code expected} is in {@code actual}: objects recursively, others equal. */
  static void assertSubset(JsonNode actual, JsonNode expected, String path) {
    if (expected.isObject()) {
      assertThat(actual.isObject()).as(path + " is an object in " + actual).isTrue();
      for (Map.Entry<String, JsonNode> f : expected.properties()) {
        assertThat(actual.has(f.getKey())).as(path + "/" + f.getKey() + " in " + actual).isTrue();
        assertSubset(actual.get(f.getKey()), f.getValue(), path + "/" + f.getKey());
      }
    } else if (expected.isArray() && expected.size() > 0 && expected.get(0).isObject()) {
      assertThat(actual.size()).as(path + " size").isEqualTo(expected.size());
      for (int i = 0; i < expected.size(); i++) {
        assertSubset(actual.get(i), expected.get(i), path + "[" + i + "]");
      }
    } else {
      assertThat(actual).as(path).isEqualTo(expected);
    }
  }
}
