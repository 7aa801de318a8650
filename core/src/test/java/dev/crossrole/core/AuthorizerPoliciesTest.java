package dev.crossrole.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crossrole.policy.NamedPolicy;
import dev.crossrole.policy.PolicySet;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * How {@link Authorizer} loads the policies of a user, role or group: one read, documents named.
 */
class AuthorizerPoliciesTest {
  private static final String ACCOUNT = "111111111111";
  private static final String DOC =
      "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\","
          + "\"Resource\":\"*\"}}";
  private static final String OTHER =
      "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"s3:*\","
          + "\"Resource\":\"*\"}}";
  private static final String POLICY_ARN = "arn:aws:iam::111111111111:policy/ops";
  private static final String GONE_ARN = "arn:aws:iam::111111111111:policy/gone";
  private static final IdentityPolicies USER_POLICIES =
      new IdentityPolicies(
          List.of(
              new IdentityPolicies.Document("own", DOC),
              new IdentityPolicies.Document("devs/shared", OTHER)),
          List.of(new IdentityPolicies.Document(POLICY_ARN, DOC)),
          Optional.of(new IdentityPolicies.Document(POLICY_ARN, DOC)));

  /** Calls the fake store received, by method name. */
  private final List<String> calls = new ArrayList<>();

  private final IdentityStore store =
      (IdentityStore)
          Proxy.newProxyInstance(
              IdentityStore.class.getClassLoader(),
              new Class<?>[] {IdentityStore.class},
              (proxy, method, args) -> {
                calls.add(method.getName());
                return switch (method.getName()) {
                  case "identityPolicies" ->
                      args[0] == PolicyHolder.USER ? USER_POLICIES : IdentityPolicies.NONE;
                  case "inlinePolicies" ->
                      List.of(
                          new InlinePolicy(PolicyHolder.GROUP, ACCOUNT, "devs", "shared", OTHER));
                  case "attachedPolicies" ->
                      List.of(
                          new AttachedPolicy("ops", POLICY_ARN),
                          new AttachedPolicy("gone", GONE_ARN));
                  case "managedPolicy" ->
                      args[0].equals(POLICY_ARN)
                          ? Optional.of(
                              new ManagedPolicy(
                                  ACCOUNT,
                                  "/",
                                  "ops",
                                  "ANPAOPS",
                                  Instant.EPOCH,
                                  Instant.EPOCH,
                                  Optional.empty(),
                                  "v2",
                                  Map.of()))
                          : Optional.empty();
                  case "policyVersion" ->
                      Optional.of(
                          new ManagedPolicyVersion(
                              (String) args[0], (String) args[1], DOC, true, Instant.EPOCH));
                  default -> throw new UnsupportedOperationException(method.getName());
                };
              });

  private final Authorizer authorizer = new Authorizer(store);

  @Test
  void policiesOf_user_readsTheStoreOnce() {
    IdentityPolicies policies = authorizer.policiesOf(PolicyHolder.USER, ACCOUNT, "alice");

    assertThat(policies).isEqualTo(USER_POLICIES);
    assertThat(calls).containsExactly("identityPolicies");
  }

  @Test
  void policiesOf_group_namesInlineByNameAndManagedByArnWithoutBoundary() {
    IdentityPolicies policies = authorizer.policiesOf(PolicyHolder.GROUP, ACCOUNT, "devs");

    assertThat(policies.inline()).containsExactly(new IdentityPolicies.Document("shared", OTHER));
    assertThat(policies.managed()).containsExactly(new IdentityPolicies.Document(POLICY_ARN, DOC));
    assertThat(policies.permissionsBoundary()).isEmpty();
  }

  @Test
  void policiesOf_groupWithVanishedManagedPolicy_leavesItOut() {
    IdentityPolicies policies = authorizer.policiesOf(PolicyHolder.GROUP, ACCOUNT, "devs");

    assertThat(policies.managed())
        .extracting(IdentityPolicies.Document::name)
        .doesNotContain(GONE_ARN);
  }

  @Test
  void identityPolicies_documents_inlineThenManagedThenBoundary() {
    PolicySet set = authorizer.identityPolicies(USER_POLICIES).build();

    assertThat(set.identityPolicies())
        .extracting(NamedPolicy::name)
        .containsExactly("own", "devs/shared", POLICY_ARN);
    assertThat(set.permissionsBoundary()).map(NamedPolicy::name).contains(POLICY_ARN);
    assertThat(set.resourcePolicy()).isEmpty();
    assertThat(calls).isEmpty();
  }

  @Test
  void identityPolicies_user_sameAsItsDocuments() {
    PolicySet set =
        authorizer
            .identityPolicies(
                dev.crossrole.policy.Principal.parse("arn:aws:iam::" + ACCOUNT + ":user/alice"))
            .build();

    assertThat(set).isEqualTo(authorizer.identityPolicies(USER_POLICIES).build());
    assertThat(calls).containsExactly("identityPolicies");
  }

  @Test
  void identityPolicies_root_readsNothing() {
    PolicySet set =
        authorizer
            .identityPolicies(
                dev.crossrole.policy.Principal.parse("arn:aws:iam::" + ACCOUNT + ":root"))
            .build();

    assertThat(set.identityPolicies()).isEmpty();
    assertThat(calls).isEmpty();
  }
}
