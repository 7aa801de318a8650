package dev.crossrole.server.internal.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crossrole.core.AccessKey;
import dev.crossrole.core.Account;
import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.Role;
import dev.crossrole.core.User;
import dev.crossrole.core.crypto.Identifiers;
import dev.crossrole.core.crypto.KeyRing;
import dev.crossrole.core.crypto.MasterKey;
import dev.crossrole.core.crypto.SecretBox;
import dev.crossrole.core.crypto.SessionClaims;
import dev.crossrole.core.crypto.SessionTokenCodec;
import dev.crossrole.core.crypto.TokenKey;
import dev.crossrole.policy.Principal;
import dev.crossrole.server.internal.request.Caller;
import dev.crossrole.server.internal.sigv4.AuthError;
import dev.crossrole.server.internal.sigv4.SignatureException;
import dev.crossrole.store.JdbcIdentityStore;
import dev.crossrole.store.StoreConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How access key ids and session tokens turn into callers, or are refused. */
class CredentialsTest {
  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

  @TempDir Path data;
  private static final String TRUST =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
          + "\"Principal\":{\"AWS\":\"111111111111\"},\"Action\":\"sts:AssumeRole\"}]}";

  private IdentityStore store;
  private SecretBox secrets;
  private SessionTokenCodec tokens;
  private String roleId;

  @BeforeEach
  void setUp() {
    store = JdbcIdentityStore.open(StoreConfig.embedded(data));
    secrets = MasterKey.generate().secretBox(SecretBox.ACCESS_KEY_SECRETS);
    tokens = new SessionTokenCodec(KeyRing.of(TokenKey.generate(NOW)));
    store.createAccount(new Account("ours", "111111111111"));
    roleId = createRole("R");
  }

  /** Creates role {@code name} in account 111111111111; returns its new unique id. */
  private String createRole(String name) {
    String id = Identifiers.roleId();
    store.createRole(
        Role.builder("111111111111", name).roleId(id).created(NOW).trustPolicy(TRUST).build());
    return id;
  }

  /** Creates user {@code name} in account 111111111111; returns its new unique id. */
  private String createUser(String name) {
    String id = Identifiers.userId();
    store.createUser(new User("111111111111", "/", name, id, NOW, Optional.empty(), Map.of()));
    return id;
  }

