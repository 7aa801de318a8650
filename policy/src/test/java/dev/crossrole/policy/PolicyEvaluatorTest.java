package dev.crossrole.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The seed story's decisions, end to end through the public API, with their explanations. */
class PolicyEvaluatorTest {
  private static final String ROLE = "arn:aws:iam::111111111111:role/OURTHINGBUILDROLE";
  private static final String BUILDER = "arn:aws:iam::222222222222:user/builder";
  private static final String TRUST =
      """
      {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
       "Principal":{"AWS":"arn:aws:iam::222222222222:user/builder"},"Action":"sts:AssumeRole",
       "Condition":{"%s":{"sts:ExternalId":"some_key_build"}}}]}""";
  private static final String ASSUME =
      """
      {"Version":"2012-10-17","Statement":[{"Sid":"AssumeOurs","Effect":"Allow",
       "Action":"sts:AssumeRole","Resource":"arn:aws:iam::111111111111:role/OURTHINGBUILDROLE"}]}""";
  private static final String ROOT_TRUST =
      """
      {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
       "Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"sts:AssumeRole"}]}""";

  static Stream<Arguments> seed() {
    return Stream.of(
        Arguments.of(
            "assumeRole_matchingExternalId_allowed",
            BUILDER,
            "StringEquals",
            "some_key_build",
            true,
            "allowed",
            ""),
        Arguments.of(
            "assumeRole_wrongExternalId_implicitDeny",
            BUILDER,
            "StringEquals",
            "wrong",
            true,
            "implicitDeny",
            "no resource-based policy allows"),
        Arguments.of(
            "assumeRole_missingExternalId_implicitDeny",
            BUILDER,
            "StringEquals",
            null,
            true,
            "implicitDeny",
            "no resource-based policy allows"),
        Arguments.of(
            "assumeRole_missingExternalIdWithIfExists_allowed",
            BUILDER,
            "StringEqualsIfExists",
            null,
            true,
            "allowed",
            ""),
        Arguments.of(
            "assumeRole_noIdentityPolicy_implicitDeny",
            BUILDER,
            "StringEquals",
            "some_key_build",
            false,
            "implicitDeny",
            "because no identity-based policy allows the sts:AssumeRole action"),
        Arguments.of(
            "assumeRole_thirdAccount_implicitDeny",
            "arn:aws:iam::333333333333:user/builder",
            "StringEquals",
            "some_key_build",
            true,
            "implicitDeny",
            "resource-based"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("seed")
  void evaluate_seedStory(
      String name,
      String caller,
      String operator,
      String externalId,
      boolean identityPolicy,
      String decision,
      String reason) {
    RequestContext.Builder context = RequestContext.builder();
    if (externalId != null) {
      context.put("sts:ExternalId", externalId);
    }
    PolicySet.Builder policies =
        PolicySet.builder()
            .resourcePolicy(
                new NamedPolicy(
                    "trust", PolicyDocument.parse(TRUST.formatted(operator), PolicyKind.TRUST)));
    if (identityPolicy) {
      policies.identityPolicy(
          new NamedPolicy("assume", PolicyDocument.parse(ASSUME, PolicyKind.USER_INLINE)));
    }
    AuthorizationRequest request =
        AuthorizationRequest.builder(Principal.parse(caller), "sts:AssumeRole", ROLE)
            .context(context.build())
            .build();

    Evaluation e = PolicyEvaluator.evaluate(request, policies.build());

    assertThat(e.decision().text()).isEqualTo(decision);
    assertThat(e.reason("sts:AssumeRole")).contains(reason);
  }

  @org.junit.jupiter.api.Test
  void evaluate_allowed_explainsWithTheAllowingStatements() {
    String operator = "StringEquals";
    String caller = BUILDER;
    AuthorizationRequest request =
        AuthorizationRequest.builder(Principal.parse(caller), "sts:AssumeRole", ROLE)
            .context(RequestContext.builder().put("sts:ExternalId", "some_key_build").build())
            .build();
    PolicySet policies =
        PolicySet.builder()
            .resourcePolicy(
                new NamedPolicy(
                    "trust", PolicyDocument.parse(TRUST.formatted(operator), PolicyKind.TRUST)))
            .identityPolicy(
                new NamedPolicy("assume", PolicyDocument.parse(ASSUME, PolicyKind.USER_INLINE)))
            .build();

    Evaluation e = PolicyEvaluator.evaluate(request, policies);

    assertThat(e.statements())
        .extracting(StatementRef::policyType, StatementRef::policyName)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(PolicyType.IDENTITY, "assume"),
            org.assertj.core.groups.Tuple.tuple(PolicyType.RESOURCE, "trust"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rootTrust")
  void evaluate_trustNamingAccount_needsIdentityPolicy(
      String name, boolean identityPolicy, String decision) {
    PolicySet.Builder policies =
        PolicySet.builder()
            .resourcePolicy(
                new NamedPolicy("trust", PolicyDocument.parse(ROOT_TRUST, PolicyKind.TRUST)));
    if (identityPolicy) {
      policies.identityPolicy(
          new NamedPolicy("assume", PolicyDocument.parse(ASSUME, PolicyKind.USER_INLINE)));
    }
    AuthorizationRequest request =
        AuthorizationRequest.builder(Principal.parse(BUILDER), "sts:AssumeRole", ROLE).build();

    assertThat(PolicyEvaluator.evaluate(request, policies.build()).decision().text())
        .isEqualTo(decision);
  }

  static Stream<Arguments> rootTrust() {
    return Stream.of(
        Arguments.of("crossAccountRootTrust_noIdentityPolicy_implicitDeny", false, "implicitDeny"),
        Arguments.of("crossAccountRootTrust_withIdentityPolicy_allowed", true, "allowed"));
  }
}
