package dev.crossrole.server.internal.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crossrole.core.Account;
import dev.crossrole.core.Authorizer;
import dev.crossrole.core.EcrRepository;
import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.InlinePolicy;
import dev.crossrole.core.PolicyHolder;
import dev.crossrole.core.Role;
import dev.crossrole.core.User;
import dev.crossrole.core.crypto.KeyRing;
import dev.crossrole.core.crypto.RegistryPasswordCodec;
import dev.crossrole.core.crypto.TokenKey;
import dev.crossrole.policy.AuthorizationRequest;
import dev.crossrole.policy.Evaluation;
import dev.crossrole.policy.Principal;
import dev.crossrole.server.internal.registry.RegistryAuthException;
import dev.crossrole.server.internal.registry.RegistryLogin;
import dev.crossrole.server.internal.request.Caller;
import dev.crossrole.server.internal.request.Origin;
import dev.crossrole.store.JdbcIdentityStore;
import dev.crossrole.store.StoreConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The registry's decisions against a real store: logins from ECR passwords, and scopes granted only
 * when IAM allows every ECR action they need, with repository policies across accounts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EcrRegistryAuthorizerTest {
  private static final String OURS = "111111111111";
  private static final String BUILD = "222222222222";
  private static final String OTHER = "333333333333";
  private static final Instant NOW = Instant.parse("2026-01-10T10:00:00Z");
  private static final String REGION = "us-east-1";

  /** Where the token requests come from: this machine, over plain HTTP. */
  private static final Origin LOOPBACK = new Origin("127.0.0.1", false);

  private static final String PUSH_PULL_APP =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":["
          + "\"ecr:BatchGetImage\",\"ecr:GetDownloadUrlForLayer\","
          + "\"ecr:BatchCheckLayerAvailability\",\"ecr:InitiateLayerUpload\","
          + "\"ecr:UploadLayerPart\",\"ecr:CompleteLayerUpload\",\"ecr:PutImage\"],"
          + "\"Resource\":\"arn:aws:ecr:us-east-1:111111111111:repository/ourthing/app\"}]}";
  private static final String PULL_ONLY_SESSION =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":["
          + "\"ecr:BatchGetImage\",\"ecr:GetDownloadUrlForLayer\","
          + "\"ecr:BatchCheckLayerAvailability\"],\"Resource\":\"*\"}]}";
  private static final String BUILDER_ECR =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ecr:*\","
          + "\"Resource\":\"arn:aws:ecr:us-east-1:111111111111:repository/*\"}]}";
  private static final String GRANT_BUILDER_PULL =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
          + "\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:user/builder\"},\"Action\":["
          + "\"ecr:BatchGetImage\",\"ecr:GetDownloadUrlForLayer\","
          + "\"ecr:BatchCheckLayerAvailability\"]}]}";
  private static final String ALL_ACTIONS_ONLY_CHECK =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
          + "\"Action\":\"ecr:BatchCheckLayerAvailability\",\"Resource\":\"*\"}]}";

  @TempDir static Path data;
  private IdentityStore store;
  private RegistryPasswordCodec passwords;

  @BeforeAll
  void setUp() {
    store = JdbcIdentityStore.open(StoreConfig.embedded(data));
    store.createAccount(new Account("ours", OURS));
    store.createAccount(new Account("build", BUILD));
    store.createAccount(new Account("other", OTHER));
    role("OURTHINGBUILDROLE");
    role("checker");
    role("shortlived");
    userIn(BUILD, "builder");
    userIn(OTHER, "stranger");
    store.putInlinePolicy(
        new InlinePolicy(PolicyHolder.ROLE, OURS, "OURTHINGBUILDROLE", "ecr", PUSH_PULL_APP));
    store.putInlinePolicy(
        new InlinePolicy(PolicyHolder.ROLE, OURS, "checker", "check", ALL_ACTIONS_ONLY_CHECK));
    store.putInlinePolicy(
        new InlinePolicy(PolicyHolder.USER, BUILD, "builder", "ecr", BUILDER_ECR));
    store.putInlinePolicy(
        new InlinePolicy(PolicyHolder.USER, OTHER, "stranger", "ecr", BUILDER_ECR));
    repository("ourthing/app", Optional.empty());
    repository("ourthing/other", Optional.empty());
    repository("ourthing/shared", Optional.of(GRANT_BUILDER_PULL));
    passwords = new RegistryPasswordCodec(KeyRing.of(TokenKey.generate(NOW.minusSeconds(86_400))));
  }

  private void role(String name) {
    store.createRole(
        Role.builder(OURS, name)
            .roleId("AROA" + name.toUpperCase(java.util.Locale.ROOT))
            .created(NOW)
            .trustPolicy("{\"Version\":\"2012-10-17\",\"Statement\":[]}")
            .build());
  }

  private void userIn(String account, String name) {
    store.createUser(
        new User(
            account,
            "/",
            name,
            "AIDA" + name.toUpperCase(java.util.Locale.ROOT),
            NOW,
            Optional.empty(),
            Map.of()));
  }

  private void repository(String name, Optional<String> policy) {
    store.createRepository(
        new EcrRepository(
            OURS, name, NOW, "MUTABLE", false, "AES256", Optional.empty(), Map.of(), policy));
  }

  @AfterAll
  void tearDown() {
    store.close();
  }

  private EcrRegistryAuthorizer at(Instant now) {
    return new EcrRegistryAuthorizer(store, passwords, Clock.fixed(now, ZoneOffset.UTC), REGION);
  }

  private static Caller root() {
    return Caller.longTerm(
        Principal.parse("arn:aws:iam::111111111111:root"), OURS, "AKIAEXAMPLEROOT00001");
  }

  private static Caller roleSession(String role, Optional<String> sessionPolicy) {
    return roleSession(role, sessionPolicy, List.of());
  }

  private static Caller roleSession(
      String role, Optional<String> sessionPolicy, List<String> sessionPolicyArns) {
    Principal p =
        Principal.builder("arn:aws:sts::111111111111:assumed-role/" + role + "/build-42")
            .userId("AROA" + role.toUpperCase(java.util.Locale.ROOT) + ":build-42")
            .issuer("arn:aws:iam::111111111111:role/" + role)
            .build();
    return new Caller(
        p,
        OURS,
        "ASIAEXAMPLE000000001",
        sessionPolicy,
        Optional.of(NOW.minusSeconds(60)),
        Optional.empty(),
        Set.of(),
        sessionPolicyArns,
        Optional.of(NOW.plusSeconds(3600)));
  }

  private static Caller user(String account, String name) {
    Principal p =
        Principal.builder("arn:aws:iam::" + account + ":user/" + name)
            .userId("AIDA" + name.toUpperCase(java.util.Locale.ROOT))
            .build();
    return Caller.longTerm(p, account, "AKIAEXAMPLE" + account);
  }

  private String passwordOf(Caller caller, Instant expiresAt) {
    return passwords.encode(EcrRegistryAuthorizer.password(caller, NOW, expiresAt));
  }

  private RegistryLogin login(Caller caller) {
    return at(NOW).authenticate("AWS", passwordOf(caller, NOW.plusSeconds(3600)), LOOPBACK);
  }

  static Stream<Arguments> scopes() {
    Set<String> pullPush = Set.of("pull", "push");
    return Stream.of(
        Arguments.of(
            "sameAccount_rolePolicyOnApp_pullAndPush",
            roleSession("OURTHINGBUILDROLE", Optional.empty()),
            OURS + "/ourthing/app",
            pullPush,
            pullPush),
        Arguments.of(
            "sameAccount_roleOnOtherRepository_nothing",
            roleSession("OURTHINGBUILDROLE", Optional.empty()),
            OURS + "/ourthing/other",
            pullPush,
            Set.of()),
        Arguments.of(
            "sameAccount_roleAskingDelete_notGranted",
            roleSession("OURTHINGBUILDROLE", Optional.empty()),
            OURS + "/ourthing/app",
            Set.of("pull", "delete"),
            Set.of("pull")),
        Arguments.of(
            "sameAccount_roleAskingEverything_notGranted",
            roleSession("OURTHINGBUILDROLE", Optional.empty()),
            OURS + "/ourthing/app",
            Set.of("*"),
            Set.of()),
        Arguments.of(
            "sameAccount_oneOfTheNeededActionsOnly_nothing",
            roleSession("checker", Optional.empty()),
            OURS + "/ourthing/app",
            pullPush,
            Set.of()),
        Arguments.of(
            "sameAccount_sessionPolicyPullOnly_pullOnly",
            roleSession("OURTHINGBUILDROLE", Optional.of(PULL_ONLY_SESSION)),
            OURS + "/ourthing/app",
            pullPush,
            Set.of("pull")),
        Arguments.of(
            "sameAccount_managedSessionPolicyReadOnly_pullOnly",
            roleSession(
                "OURTHINGBUILDROLE",
                Optional.empty(),
                List.of("arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly")),
            OURS + "/ourthing/app",
            pullPush,
            Set.of("pull")),
        Arguments.of(
            "sameAccount_managedSessionPolicyGone_nothing",
            roleSession(
                "OURTHINGBUILDROLE",
                Optional.empty(),
                List.of("arn:aws:iam::111111111111:policy/deleted")),
            OURS + "/ourthing/app",
            pullPush,
            Set.of()),
        Arguments.of(
            "sameAccount_root_everything",
            root(),
            OURS + "/ourthing/other",
            Set.of("pull", "push", "delete", "*"),
            Set.of("pull", "push", "delete", "*")),
        Arguments.of(
            "sameAccount_missingRepository_nothing",
            root(),
            OURS + "/ourthing/missing",
            pullPush,
            Set.of()),
        Arguments.of(
            "crossAccount_withoutRepositoryPolicy_nothing",
            user(BUILD, "builder"),
            OURS + "/ourthing/app",
            pullPush,
            Set.of()),
        Arguments.of(
            "crossAccount_repositoryPolicyGrantsPull_pullOnly",
            user(BUILD, "builder"),
            OURS + "/ourthing/shared",
            pullPush,
            Set.of("pull")),
        Arguments.of(
            "crossAccount_policyNamesAnotherPrincipal_nothing",
            user(OTHER, "stranger"),
            OURS + "/ourthing/shared",
            pullPush,
            Set.of()),
        Arguments.of("path_withoutAccount_nothing", root(), "ourthing/app", pullPush, Set.of()),
        Arguments.of(
            "path_invalidName_nothing", root(), OURS + "/Ourthing/App", pullPush, Set.of()),
        Arguments.of(
            "action_unknown_nothing", root(), OURS + "/ourthing/app", Set.of("catalog"), Set.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scopes")
  void granted_cases(
      String name, Caller caller, String repository, Set<String> requested, Set<String> expected) {
    assertThat(at(NOW).granted(login(caller), repository, requested))
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void authenticate_validPassword_callerRebuiltWithItsSession() {
    Caller session = roleSession("OURTHINGBUILDROLE", Optional.of(PULL_ONLY_SESSION));

    RegistryLogin login = login(session);

    assertThat(login.caller())
        .isEqualTo(
            new Caller(
                session.principal(),
                session.accountId(),
                session.accessKeyId(),
                session.sessionPolicy(),
                session.tokenIssuedAt(),
                session.sourceIdentity(),
                session.transitiveTagKeys(),
                session.sessionPolicyArns(),
                Optional.of(NOW.plusSeconds(3600))));
    assertThat(login.expiresAt()).isEqualTo(NOW.plusSeconds(3600));
  }

  static Stream<Arguments> refusedLogins() {
    return Stream.of(
        Arguments.of("user_notAws", "root", false, 0),
        Arguments.of("user_lowerCase", "aws", false, 0),
        Arguments.of("password_tampered", "AWS", true, 0),
        Arguments.of("password_expired", "AWS", false, 3600),
        Arguments.of("password_longAfterExpiry", "AWS", false, 86_400));
  }

  @ParameterizedTest(name = "authenticate_{0}_refused")
  @MethodSource("refusedLogins")
  void authenticate_refused(String name, String user, boolean tamper, long secondsLater) {
    String password = passwordOf(root(), NOW.plusSeconds(3600));
    if (tamper) {
      char last = password.charAt(password.length() - 1);
      password = password.substring(0, password.length() - 1) + (last == 'A' ? 'B' : 'A');
    }
    String given = password;
    EcrRegistryAuthorizer later = at(NOW.plusSeconds(secondsLater));

    assertThatThrownBy(() -> later.authenticate(user, given, LOOPBACK))
        .isInstanceOf(RegistryAuthException.class);
  }

  @Test
  void authenticate_passwordOfADeletedRolesSession_refused() {
    role("gone");
    String password = passwordOf(roleSession("gone", Optional.empty()), NOW.plusSeconds(3600));
    store.deleteRole(OURS, "gone");

    assertThatThrownBy(() -> at(NOW).authenticate("AWS", password, LOOPBACK))
        .isInstanceOf(RegistryAuthException.class)
        .hasMessage("the identity this authorization token was issued to no longer exists");
  }

  @Test
  void authenticate_passwordOfARoleRecreatedUnderTheSameName_refused() {
    role("again");
    String password = passwordOf(roleSession("again", Optional.empty()), NOW.plusSeconds(3600));
    store.deleteRole(OURS, "again");
    store.createRole(
        Role.builder(OURS, "again")
            .roleId("AROAAGAINRECREATED")
            .created(NOW)
            .trustPolicy("{\"Version\":\"2012-10-17\",\"Statement\":[]}")
            .build());

    assertThatThrownBy(() -> at(NOW).authenticate("AWS", password, LOOPBACK))
        .isInstanceOf(RegistryAuthException.class);
  }

  @Test
  void authenticate_passwordOfAUserRecreatedUnderTheSameName_refused() {
    userIn(BUILD, "rebuilt");
    String password = passwordOf(user(BUILD, "rebuilt"), NOW.plusSeconds(3600));
    store.deleteUser(BUILD, "rebuilt");
    store.createUser(
        new User(BUILD, "/", "rebuilt", "AIDAREBUILTAGAIN", NOW, Optional.empty(), Map.of()));

    assertThatThrownBy(() -> at(NOW).authenticate("AWS", password, LOOPBACK))
        .isInstanceOf(RegistryAuthException.class);
  }

  @Test
  void authenticate_sessionRevokedAfterThePassword_refusedAndOthersStillLogIn() {
    role("revoked");
    store.putInlinePolicy(
        new InlinePolicy(PolicyHolder.ROLE, OURS, "revoked", "ecr", PUSH_PULL_APP));
    String password = passwordOf(roleSession("revoked", Optional.empty()), NOW.plusSeconds(3600));
    RegistryLogin before = at(NOW).authenticate("AWS", password, LOOPBACK);
    store.putInlinePolicy(
        new InlinePolicy(
            PolicyHolder.ROLE,
            OURS,
            "revoked",
            "AWSRevokeOlderSessions",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
                + "\"Action\":[\"*\"],\"Resource\":[\"*\"],\"Condition\":{\"DateLessThan\":"
                + "{\"aws:TokenIssueTime\":\""
                + NOW
                + "\"}}}]}"));

    assertThat(before.caller().principal().arn()).contains("assumed-role/revoked/");
    assertThatThrownBy(() -> at(NOW).authenticate("AWS", password, LOOPBACK))
        .isInstanceOf(RegistryAuthException.class)
        .hasMessageContaining("explicitly denied ecr:GetAuthorizationToken");
    assertThat(at(NOW).granted(before, OURS + "/ourthing/app", Set.of("push"))).isEmpty();
    assertThat(login(roleSession("OURTHINGBUILDROLE", Optional.empty())).caller()).isNotNull();
  }

  static Stream<Arguments> origins() {
    return Stream.of(
        Arguments.of("fromInsideTheRange_loginAccepted", new Origin("10.1.2.3", true), true),
        Arguments.of("fromOutsideTheRange_loginRefused", new Origin("127.0.0.1", true), false),
        Arguments.of("overPlainHttp_loginRefused", new Origin("10.1.2.3", false), false));
  }

  /**
   * A deny of everything from outside 10.0.0.0/8 or without TLS, AWS's usual network fence, disowns
   * the logins of token requests it covers: the request's own address and transport decide.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("origins")
  void authenticate_denyOutsideNetworkOrWithoutTls_decidedByTheRequestsOrigin(
      String name, Origin origin, boolean accepted) {
    String role = name.substring(0, name.indexOf('_'));
    role(role);
    store.putInlinePolicy(
        new InlinePolicy(
            PolicyHolder.ROLE,
            OURS,
            role,
            "fence",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
                + "\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"NotIpAddress\":"
                + "{\"aws:SourceIp\":\"10.0.0.0/8\"}}},{\"Effect\":\"Deny\",\"Action\":\"*\","
                + "\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":"
                + "\"false\"}}}]}"));
    String password = passwordOf(roleSession(role, Optional.empty()), NOW.plusSeconds(3600));

    if (accepted) {
      assertThat(at(NOW).authenticate("AWS", password, origin).origin()).isEqualTo(origin);
    } else {
      assertThatThrownBy(() -> at(NOW).authenticate("AWS", password, origin))
          .isInstanceOf(RegistryAuthException.class)
          .hasMessageContaining("explicitly denied ecr:GetAuthorizationToken");
    }
  }

  @Test
  void granted_afterTheLoginExpired_nothing() {
    RegistryLogin login = login(root());

    assertThat(at(NOW.plusSeconds(3600)).granted(login, OURS + "/ourthing/app", Set.of("pull")))
        .isEmpty();
  }

  @Test
  void granted_roleLostItsPolicy_nothingAtTheNextRequest() {
    store.putInlinePolicy(
        new InlinePolicy(PolicyHolder.ROLE, OURS, "shortlived", "ecr", PUSH_PULL_APP));
    RegistryLogin login = login(roleSession("shortlived", Optional.empty()));
    Set<String> before = at(NOW).granted(login, OURS + "/ourthing/app", Set.of("push"));

    store.deleteInlinePolicy(PolicyHolder.ROLE, OURS, "shortlived", "ecr");

    assertThat(before).containsExactly("push");
    assertThat(at(NOW).granted(login, OURS + "/ourthing/app", Set.of("push"))).isEmpty();
  }

  @Test
  void authorizeAll_eachEcrAction_sameDecisionsAsOneByOne() {
    Authorizer authorizer = new Authorizer(store);
    Principal role = roleSession("OURTHINGBUILDROLE", Optional.empty()).principal();
    List<AuthorizationRequest> requests =
        Stream.of("ecr:BatchGetImage", "ecr:PutImage", "ecr:BatchDeleteImage", "ecr:ListImages")
            .map(
                a ->
                    AuthorizationRequest.builder(
                            role, a, "arn:aws:ecr:us-east-1:111111111111:repository/ourthing/app")
                        .build())
            .toList();

    List<Boolean> together =
        authorizer
            .authorizeAll(requests, Optional.of(PULL_ONLY_SESSION), List.of(), Optional.empty())
            .stream()
            .map(Evaluation::allowed)
            .toList();
    List<Boolean> oneByOne =
        requests.stream()
            .map(
                r ->
                    authorizer
                        .authorize(r, Optional.of(PULL_ONLY_SESSION), List.of(), Optional.empty())
                        .allowed())
            .toList();

    assertThat(together).containsExactly(true, false, false, false).isEqualTo(oneByOne);
  }

  @Test
  void authorizeAll_twoPrincipals_refused() {
    String arn = "arn:aws:ecr:us-east-1:111111111111:repository/ourthing/app";
    List<AuthorizationRequest> requests =
        List.of(
            AuthorizationRequest.builder(root().principal(), "ecr:PutImage", arn).build(),
            AuthorizationRequest.builder(user(BUILD, "builder").principal(), "ecr:PutImage", arn)
                .build());

    assertThatThrownBy(
            () ->
                new Authorizer(store)
                    .authorizeAll(requests, Optional.empty(), List.of(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