  private String userSession(String userArn, String userId) {
    return tokens.encode(
        SessionClaims.builder(
                "ASIAAAAAAAAAAAAAAAAA",
                Identifiers.secretAccessKey(),
                "111111111111",
                new SessionClaims.UserSession(userArn, userId),
                NOW,
                NOW.plusSeconds(900))
            .build());
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  private Credentials at(Instant now) {
    return new Credentials(store, secrets, tokens, Clock.fixed(now, ZoneOffset.UTC));
  }

  private String session(Instant issued, Instant expires) {
    return tokens.encode(
        SessionClaims.builder(
                "ASIAAAAAAAAAAAAAAAAA",
                Identifiers.secretAccessKey(),
                "111111111111",
                new SessionClaims.RoleSession("arn:aws:iam::111111111111:role/R", roleId, "s1"),
                issued,
                expires)
            .build());
  }

  @Test
  void find_tokenWithTagsTransitiveKeysAndSourceIdentity_callerCarriesThemFromTheToken() {
    java.util.Map<String, String> tags = new java.util.LinkedHashMap<>();
    tags.put("team", "platform");
    tags.put("project", "seed");
    String token =
        tokens.encode(
            SessionClaims.builder(
                    "ASIAAAAAAAAAAAAAAAAA",
                    Identifiers.secretAccessKey(),
                    "111111111111",
                    new SessionClaims.RoleSession("arn:aws:iam::111111111111:role/R", roleId, "s1"),
                    NOW,
                    NOW.plusSeconds(900))
                .tags(tags)
                .transitiveTagKeys(java.util.Set.of("project"))
                .sourceIdentity("alice")
                .build());
    // The role in the store has no tags: those below come from the token.
    Caller caller =
        at(NOW).find("ASIAAAAAAAAAAAAAAAAA", Optional.of(token)).orElseThrow().principal();

    assertThat(caller.principal().tags()).isEqualTo(tags);
    assertThat(caller.principal().conditionKeys())
        .containsEntry("aws:principaltag/team", java.util.List.of("platform"))
        .containsEntry("aws:principaltag/project", java.util.List.of("seed"));
    assertThat(caller.transitiveTagKeys()).containsExactly("project");
    assertThat(caller.sourceIdentity()).contains("alice");
  }

  @Test
  void find_validSessionToken_callerIsTheRoleSession() {
    String token = session(NOW, NOW.plusSeconds(900));

    Caller caller =
        at(NOW).find("ASIAAAAAAAAAAAAAAAAA", Optional.of(token)).orElseThrow().principal();

    assertThat(caller.principal().type()).isEqualTo(Principal.Type.ASSUMED_ROLE);
    assertThat(caller.principal().arn()).isEqualTo("arn:aws:sts::111111111111:assumed-role/R/s1");
    assertThat(caller.principal().issuer()).contains("arn:aws:iam::111111111111:role/R");
    assertThat(caller.tokenIssuedAt()).contains(NOW);
  }

  @Test
  void find_sessionOfDeletedRole_noSecret() {
    String token = session(NOW, NOW.plusSeconds(900));
    store.deleteRole("111111111111", "R");

    assertThat(at(NOW).find("ASIAAAAAAAAAAAAAAAAA", Optional.of(token))).isEmpty();
  }

  @Test
  void find_sessionOfRoleRecreatedUnderTheSameName_noSecret() {
    String token = session(NOW, NOW.plusSeconds(900));
    store.deleteRole("111111111111", "R");
    createRole("R");

    assertThat(at(NOW).find("ASIAAAAAAAAAAAAAAAAA", Optional.of(token))).isEmpty();
  }

  @Test
  void find_sessionOfExistingUser_callerIsTheUser() {
    String id = createUser("builder");
    String token = userSession("arn:aws:iam::111111111111:user/builder", id);

    Caller caller =
        at(NOW).find("ASIAAAAAAAAAAAAAAAAA", Optional.of(token)).orElseThrow().principal();

    assertThat(caller.principal().arn()).isEqualTo("arn:aws:iam::111111111111:user/builder");
    assertThat(caller.principal().userId()).contains(id);
  }

  @Test
  void find_sessionOfDeletedUser_noSecret() {
    String token = userSession("arn:aws:iam::111111111111:user/builder", createUser("builder"));
    store.deleteUser("111111111111", "builder");

    assertThat(at(NOW).find("ASIAAAAAAAAAAAAAAAAA", Optional.of(token))).isEmpty();
  }

  @Test
  void find_sessionOfUserRecreatedUnderTheSameName_noSecret() {
    String token = userSession("arn:aws:iam::111111111111:user/builder", createUser("builder"));
    store.deleteUser("111111111111", "builder");
    createUser("builder");

    assertThat(at(NOW).find("ASIAAAAAAAAAAAAAAAAA", Optional.of(token))).isEmpty();
  }

  @Test
  void find_sessionOfTheRootOfAnExistingAccount_callerIsTheRoot() {
    String token = userSession("arn:aws:iam::111111111111:root", "111111111111");

    Caller caller =
        at(NOW).find("ASIAAAAAAAAAAAAAAAAA", Optional.of(token)).orElseThrow().principal();

    assertThat(caller.principal().type()).isEqualTo(Principal.Type.ROOT);
  }

  @Test
  void find_sessionOfTheRootOfAnAccountNotHosted_noSecret() {
    String token =
        tokens.encode(
            SessionClaims.builder(
                    "ASIAAAAAAAAAAAAAAAAA",
                    Identifiers.secretAccessKey(),
                    "999999999999",
                    new SessionClaims.UserSession("arn:aws:iam::999999999999:root", "999999999999"),
                    NOW,
                    NOW.plusSeconds(900))
                .build());

    assertThat(at(NOW).find("ASIAAAAAAAAAAAAAAAAA", Optional.of(token))).isEmpty();
  }

  @Test
  void find_expiredSessionToken_expiredToken() {
    String token = session(NOW, NOW.plusSeconds(900));

    assertThatThrownBy(
            () -> at(NOW.plusSeconds(900)).find("ASIAAAAAAAAAAAAAAAAA", Optional.of(token)))
        .isInstanceOf(SignatureException.class)
        .extracting(e -> ((SignatureException) e).error())
        .isEqualTo(AuthError.EXPIRED_TOKEN);
  }

  @Test
  void find_tamperedSessionToken_noSecret() {
    String token = session(NOW, NOW.plusSeconds(900));
    char last = token.charAt(token.length() - 1);
    String tampered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');

    assertThat(at(NOW).find("ASIAAAAAAAAAAAAAAAAA", Optional.of(tampered))).isEmpty();
  }

  @Test
  void find_tokenOfAnotherAccessKey_noSecret() {
    String token = session(NOW, NOW.plusSeconds(900));

    assertThat(at(NOW).find("ASIABBBBBBBBBBBBBBBB", Optional.of(token))).isEmpty();
  }

  @Test
  void find_inactiveLongTermKey_noSecret() {
    String id = Identifiers.accessKeyId();
    store.createAccessKey(
        new AccessKey(
            id,
            "111111111111",
            Optional.empty(),
            AccessKey.Status.INACTIVE,
            NOW,
            secrets.sealText(Identifiers.secretAccessKey(), id),
            Optional.empty()));

    assertThat(at(NOW).find(id, Optional.empty())).isEmpty();
  }

  @Test
  void find_activeRootKey_callerIsTheRoot() {
    String id = Identifiers.accessKeyId();
    store.createAccessKey(
        new AccessKey(
            id,
            "111111111111",
            Optional.empty(),
            AccessKey.Status.ACTIVE,
            NOW,
            secrets.sealText(Identifiers.secretAccessKey(), id),
            Optional.empty()));

    Caller caller = at(NOW).find(id, Optional.empty()).orElseThrow().principal();

    assertThat(caller.principal().arn()).isEqualTo("arn:aws:iam::111111111111:root");
    assertThat(caller.userIdForIdentity()).isEqualTo("111111111111");
  }

  @Test
  void find_unknownKey_noSecret() {
    assertThat(at(NOW).find("AKIAAAAAAAAAAAAAAAAA", Optional.empty())).isEmpty();
  }
}
