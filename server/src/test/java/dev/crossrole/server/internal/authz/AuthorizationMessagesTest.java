package dev.crossrole.server.internal.authz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossrole.policy.Decision;
import dev.crossrole.policy.Effect;
import dev.crossrole.policy.Evaluation;
import dev.crossrole.policy.PolicyType;
import dev.crossrole.policy.Principal;
import dev.crossrole.policy.StatementRef;
import dev.crossrole.server.internal.request.Caller;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The decoded form of an AccessDenied's encoded message, in AWS's JSON shape. */
class AuthorizationMessagesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Caller SESSION =
      new Caller(
          Principal.builder("arn:aws:sts::111111111111:assumed-role/Builder/ci")
              .userId("AROAEXAMPLEEXAMPLE12:ci")
              .tag("team", "platform")
              .build(),
          "111111111111",
          "ASIAAAAAAAAAAAAAAAAA",
          Optional.empty(),
          Optional.of(Instant.parse("2026-11-28T12:00:00Z")),
          Optional.of("alice"),
          Set.of());

  static Stream<Arguments> evaluations() {
    return Stream.of(
        Arguments.of(
            "no identity-based policy allows",
            new Evaluation(Decision.IMPLICIT_DENY, List.of(), List.of(PolicyType.IDENTITY)),
            false,
            "[]",
            "[{\"policyType\":\"identity-based policy\",\"reason\":\"no identity-based policy"
                + " allows the iam:ListUsers action\"}]"),
        Arguments.of(
            "explicit deny with a Sid",
            new Evaluation(
                Decision.EXPLICIT_DENY,
                List.of(
                    new StatementRef(
                        PolicyType.IDENTITY, "guard", 1, Optional.of("NoUsers"), Effect.DENY)),
                List.of()),
            true,
            "[{\"statementId\":\"NoUsers\",\"effect\":\"DENY\",\"policyType\":\"identity-based"
                + " policy\",\"policyName\":\"guard\",\"statementIndex\":1}]",
            "[{\"reason\":\"with an explicit deny in an identity-based policy\"}]"),
        Arguments.of(
            "allowed by identity, lacking the session policy",
            new Evaluation(
                Decision.IMPLICIT_DENY,
                List.of(
                    new StatementRef(
                        PolicyType.IDENTITY, "work", 0, Optional.empty(), Effect.ALLOW)),
                List.of(PolicyType.SESSION)),
            false,
            "[{\"statementId\":\"\",\"effect\":\"ALLOW\",\"policyType\":\"identity-based"
                + " policy\",\"policyName\":\"work\",\"statementIndex\":0}]",
            "[{\"policyType\":\"session policy\",\"reason\":\"no session policy allows the"
                + " iam:ListUsers action\"}]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("evaluations")
  void describe_refusal_awsShapeWithTheReason(
      String name, Evaluation e, boolean explicitDeny, String matched, String failures)
      throws Exception {
    Map<String, List<String>> context = new LinkedHashMap<>();
    context.put("aws:SourceIdentity", List.of("alice"));
    context.put("aws:TagKeys", List.of("a", "b"));

    JsonNode m =
        JSON.readTree(
            AuthorizationMessages.describe(
                SESSION, "iam:ListUsers", "arn:aws:iam::111111111111:user/", context, e));

    assertThat(m.get("allowed").asBoolean()).isFalse();
    assertThat(m.get("explicitDeny").asBoolean()).isEqualTo(explicitDeny);
    assertThat(m.at("/matchedStatements/items").toString()).isEqualTo(matched);
    assertThat(m.at("/failures/items").toString()).isEqualTo(failures);
    assertThat(m.at("/context/principal").toString())
        .isEqualTo(
            "{\"id\":\"AROAEXAMPLEEXAMPLE12:ci\",\"name\":\"Builder\",\"arn\":"
                + "\"arn:aws:sts::111111111111:assumed-role/Builder/ci\"}");
    assertThat(m.at("/context/action").asText()).isEqualTo("iam:ListUsers");
    assertThat(m.at("/context/resource").asText()).isEqualTo("arn:aws:iam::111111111111:user/");
    assertThat(m.at("/context/conditions/items").toString())
        .startsWith(
            "[{\"key\":\"aws:SourceIdentity\",\"values\":{\"items\":[{\"value\":\"alice\"}]}},"
                + "{\"key\":\"aws:TagKeys\",\"values\":{\"items\":[{\"value\":\"a\"},"
                + "{\"value\":\"b\"}]}}")
        .contains(
            "{\"key\":\"aws:principaltag/team\",\"values\":{\"items\":[{\"value\":\"platform\"}]}}")
        .contains("{\"key\":\"aws:principalarn\"");
  }
}
