package dev.crossrole.server.internal.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossrole.core.Account;
import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.User;
import dev.crossrole.core.crypto.KeyRing;
import dev.crossrole.core.crypto.RegistryPasswordCodec;
import dev.crossrole.core.crypto.SessionTokenCodec;
import dev.crossrole.core.crypto.TokenKey;
import dev.crossrole.policy.Principal;
import dev.crossrole.server.Services;
import dev.crossrole.server.internal.authz.DecisionCount;
import dev.crossrole.server.internal.json.JsonCall;
import dev.crossrole.server.internal.registry.RegistryLogin;
import dev.crossrole.server.internal.request.AwsException;
import dev.crossrole.server.internal.request.Caller;
import dev.crossrole.server.internal.request.Origin;
import dev.crossrole.store.JdbcIdentityStore;
import dev.crossrole.store.StoreConfig;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GetAuthorizationToken's password: its expiry (12 hours, never past the caller's session), and the
 * login it opens at the registry, standing for the very caller that asked for it.
 */
class EcrAuthorizationTokenTest {
  private static final String OURS = "111111111111";
  private static final Instant NOW = Instant.parse("2026-01-10T10:00:00.250Z");
  private static final String SESSION_POLICY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ecr:*\","
          + "\"Resource\":\"*\"}]}";

  @TempDir Path data;
  private IdentityStore store;
  private SessionTokenCodec tokens;
  private EcrService ecr;

  @BeforeEach
  void setUp() {
    store = JdbcIdentityStore.open(StoreConfig.embedded(data));
    store.createAccount(new Account("ours", OURS));
    store.createUser(new User(OURS, "/", "nobody", "AIDANOBODY", NOW, Optional.empty(), Map.of()));
    tokens = new SessionTokenCodec(KeyRing.of(TokenKey.generate(NOW.minusSeconds(60))));
    ecr =
        (EcrService)
            Services.json(
                    store,
                    tokens,
                    Optional.empty(),
                    Optional.empty(),
                    java.time.Clock.systemUTC(),
                    "us-east-1",
                    DecisionCount.none())
                .get("ecr");
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  private static Caller root() {
    return Caller.longTerm(Principal.parse("arn:aws:iam::111111111111:root"), OURS, "AKIAROOT");
  }

  private static Caller rootSession(Instant expiresAt) {
    return new Caller(
        Principal.parse("arn:aws:iam::111111111111:root"),
        OURS,
        "ASIAROOTSESSION",
        Optional.of(SESSION_POLICY),
        Optional.of(NOW.minusSeconds(30)),
        Optional.of("alice"),
        Set.of(),
        List.of(),
        Optional.of(expiresAt));
  }

  private JsonNode token(Caller caller) {
    return ecr.handle(
            new JsonCall(
                caller,
                "GetAuthorizationToken",
                EcrRepositories.NODES.objectNode(),
                "req",
                NOW,
                "127.0.0.1",
                "us-east-1",
                false))
        .at("/authorizationData/0");
  }

  static Stream<Arguments> expiries() {
    return Stream.of(
        Arguments.of("longTermKey_twelveHours", root(), NOW.plus(Duration.ofHours(12))),
        Arguments.of(
            "sessionEndingInFifteenMinutes_withTheSession",
            rootSession(NOW.plusSeconds(900)),
            NOW.plusSeconds(900)),
        Arguments.of(
            "sessionEndingInThirtySixHours_twelveHours",
            rootSession(NOW.plus(Duration.ofHours(36))),
            NOW.plus(Duration.ofHours(12))));
  }

  @ParameterizedTest(name = "getAuthorizationToken_{0}")
  @MethodSource("expiries")
  void getAuthorizationToken_expiry(String name, Caller caller, Instant expected) {
    JsonNode data = token(caller);

    assertThat(data.get("expiresAt").decimalValue())
        .isEqualByComparingTo(BigDecimal.valueOf(expected.toEpochMilli()).movePointLeft(3));
  }

  @Test
  void getAuthorizationToken_password_opensALoginAsTheCaller() {
    Caller session = rootSession(NOW.plusSeconds(900));
    String decoded =
        new String(
            Base64.getDecoder().decode(token(session).get("authorizationToken").asText()),
            StandardCharsets.UTF_8);
    EcrRegistryAuthorizer registry =
        new EcrRegistryAuthorizer(
            store,
            new RegistryPasswordCodec(tokens.keyRing()),
            Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC),
            "us-east-1");

    RegistryLogin login =
        registry.authenticate(
            decoded.substring(0, decoded.indexOf(':')),
            decoded.substring(decoded.indexOf(':') + 1),
            new Origin("127.0.0.1", false));

    assertThat(login.expiresAt()).isEqualTo(NOW.plusSeconds(900));
    assertThat(login.caller().principal()).isEqualTo(session.principal());
    assertThat(login.caller().sessionPolicy()).isEqualTo(session.sessionPolicy());
    assertThat(login.caller().sourceIdentity()).contains("alice");
    assertThat(login.caller().tokenIssuedAt()).isEqualTo(session.tokenIssuedAt());
    assertThat(login.caller().accessKeyId()).isEqualTo("ASIAROOTSESSION");
  }

  @Test
  void getAuthorizationToken_userWithoutPolicy_accessDenied() {
    Caller nobody =
        Caller.longTerm(
            Principal.builder("arn:aws:iam::111111111111:user/nobody").userId("AIDANOBODY").build(),
            OURS,
            "AKIANOBODY");

    assertThatThrownBy(() -> token(nobody))
        .isInstanceOfSatisfying(
            AwsException.class,
            e -> {
              assertThat(e.error().code()).isEqualTo("AccessDeniedException");
              assertThat(e.getMessage())
                  .isEqualTo(
                      "User: arn:aws:iam::111111111111:user/nobody is not authorized to perform:"
                          + " ecr:GetAuthorizationToken on resource: * because no identity-based"
                          + " policy allows the ecr:GetAuthorizationToken action");
            });
  }
}
