package dev.crossrole.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The simulator's explanation of a decision: statements, missing keys, boundary, each side. */
class ExplanationTest {
  private static final String ALICE = "arn:aws:iam::111111111111:user/alice";
  private static final String BUCKET = "arn:aws:s3:::bucket/key";
  private static final String ALLOW_S3 = statement("Allow", "s3:*", "*", "");
  private static final String DENY_DELETE = statement("Deny", "s3:DeleteObject", "*", "");
  private static final String ALLOW_IF_TAGGED =
      statement(
          "Allow",
          "s3:GetObject",
          "*",
          ",\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/team\":\"ops\","
              + "\"s3:ExistingObjectTag/Env\":\"prod\"}}");
  private static final String ALLOW_OTHER_BUCKET_IF =
      statement(
          "Allow",
          "s3:GetObject",
          "arn:aws:s3:::other/*",
          ",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"true\"}}");

  private static String statement(String effect, String action, String resource, String rest) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\""
        + effect
        + "\",\"Action\":\""
        + action
        + "\",\"Resource\":\""
        + resource
        + "\""
        + rest
        + "}]}";
  }

  private static NamedPolicy identity(String name, String text) {
    return new NamedPolicy(name, PolicyDocument.parse(text, Grammar.IDENTITY));
  }

  private static AuthorizationRequest request(String action, RequestContext context) {
    return AuthorizationRequest.builder(
            Principal.builder(ALICE).tag("team", "ops").build(), action, BUCKET)
        .context(context)
        .build();
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "of_allowingPolicy_matchesItsStatement",
            "s3:GetObject",
            List.of(ALLOW_S3),
            Decision.ALLOWED,
            List.of("p0"),
            List.of()),
        Arguments.of(
            "of_explicitDeny_matchesTheDenyingStatement",
            "s3:DeleteObject",
            List.of(ALLOW_S3, DENY_DELETE),
            Decision.EXPLICIT_DENY,
            List.of("p1"),
            List.of()),
        Arguments.of(
            "of_implicitDeny_matchesNothing",
            "iam:ListUsers",
            List.of(ALLOW_S3),
            Decision.IMPLICIT_DENY,
            List.of(),
            List.of()),
        Arguments.of(
            "of_conditionKeyNotSupplied_missesIt",
            "s3:GetObject",
            List.of(ALLOW_IF_TAGGED),
            Decision.IMPLICIT_DENY,
            List.of(),
            List.of("s3:ExistingObjectTag/Env")),
        Arguments.of(
            "of_statementOnOtherResource_missesNoneOfItsKeys",
            "s3:GetObject",
            List.of(ALLOW_OTHER_BUCKET_IF),
            Decision.IMPLICIT_DENY,
            List.of(),
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void explain(
      String name,
      String action,
      List<String> documents,
      Decision decision,
      List<String> matched,
      List<String> missing) {
    PolicySet.Builder set = PolicySet.builder();
    for (int i = 0; i < documents.size(); i++) {
      set.identityPolicy(identity("p" + i, documents.get(i)));
    }

    Explanation e = Explanation.of(request(action, RequestContext.empty()), set.build(), true);

    assertThat(e.decision()).isEqualTo(decision);
    assertThat(e.matchedStatements()).extracting(StatementRef::policyName).isEqualTo(matched);
    assertThat(e.missingContextKeys()).containsExactlyElementsOf(missing);
    assertThat(e.allowedByPermissionsBoundary()).isEmpty();
  }

  @Test
  void of_principalUnknown_missesThePrincipalsKeysToo() {
    PolicySet set = PolicySet.builder().identityPolicy(identity("p", ALLOW_IF_TAGGED)).build();

    Explanation e = Explanation.of(request("s3:GetObject", RequestContext.empty()), set, false);

    assertThat(e.missingContextKeys())
        .containsExactly("aws:PrincipalTag/team", "s3:ExistingObjectTag/Env");
  }

  @Test
  void of_keyInContextAnyCase_isNotMissing() {
    PolicySet set = PolicySet.builder().identityPolicy(identity("p", ALLOW_IF_TAGGED)).build();
    RequestContext context =
        RequestContext.builder().put("S3:existingobjecttag/env", "prod").build();

    Explanation e = Explanation.of(request("s3:GetObject", context), set, true);

    assertThat(e.missingContextKeys()).isEmpty();
    assertThat(e.decision()).isEqualTo(Decision.ALLOWED);
  }

  @Test
  void of_boundaryDenying_reportsNotAllowedByBoundary() {
    PolicySet set =
        PolicySet.builder()
            .identityPolicy(identity("p", ALLOW_S3))
            .permissionsBoundary(identity("b", DENY_DELETE))
            .build();

    Explanation e = Explanation.of(request("s3:GetObject", RequestContext.empty()), set, true);

    assertThat(e.allowedByPermissionsBoundary()).contains(false);
    assertThat(e.decision()).isEqualTo(Decision.IMPLICIT_DENY);
  }

  @Test
  void of_boundaryAllowing_reportsAllowedByBoundary() {
    PolicySet set =
        PolicySet.builder()
            .identityPolicy(identity("p", ALLOW_S3))
            .permissionsBoundary(identity("b", ALLOW_S3))
            .build();

    Explanation e = Explanation.of(request("s3:GetObject", RequestContext.empty()), set, true);

    assertThat(e.allowedByPermissionsBoundary()).isEqualTo(Optional.of(true));
  }

  @Test
  void decisionOf_identityAndResource_decidesEachSideAlone() {
    String resourcePolicy =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\","
            + "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";
    PolicySet set =
        PolicySet.builder()
            .identityPolicy(identity("p", ALLOW_S3))
            .resourcePolicy(
                new NamedPolicy("r", PolicyDocument.parse(resourcePolicy, Grammar.RESOURCE)))
            .build();

    Explanation e = Explanation.of(request("s3:GetObject", RequestContext.empty()), set, true);

    assertThat(e.decisionOf(PolicyType.IDENTITY)).isEqualTo(Decision.ALLOWED);
    assertThat(e.decisionOf(PolicyType.RESOURCE)).isEqualTo(Decision.EXPLICIT_DENY);
    assertThat(e.decision()).isEqualTo(Decision.EXPLICIT_DENY);
  }

  @Test
  void decisionOf_resourceWithoutResourcePolicy_isImplicitDeny() {
    PolicySet set = PolicySet.builder().identityPolicy(identity("p", ALLOW_S3)).build();

    Explanation e = Explanation.of(request("s3:GetObject", RequestContext.empty()), set, true);

    assertThat(e.decisionOf(PolicyType.RESOURCE)).isEqualTo(Decision.IMPLICIT_DENY);
  }

  @Test
  void decisionOf_boundary_isRefused() {
    PolicySet set = PolicySet.builder().build();

    Explanation e = Explanation.of(request("s3:GetObject", RequestContext.empty()), set, true);

    assertThatThrownBy(() -> e.decisionOf(PolicyType.PERMISSIONS_BOUNDARY))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
