package dev.crossrole.server;

import static dev.crossrole.server.SeedSdk.BUILD;
import static dev.crossrole.server.SeedSdk.BUILDER_ARN;
import static dev.crossrole.server.SeedSdk.EXTERNAL_ID;
import static dev.crossrole.server.SeedSdk.OTHER;
import static dev.crossrole.server.SeedSdk.OURS;
import static dev.crossrole.server.SeedSdk.ROLE_ARN;
import static dev.crossrole.server.SeedSdk.ROLE_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.GetRoleResponse;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The seed story through the AWS SDK for Java v2, unmodified: clients built from the server's own
 * profile files, our role trusting the BUILD account's user only with the ExternalId, way 1 (an
 * explicit AssumeRole) and way 2 (a profile with role_arn, source_profile and external_id), and the
 * refusals, each with AWS's error code and HTTP status as the SDK parses them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeedStoryJavaSdkTest {
  private static final String DENIED_PREFIX =
      " is not authorized to perform: sts:AssumeRole on resource: ";

  @TempDir static Path data;
  private CrossroleServer server;
  private final List<AutoCloseable> clients = new ArrayList<>();
  private IamClient ours;
  private IamClient build;
  private IamClient other;
  private AwsBasicCredentials builderKeys;
  private StsClient builderSts;

  @BeforeAll
  void setUp() {
    server =
        CrossroleServer.start(SeedSdk.threeAccounts(ServerConfig.builder(data).port(0)).build());
    ours = track(SeedSdk.iam(server.endpoint(), SeedSdk.profileKeys(data, "ours")));
    build = track(SeedSdk.iam(server.endpoint(), SeedSdk.profileKeys(data, "build")));
    other = track(SeedSdk.iam(server.endpoint(), SeedSdk.profileKeys(data, "other")));
    builderKeys = SeedSdk.seed(ours, build);
    builderSts = sts(builderKeys);
  }

  @AfterAll
  void tearDown() throws Exception {
    for (AutoCloseable c : clients) {
      c.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private <T extends AutoCloseable> T track(T client) {
    clients.add(client);
    return client;
  }

  private StsClient sts(AwsCredentials credentials) {
    return track(SeedSdk.sts(server.endpoint(), SeedSdk.provider(credentials)));
  }

  private IamClient iam(AwsCredentials credentials) {
    return track(SeedSdk.iam(server.endpoint(), SeedSdk.provider(credentials)));
  }

  private AssumeRoleResponse assumeAsBuilder(Consumer<AssumeRoleRequest.Builder> request) {
    return builderSts.assumeRole(request);
  }

  /** The SDK's exception for a refused call: its AWS error code and HTTP status. */
  private static void assertAwsError(
      ThrowingCallable call,
      Class<? extends AwsServiceException> type,
      int status,
      String code,
      String messagePart) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            type,
            e -> {
              assertThat(e.statusCode()).as("HTTP status").isEqualTo(status);
              assertThat(e.awsErrorDetails().errorCode()).as("error code").isEqualTo(code);
              assertThat(e.awsErrorDetails().errorMessage()).as("message").contains(messagePart);
              if (messagePart.contains(" is not authorized to perform: ")) {
                // AWS's text, then the encoded reason that DecodeAuthorizationMessage opens.
                assertThat(e.awsErrorDetails().errorMessage())
                    .as("encoded authorization failure message")
                    .matches(".* Encoded authorization failure message: [A-Za-z0-9_-]{40,}");
              }
              assertThat(e.requestId()).as("request id").isNotBlank();
            });
  }

  // ---- the server's profile files, as the SDK reads them ----------------------------------------

  @Test
  void profileFiles_parsedBySdk_eachAccountHasRootKeysRegionAndEndpoint() {
    ProfileFile files = SeedSdk.profileFile(data);
    for (String name : List.of("ours", "build", "other")) {
      assertThat(files.profile(name)).as(name).isPresent();
      assertThat(files.profile(name).orElseThrow().property("region")).contains("us-east-1");
      assertThat(SeedSdk.profileEndpoint(data, name)).isEqualTo(server.endpoint());
    }
    Map<String, String> accountOfProfile = Map.of("ours", OURS, "build", BUILD, "other", OTHER);
    accountOfProfile.forEach(
        (profile, account) -> {
          try (StsClient sts = SeedSdk.sts(server.endpoint(), SeedSdk.profileKeys(data, profile))) {
            GetCallerIdentityResponse who = sts.getCallerIdentity();
            assertThat(who.account()).isEqualTo(account);
            assertThat(who.arn()).isEqualTo("arn:aws:iam::" + account + ":root");
          }
        });
  }

  // ---- steps 1 and 2: what each side set up -----------------------------------------------------

  @Test
  void setup_asOurs_roleKeepsTrustPolicyAndPermissions() {
    Role role = ours.getRole(r -> r.roleName(ROLE_NAME)).role();
    assertThat(role.arn()).isEqualTo(ROLE_ARN);
    assertThat(role.roleId()).startsWith("AROA");
    assertThat(role.maxSessionDuration()).isEqualTo(3600);
    assertThat(SeedSdk.decoded(role.assumeRolePolicyDocument()))
        .contains(BUILDER_ARN)
        .contains("sts:ExternalId")
        .contains(EXTERNAL_ID);
    assertThat(ours.listRolePolicies(r -> r.roleName(ROLE_NAME)).policyNames())
        .containsExactly("build");
    assertThat(
            SeedSdk.decoded(
                ours.getRolePolicy(r -> r.roleName(ROLE_NAME).policyName("build"))
                    .policyDocument()))
        .contains("iam:ListRoles");
  }

  @Test
  void setup_asBuild_userHasActiveKeyAndAssumePolicy() {
    var user = build.getUser(r -> r.userName("builder")).user();
    assertThat(user.arn()).isEqualTo(BUILDER_ARN);
    assertThat(user.userId()).startsWith("AIDA");
    List<AccessKeyMetadata> keys =
        build.listAccessKeys(r -> r.userName("builder")).accessKeyMetadata();
    assertThat(keys)
        .anySatisfy(
            k -> {
              assertThat(k.accessKeyId()).isEqualTo(builderKeys.accessKeyId());
              assertThat(k.status()).isEqualTo(StatusType.ACTIVE);
            });
    assertThat(
            SeedSdk.decoded(
                build
                    .getUserPolicy(r -> r.userName("builder").policyName("assume-builder"))
                    .policyDocument()))
        .contains("sts:AssumeRole")
        .contains(ROLE_ARN);
    // Our account does not see the BUILD account's user.
    assertAwsError(
        () -> ours.getUser(r -> r.userName("builder")),
        NoSuchEntityException.class,
        404,
        "NoSuchEntity",
        "builder");
  }

  // ---- way 1 ------------------------------------------------------------------------------------

  @Test
  void assumeRole_correctExternalId_returnsTemporaryCredentials() {
    Instant before = Instant.now();
    AssumeRoleResponse r =
        assumeAsBuilder(
            a -> a.roleArn(ROLE_ARN).roleSessionName("build-42").externalId(EXTERNAL_ID));

    assertThat(r.credentials().accessKeyId()).startsWith("ASIA").hasSize(20);
    assertThat(r.credentials().secretAccessKey()).hasSize(40);
    assertThat(r.credentials().sessionToken()).isNotBlank();
    assertThat(r.credentials().expiration())
        .isCloseTo(before.plus(Duration.ofHours(1)), within(2, ChronoUnit.MINUTES));
    assertThat(r.assumedRoleUser().arn())
        .isEqualTo("arn:aws:sts::" + OURS + ":assumed-role/" + ROLE_NAME + "/build-42");
    assertThat(r.assumedRoleUser().assumedRoleId()).startsWith("AROA").endsWith(":build-42");
    assertThat(r.getValueForField("PackedPolicySize", Integer.class)).isEmpty();
  }

  @Test
  void getCallerIdentity_sessionCredentials_showsAssumedRole() {
    AssumeRoleResponse r =
        assumeAsBuilder(
            a -> a.roleArn(ROLE_ARN).roleSessionName("build-43").externalId(EXTERNAL_ID));
    String roleId = ours.getRole(g -> g.roleName(ROLE_NAME)).role().roleId();

    GetCallerIdentityResponse who = sts(SeedSdk.session(r)).getCallerIdentity();

    assertThat(who.arn())
        .isEqualTo("arn:aws:sts::" + OURS + ":assumed-role/" + ROLE_NAME + "/build-43");
    assertThat(who.account()).isEqualTo(OURS);
    assertThat(who.userId()).isEqualTo(roleId + ":build-43");
  }

  @Test
  void sessionCredentials_roleGrantsItsPermissionsOnly() {
    AssumeRoleResponse r =
        assumeAsBuilder(
            a -> a.roleArn(ROLE_ARN).roleSessionName("build-44").externalId(EXTERNAL_ID));
    IamClient session = iam(SeedSdk.session(r));

    assertThat(session.listRoles().roles()).extracting(Role::roleName).contains(ROLE_NAME);
    assertAwsError(
        session::listUsers,
        IamException.class,
        403,
        "AccessDenied",
        "User: arn:aws:sts::"
            + OURS
            + ":assumed-role/"
            + ROLE_NAME
            + "/build-44 is not authorized to perform: iam:ListUsers");
  }

  @Test
  void assumeRole_sessionPolicy_narrowsTheRolesPermissions() {
    String onlyGetRole =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"iam:GetRole\",\"Resource\":\"*\"}]}";
    AssumeRoleResponse r =
        assumeAsBuilder(
            a ->
                a.roleArn(ROLE_ARN)
                    .roleSessionName("narrow")
                    .externalId(EXTERNAL_ID)
                    .policy(onlyGetRole));
    assertThat(r.getValueForField("PackedPolicySize", Integer.class))
        .hasValueSatisfying(size -> assertThat(size).isPositive());
    IamClient session = iam(SeedSdk.session(r));

    GetRoleResponse role = session.getRole(g -> g.roleName(ROLE_NAME));
    assertThat(role.role().arn()).isEqualTo(ROLE_ARN);
    assertAwsError(session::listRoles, IamException.class, 403, "AccessDenied", "iam:ListRoles");
  }

  @Test
  void assumeRole_durationSeconds900_expiresInFifteenMinutes() {
    Instant before = Instant.now();
    AssumeRoleResponse r =
        assumeAsBuilder(
            a ->
                a.roleArn(ROLE_ARN)
                    .roleSessionName("short")
                    .externalId(EXTERNAL_ID)
                    .durationSeconds(900));
    assertThat(r.credentials().expiration())
        .isCloseTo(before.plusSeconds(900), within(2, ChronoUnit.MINUTES));
  }

  @Test
  void assumeRole_durationBeyondMaxSessionDuration_validationError() {
    assertAwsError(
        () ->
            assumeAsBuilder(
                a ->
                    a.roleArn(ROLE_ARN)
                        .roleSessionName("long")
                        .externalId(EXTERNAL_ID)
                        .durationSeconds(7200)),
        StsException.class,
        400,
        "ValidationError",
        "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
  }

  @Test
  void assumeRole_durationBelow900_validationError() {
    assertAwsError(
        () ->
            assumeAsBuilder(
                a ->
                    a.roleArn(ROLE_ARN)
                        .roleSessionName("tiny")
                        .externalId(EXTERNAL_ID)
                        .durationSeconds(899)),
        StsException.class,
        400,
        "ValidationError",
        "durationSeconds");
  }

  // ---- refusals ---------------------------------------------------------------------------------

  @Test
  void assumeRole_wrongExternalId_accessDenied() {
    assertAwsError(
        () -> assumeAsBuilder(a -> a.roleArn(ROLE_ARN).roleSessionName("s1").externalId("guessed")),
        StsException.class,
        403,
        "AccessDenied",
        "User: " + BUILDER_ARN + DENIED_PREFIX + ROLE_ARN);
  }

  @Test
  void assumeRole_missingExternalId_accessDenied() {
    assertAwsError(
        () -> assumeAsBuilder(a -> a.roleArn(ROLE_ARN).roleSessionName("s1")),
        StsException.class,
        403,
        "AccessDenied",
        "User: " + BUILDER_ARN + DENIED_PREFIX + ROLE_ARN);
  }

  @Test
  void assumeRole_userOfThirdAccount_accessDenied() {
    AwsBasicCredentials outsider = SeedSdk.userAllowedToAssume(other, "outsider", ROLE_ARN);
    assertAwsError(
        () ->
            sts(outsider)
                .assumeRole(a -> a.roleArn(ROLE_ARN).roleSessionName("s1").externalId(EXTERNAL_ID)),
        StsException.class,
        403,
        "AccessDenied",
        "User: arn:aws:iam::" + OTHER + ":user/outsider" + DENIED_PREFIX + ROLE_ARN);
  }

  @Test
  void assumeRole_rootOfThirdAccount_accessDenied() {
    StsClient otherRoot = track(SeedSdk.sts(server.endpoint(), SeedSdk.profileKeys(data, "other")));
    assertAwsError(
        () ->
            otherRoot.assumeRole(
                a -> a.roleArn(ROLE_ARN).roleSessionName("s1").externalId(EXTERNAL_ID)),
        StsException.class,
        403,
        "AccessDenied",
        "Roles may not be assumed by root accounts.");
  }

  @Test
  void assumeRole_roleThatDoesNotExist_accessDenied() {
    String missing = "arn:aws:iam::" + OURS + ":role/Nope";
    assertAwsError(
        () ->
            assumeAsBuilder(a -> a.roleArn(missing).roleSessionName("s1").externalId(EXTERNAL_ID)),
        StsException.class,
        403,
        "AccessDenied",
        "User: " + BUILDER_ARN + DENIED_PREFIX + missing);
  }

  @Test
  void assumeRole_userWithoutAssumeRolePolicy_accessDenied() {
    // Trusted by a role, but without an identity policy allowing sts:AssumeRole.
    String roleArn = "arn:aws:iam::" + OURS + ":role/IDLEROLE";
    build.createUser(r -> r.userName("idle"));
    AwsBasicCredentials idle = SeedSdk.keysOf(build, "idle");
    ours.createRole(
        r ->
            r.roleName("IDLEROLE")
                .assumeRolePolicyDocument(
                    SeedSdk.trust("arn:aws:iam::" + BUILD + ":user/idle", EXTERNAL_ID)));

    assertAwsError(
        () ->
            sts(idle)
                .assumeRole(a -> a.roleArn(roleArn).roleSessionName("s1").externalId(EXTERNAL_ID)),
        StsException.class,
        403,
        "AccessDenied",
        "User: arn:aws:iam::" + BUILD + ":user/idle" + DENIED_PREFIX + roleArn);
  }

  @Test
  void assumeRole_trustedUserDeletedAndRecreated_accessDenied() {
    // IAM binds a trust policy to the unique id of the user it names when the policy is set (the
    // user exists first, as AWS requires): a new user of the same name is not trusted.
    String roleArn = "arn:aws:iam::" + OURS + ":role/TEMPROLE";
    AwsBasicCredentials first = SeedSdk.userAllowedToAssume(build, "temp", roleArn);
    ours.createRole(
        r ->
            r.roleName("TEMPROLE")
                .assumeRolePolicyDocument(
                    SeedSdk.trust("arn:aws:iam::" + BUILD + ":user/temp", EXTERNAL_ID)));
    assertThat(
            sts(first)
                .assumeRole(a -> a.roleArn(roleArn).roleSessionName("s1").externalId(EXTERNAL_ID))
                .assumedRoleUser()
                .arn())
        .endsWith(":assumed-role/TEMPROLE/s1");

    build.deleteAccessKey(r -> r.userName("temp").accessKeyId(first.accessKeyId()));
    build.deleteUserPolicy(r -> r.userName("temp").policyName("assume-temp"));
    build.deleteUser(r -> r.userName("temp"));
    AwsBasicCredentials second = SeedSdk.userAllowedToAssume(build, "temp", roleArn);

    assertAwsError(
        () ->
            sts(second)
                .assumeRole(a -> a.roleArn(roleArn).roleSessionName("s2").externalId(EXTERNAL_ID)),
        StsException.class,
        403,
        "AccessDenied",
        DENIED_PREFIX + roleArn);
  }

  @Test
  void updateAssumeRolePolicy_newExternalId_oldOneRefusedNewOneAccepted() {
    String roleArn = "arn:aws:iam::" + OURS + ":role/ROTATEROLE";
    String rotator = "arn:aws:iam::" + BUILD + ":user/rotator";
    StsClient sts = sts(SeedSdk.userAllowedToAssume(build, "rotator", roleArn));
    ours.createRole(
        r -> r.roleName("ROTATEROLE").assumeRolePolicyDocument(SeedSdk.trust(rotator, "old_id")));
    assertThat(
            sts.assumeRole(a -> a.roleArn(roleArn).roleSessionName("s1").externalId("old_id"))
                .credentials()
                .accessKeyId())
        .startsWith("ASIA");

    ours.updateAssumeRolePolicy(
        r -> r.roleName("ROTATEROLE").policyDocument(SeedSdk.trust(rotator, "new_id")));

    assertAwsError(
        () -> sts.assumeRole(a -> a.roleArn(roleArn).roleSessionName("s2").externalId("old_id")),
        StsException.class,
        403,
        "AccessDenied",
        "User: " + rotator + DENIED_PREFIX + roleArn);
    assertThat(
            sts.assumeRole(a -> a.roleArn(roleArn).roleSessionName("s3").externalId("new_id"))
                .assumedRoleUser()
                .arn())
        .isEqualTo("arn:aws:sts::" + OURS + ":assumed-role/ROTATEROLE/s3");
  }

  // ---- authentication failures ------------------------------------------------------------------

  @Test
  void getCallerIdentity_tamperedSessionToken_invalidClientTokenId() {
    AwsSessionCredentials session =
        SeedSdk.session(
            assumeAsBuilder(
                a -> a.roleArn(ROLE_ARN).roleSessionName("tamper").externalId(EXTERNAL_ID)));
    String token = session.sessionToken();
    int i = token.length() / 2;
    String tampered =
        token.substring(0, i) + (token.charAt(i) == 'A' ? 'B' : 'A') + token.substring(i + 1);
    AwsSessionCredentials forged =
        AwsSessionCredentials.create(session.accessKeyId(), session.secretAccessKey(), tampered);

    assertAwsError(
        () -> sts(forged).getCallerIdentity(),
        StsException.class,
        403,
        "InvalidClientTokenId",
        "The security token included in the request is invalid");
  }

  @Test
  void getCallerIdentity_wrongSecret_signatureDoesNotMatch() {
    String secret = builderKeys.secretAccessKey();
    String wrong = (secret.charAt(0) == 'A' ? "B" : "A") + secret.substring(1);
    assertAwsError(
        () -> sts(AwsBasicCredentials.create(builderKeys.accessKeyId(), wrong)).getCallerIdentity(),
        StsException.class,
        403,
        "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature you provided");
  }

  @Test
  void getCallerIdentity_unknownAccessKey_invalidClientTokenId() {
    assertAwsError(
        () ->
            sts(AwsBasicCredentials.create(
                    "AKIAZZZZZZZZZZZZZZZZ", "0123456789012345678901234567890123456789"))
                .getCallerIdentity(),
        StsException.class,
        403,
        "InvalidClientTokenId",
        "The security token included in the request is invalid");
  }

  // ---- bad input --------------------------------------------------------------------------------

  @Test
  void createRole_trustPolicyWithResource_malformedPolicyDocumentAndNoRole() {
    String withResource =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
            + BUILDER_ARN
            + "\"},\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}";
    assertAwsError(
        () -> ours.createRole(r -> r.roleName("Bad").assumeRolePolicyDocument(withResource)),
        MalformedPolicyDocumentException.class,
        400,
        "MalformedPolicyDocument",
        "Has prohibited field Resource");
    assertAwsError(
        () -> ours.getRole(r -> r.roleName("Bad")),
        NoSuchEntityException.class,
        404,
        "NoSuchEntity",
        "Bad");
  }

  @Test
  void createRole_trustPolicyNotJson_malformedPolicyDocument() {
    assertAwsError(
        () -> ours.createRole(r -> r.roleName("Bad2").assumeRolePolicyDocument("{not json")),
        MalformedPolicyDocumentException.class,
        400,
        "MalformedPolicyDocument",
        "");
  }

  @Test
  void putUserPolicy_notJson_malformedPolicyDocument() {
    assertAwsError(
        () ->
            build.putUserPolicy(
                r -> r.userName("builder").policyName("broken").policyDocument("[1,2")),
        MalformedPolicyDocumentException.class,
        400,
        "MalformedPolicyDocument",
        "");
    assertThat(build.listUserPolicies(r -> r.userName("builder")).policyNames())
        .doesNotContain("broken");
  }

  @Test
  void createUser_duplicateName_entityAlreadyExists() {
    assertAwsError(
        () -> build.createUser(r -> r.userName("builder")),
        EntityAlreadyExistsException.class,
        409,
        "EntityAlreadyExists",
        "User with name builder already exists.");
  }

  @Test
  void getUser_missing_noSuchEntity() {
    assertAwsError(
        () -> build.getUser(r -> r.userName("nobody")),
        NoSuchEntityException.class,
        404,
        "NoSuchEntity",
        "The user with name nobody cannot be found.");
  }

  @Test
  void createUser_invalidName_validationError() {
    assertAwsError(
        () -> build.createUser(r -> r.userName("bad name!")),
        IamException.class,
        400,
        "ValidationError",
        "Value 'bad name!' at 'userName' failed to satisfy constraint");
  }

  // ---- way 2: a profile with role_arn, source_profile and external_id ---------------------------

  /**
   * Writes a config/credentials pair as the build container's script would: the builder's keys in a
   * source profile and a role profile naming our role, the ExternalId and the endpoint.
   */
  private Path wayTwoFiles(String dirName, String externalId) throws IOException {
    Path dir = Files.createDirectories(data.resolve(dirName));
    Files.writeString(
        dir.resolve("credentials"),
        "[builder]\naws_access_key_id = "
            + builderKeys.accessKeyId()
            + "\naws_secret_access_key = "
            + builderKeys.secretAccessKey()
            + "\n");
    Files.writeString(
        dir.resolve("config"),
        "[profile builder]\nregion = us-east-1\nendpoint_url = "
            + server.endpoint()
            + "\n\n[profile build-role]\nrole_arn = "
            + ROLE_ARN
            + "\nsource_profile = builder\nexternal_id = "
            + externalId
            + "\nrole_session_name = sdk-way-2\nregion = us-east-1\nendpoint_url = "
            + server.endpoint()
            + "\n");
    return dir;
  }

  /**
   * Runs {@code body} with the SDK's profile system properties set as given (null clears one),
   * restoring them afterwards. The SDK reads them on each use, so the change stays in this call.
   */
  private static void withSystemProperties(Map<String, String> properties, Runnable body) {
    Map<String, String> saved = new HashMap<>();
    for (String key : properties.keySet()) {
      saved.put(key, System.getProperty(key));
    }
    try {
      properties.forEach(
          (k, v) -> {
            if (v == null) {
              System.clearProperty(k);
            } else {
              System.setProperty(k, v);
            }
          });
      body.run();
    } finally {
      saved.forEach(
          (k, v) -> {
            if (v == null) {
              System.clearProperty(k);
            } else {
              System.setProperty(k, v);
            }
          });
    }
  }

  private static Map<String, String> properties(String... keyValues) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  /** Endpoint variables in this JVM's environment would beat any profile's endpoint_url. */
  private static void assumeNoEndpointEnvironment() {
    Assumptions.assumeTrue(
        System.getenv("AWS_ENDPOINT_URL") == null && System.getenv("AWS_ENDPOINT_URL_STS") == null,
        "AWS_ENDPOINT_URL(_STS) is set in the environment");
  }

  @Test
  void wayTwo_defaultProfileFilesWithRoleArnSourceProfileExternalIdAndEndpointUrl_assumesRole()
      throws IOException {
    // As a build container runs it: AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE and AWS_PROFILE
    // (here their system-property twins), no endpoint in code. The SDK builds the STS client that
    // assumes the role from the default profile files, so endpoint_url reaches it this way.
    assumeNoEndpointEnvironment();
    Path dir = wayTwoFiles("way2-default", EXTERNAL_ID);
    withSystemProperties(
        properties(
            "aws.configFile",
            dir.resolve("config").toString(),
            "aws.sharedCredentialsFile",
            dir.resolve("credentials").toString(),
            "aws.profile",
            "build-role",
            "aws.endpointUrl",
            null,
            "aws.endpointUrlSts",
            null),
        () -> {
          ProfileCredentialsProvider provider =
              ProfileCredentialsProvider.builder().profileName("build-role").build();
          try (provider;
              StsClient sts =
                  StsClient.builder()
                      .region(Region.US_EAST_1)
                      .credentialsProvider(provider)
                      .build()) {
            GetCallerIdentityResponse who = sts.getCallerIdentity();
            assertThat(who.arn())
                .isEqualTo("arn:aws:sts::" + OURS + ":assumed-role/" + ROLE_NAME + "/sdk-way-2");
            assertThat(provider.resolveCredentials().accessKeyId()).startsWith("ASIA");
          }
        });
  }

  @Test
  void wayTwo_explicitProfileFileAndStsEndpointProperty_assumesRole() throws IOException {
    // A ProfileFile handed to the provider: the SDK takes role_arn, source_profile, external_id
    // and region from it, but the endpoint of its AssumeRole call from aws.endpointUrlSts.
    Path dir = wayTwoFiles("way2-explicit", EXTERNAL_ID);
    Path empty = Files.writeString(data.resolve("empty-profile-file"), "");
    withSystemProperties(
        properties(
            "aws.configFile", empty.toString(),
            "aws.sharedCredentialsFile", empty.toString(),
            "aws.profile", "default",
            "aws.endpointUrl", null,
            "aws.endpointUrlSts", server.endpoint()),
        () -> {
          ProfileCredentialsProvider provider =
              ProfileCredentialsProvider.builder()
                  .profileFile(SeedSdk.profileFile(dir))
                  .profileName("build-role")
                  .build();
          try (provider) {
            GetCallerIdentityResponse who = sts(provider.resolveCredentials()).getCallerIdentity();
            assertThat(who.arn())
                .isEqualTo("arn:aws:sts::" + OURS + ":assumed-role/" + ROLE_NAME + "/sdk-way-2");
          }
        });
  }

  @Test
  void wayTwo_profileWithWrongExternalId_accessDenied() throws IOException {
    assumeNoEndpointEnvironment();
    Path dir = wayTwoFiles("way2-wrong", "guessed");
    withSystemProperties(
        properties(
            "aws.configFile",
            dir.resolve("config").toString(),
            "aws.sharedCredentialsFile",
            dir.resolve("credentials").toString(),
            "aws.profile",
            "build-role",
            "aws.endpointUrl",
            null,
            "aws.endpointUrlSts",
            null),
        () -> {
          ProfileCredentialsProvider provider =
              ProfileCredentialsProvider.builder().profileName("build-role").build();
          try (provider) {
            assertAwsError(
                provider::resolveCredentials,
                StsException.class,
                403,
                "AccessDenied",
                "User: " + BUILDER_ARN + DENIED_PREFIX + ROLE_ARN);
          }
        });
  }

  /**
   * Pins down an SDK limitation (2.57.8): with an explicit ProfileFile, the STS client that assumes
   * the role ignores that profile's endpoint_url and resolves its endpoint from the default profile
   * files instead. Here the default [default] profile points at a witness that records the call, so
   * the test never leaves this machine.
   */
  @Test
  void wayTwo_explicitProfileFile_sdkIgnoresTheRoleProfilesEndpointUrl() throws IOException {
    assumeNoEndpointEnvironment();
    List<String> seen = new CopyOnWriteArrayList<>();
    HttpServer witness = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    witness.createContext(
        "/",
        exchange -> {
          seen.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(400, -1);
          exchange.close();
        });
    witness.start();
    try {
      String witnessUrl = "http://127.0.0.1:" + witness.getAddress().getPort();
      Path dir = wayTwoFiles("way2-ignored", EXTERNAL_ID);
      Path defaults =
          Files.writeString(
              data.resolve("default-config"),
              "[default]\nregion = us-east-1\nendpoint_url = " + witnessUrl + "\n");
      withSystemProperties(
          properties(
              "aws.configFile",
              defaults.toString(),
              "aws.sharedCredentialsFile",
              defaults.toString(),
              "aws.profile",
              "default",
              "aws.endpointUrl",
              null,
              "aws.endpointUrlSts",
              null),
          () -> {
            ProfileCredentialsProvider provider =
                ProfileCredentialsProvider.builder()
                    .profileFile(SeedSdk.profileFile(dir))
                    .profileName("build-role")
                    .build();
            try (provider) {
              assertThatThrownBy(provider::resolveCredentials).isInstanceOf(SdkException.class);
            }
          });
      assertThat(seen).isNotEmpty();
      assertThat(seen.get(0)).contains("Action=AssumeRole").contains("ExternalId=" + EXTERNAL_ID);
    } finally {
      witness.stop(0);
    }
  }
}
