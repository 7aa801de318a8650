package dev.crossrole.server.internal.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crossrole.core.Account;
import dev.crossrole.core.Authorizer;
import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.IdentityException;
import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.crypto.AuthorizationMessageCodec;
import dev.crossrole.core.crypto.KeyRing;
import dev.crossrole.core.crypto.TokenKey;
import dev.crossrole.policy.Grammar;
import dev.crossrole.policy.Principal;
import dev.crossrole.server.internal.query.QueryAccess;
import dev.crossrole.server.internal.query.QueryParameters;
import dev.crossrole.server.internal.query.ServiceCall;
import dev.crossrole.server.internal.request.Caller;
import dev.crossrole.store.JdbcIdentityStore;
import dev.crossrole.store.StoreConfig;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The protocol-neutral authorization step: one decision, its denial, and its renderings. */
class AccessTest {
  private static final String ACCOUNT = "111111111111";
  private static final String ROLE = "arn:aws:iam::111111111111:role/Builder";
  private static final Instant NOW = Instant.parse("2026-12-01T10:15:30.250Z");

  private static final Requester ALICE =
      new Requester(
          new Caller(
              Principal.builder("arn:aws:iam::111111111111:user/alice")
                  .userId("AIDAEXAMPLEEXAMPLE01")
                  .build(),
              ACCOUNT,
              "AKIAAAAAAAAAAAAAAAAA",
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Set.of()),
          NOW,
          "192.0.2.7",
          false);

  /** A trust policy letting alice assume the role and tag the session, but not set identities. */
  private static final Authorizer.ResourcePolicy TRUST =
      new Authorizer.ResourcePolicy(
          "Builder trust policy",
          "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
              + "\"arn:aws:iam::111111111111:user/alice\"},\"Action\":[\"sts:AssumeRole\","
              + "\"sts:TagSession\"]}]}",
          Grammar.TRUST);

  @TempDir Path data;
  private IdentityStore store;
  private final AtomicInteger policyReads = new AtomicInteger();
  private Access access;

  @BeforeEach
  void setUp() {
    store = JdbcIdentityStore.open(StoreConfig.embedded(data));
    store.createAccount(new Account("ours", ACCOUNT));
    access =
        new Access(
            new Authorizer(counting(store)),
            new AuthorizationMessageCodec(KeyRing.of(TokenKey.generate(NOW))));
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  /** The store, counting its reads of identity policies. */
  private IdentityStore counting(IdentityStore real) {
    return (IdentityStore)
        Proxy.newProxyInstance(
            IdentityStore.class.getClassLoader(),
            new Class<?>[] {IdentityStore.class},
            (proxy, method, args) -> {
              if (method.getName().equals("identityPolicies")) {
                policyReads.incrementAndGet();
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  static Stream<Arguments> decisions() {
    return Stream.of(
        Arguments.of(
            "decideAll_trustAllowsEvery_allowed",
            List.of("sts:AssumeRole", "sts:TagSession"),
            Optional.of(TRUST),
            Optional.empty()),
        Arguments.of(
            "decideAll_trustLacksTheLast_thatActionDenied",
            List.of("sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"),
            Optional.of(TRUST),
            Optional.of(
                "User: arn:aws:iam::111111111111:user/alice is not authorized to perform:"
                    + " sts:SetSourceIdentity on resource: "
                    + ROLE
                    + " because no identity-based policy allows the sts:SetSourceIdentity"
                    + " action")),
        Arguments.of(
            "decideAll_noTrustPolicy_firstActionDenied",
            List.of("sts:AssumeRole", "sts:TagSession"),
            Optional.empty(),
            Optional.of(
                "User: arn:aws:iam::111111111111:user/alice is not authorized to perform:"
                    + " sts:AssumeRole on resource: "
                    + ROLE
                    + " because no identity-based policy allows the sts:AssumeRole action")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decisions")
  void decideAll_actionsOnTheRole_firstRefusalInOrder(
      String name,
      List<String> actions,
      Optional<Authorizer.ResourcePolicy> trust,
      Optional<String> refusal) {
    Optional<Access.Denial> denial = access.decideAll(ALICE, actions, ROLE, Map.of(), trust);
    assertThat(denial.map(Access.Denial::message)).isEqualTo(refusal);
    assertThat(policyReads).hasValue(1);
  }

  @Test
  void decide_actionKeys_contextInAwsOrderAfterTheGlobalKeys() {
    Access.Denial denial =
        access
            .decide(
                ALICE,
                "iam:TagUser",
                "arn:aws:iam::111111111111:user/bob",
                Map.of("aws:TagKeys", List.of("team")),
                Optional.empty())
            .orElseThrow();
    assertThat(denial.context())
        .containsExactly(
            Map.entry("aws:CurrentTime", List.of("2026-12-01T10:15:30Z")),
            Map.entry("aws:EpochTime", List.of(Long.toString(NOW.getEpochSecond()))),
            Map.entry("aws:SourceIp", List.of("192.0.2.7")),
            Map.entry("aws:SecureTransport", List.of("false")),
            Map.entry("aws:TagKeys", List.of("team")));
  }

  @Test
  void decide_overTls_secureTransportTrue() {
    Requester overTls = new Requester(ALICE.caller(), ALICE.receivedAt(), ALICE.sourceIp(), true);
    Access.Denial denial =
        access.decide(overTls, "iam:ListUsers", "*", Map.of(), Optional.empty()).orElseThrow();
    assertThat(denial.context()).containsEntry("aws:SecureTransport", List.of("true"));
  }

  @Test
  void requireAll_lastActionRefused_accessDeniedNamingItAfterOneRead() {
    ServiceCall call =
        new ServiceCall(
            ALICE.caller(),
            "AssumeRole",
            QueryParameters.parse(""),
            "request-1",
            NOW,
            ALICE.sourceIp(),
            "us-east-1",
            false);
    assertThatThrownBy(
            () ->
                new QueryAccess(access)
                    .requireAll(
                        call,
                        List.of("sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"),
                        ROLE,
                        Map.of(),
                        Optional.of(TRUST)))
        .isInstanceOfSatisfying(
            IdentityException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED))
        .hasMessageContaining("to perform: sts:SetSourceIdentity on resource: " + ROLE)
        .hasMessageContaining(Access.ENCODED_MARKER);
    assertThat(policyReads).hasValue(1);
  }

  @Test
  void accessDenied_denial_awsTextThenTheEncodedMessage() {
    Access.Denial denial =
        access.decide(ALICE, "iam:ListUsers", "*", Map.of(), Optional.empty()).orElseThrow();
    IdentityException refused = access.accessDenied(denial);
    assertThat(refused.code()).isEqualTo(ErrorCode.ACCESS_DENIED);
    assertThat(refused.getMessage()).startsWith(denial.message() + Access.ENCODED_MARKER);
    assertThat(refused.getMessage().substring((denial.message() + Access.ENCODED_MARKER).length()))
        .isNotBlank();
  }

  @Test
  void message_policyResource_namedAsPolicyArn() {
    Access.Denial denial =
        access
            .decide(
                ALICE,
                "iam:GetPolicy",
                "arn:aws:iam::111111111111:policy/ops",
                Map.of(),
                Optional.empty())
            .orElseThrow();
    assertThat(denial.message())
        .contains("on resource: policy arn:aws:iam::111111111111:policy/ops because");
  }
}
