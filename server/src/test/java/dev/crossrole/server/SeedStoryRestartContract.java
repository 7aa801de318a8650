package dev.crossrole.server;

import static dev.crossrole.server.SeedSdk.BUILDER_ARN;
import static dev.crossrole.server.SeedSdk.EXTERNAL_ID;
import static dev.crossrole.server.SeedSdk.OURS;
import static dev.crossrole.server.SeedSdk.ROLE_ARN;
import static dev.crossrole.server.SeedSdk.ROLE_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.User;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The seed's state survives a restart: set up users, keys, a role and policies through the SDK,
 * stop the server, start it again on the same store, and the same keys assume the same role under
 * the same rules. Subclasses name the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SeedStoryRestartContract {
  private CrossroleServer server;
  private final List<AutoCloseable> clients = new ArrayList<>();
  private AwsBasicCredentials builderKeys;
  private AwsBasicCredentials inactiveKeys;
  private AwsBasicCredentials deletedKeys;
  private AwsSessionCredentials sessionBeforeRestart;
  private Map<String, String> rootKeyIdsBeforeRestart;
  private User builderBeforeRestart;
  private Role roleBeforeRestart;

  /** The data directory (master key, profile files, and the embedded store if there is one). */
  protected abstract Path dataDirectory();

  /** The server's configuration: the same for both starts. Called before each start. */
  protected abstract ServerConfig config();

  /** Called once after the last server stopped (a database schema to drop, say). */
  protected void cleanUp() throws Exception {}

  @BeforeAll
  void setUpAndRestart() throws Exception {
    server = CrossroleServer.start(config());
    try (IamClient ours =
            SeedSdk.iam(server.endpoint(), SeedSdk.profileKeys(dataDirectory(), "ours"));
        IamClient build =
            SeedSdk.iam(server.endpoint(), SeedSdk.profileKeys(dataDirectory(), "build"));
        StsClient probe =
            SeedSdk.sts(server.endpoint(), SeedSdk.profileKeys(dataDirectory(), "ours"))) {
      builderKeys = SeedSdk.seed(ours, build);
      // A second user whose one key was made inactive, and a key deleted: both stay refused.
      inactiveKeys = SeedSdk.userAllowedToAssume(build, "parked", ROLE_ARN);
      build.updateAccessKey(
          r ->
              r.userName("parked")
                  .accessKeyId(inactiveKeys.accessKeyId())
                  .status(StatusType.INACTIVE));
      deletedKeys = SeedSdk.keysOf(build, "builder");
      build.deleteAccessKey(r -> r.userName("builder").accessKeyId(deletedKeys.accessKeyId()));
      builderBeforeRestart = build.getUser(r -> r.userName("builder")).user();
      roleBeforeRestart = ours.getRole(r -> r.roleName(ROLE_NAME)).role();
      try (StsClient builderSts = SeedSdk.sts(server.endpoint(), SeedSdk.provider(builderKeys))) {
        sessionBeforeRestart =
            SeedSdk.session(
                builderSts.assumeRole(
                    a -> a.roleArn(ROLE_ARN).roleSessionName("before").externalId(EXTERNAL_ID)));
      }
      assertThat(probe.getCallerIdentity().account()).isEqualTo(OURS);
    }
    rootKeyIdsBeforeRestart = rootKeyIds();

    CrossroleServer first = server;
    server = null;
    first.close();
    server = CrossroleServer.start(config());
  }

  @AfterAll
  void tearDown() throws Exception {
    try {
      for (AutoCloseable c : clients) {
        c.close();
      }
      if (server != null) {
        server.close();
      }
    } finally {
      cleanUp();
    }
  }

  private Map<String, String> rootKeyIds() {
    return Map.of(
        "ours", SeedSdk.profileKeys(dataDirectory(), "ours").resolveCredentials().accessKeyId(),
        "build", SeedSdk.profileKeys(dataDirectory(), "build").resolveCredentials().accessKeyId(),
        "other", SeedSdk.profileKeys(dataDirectory(), "other").resolveCredentials().accessKeyId());
  }

  private StsClient sts(AwsCredentials credentials) {
    StsClient c = SeedSdk.sts(server.endpoint(), SeedSdk.provider(credentials));
    clients.add(c);
    return c;
  }

  private IamClient iamOf(String profile) {
    IamClient c = SeedSdk.iam(server.endpoint(), SeedSdk.profileKeys(dataDirectory(), profile));
    clients.add(c);
    return c;
  }

  @Test
  void restart_builderKeys_assumeRoleWithExternalIdStillSucceeds() {
    StsClient builder = sts(builderKeys);
    assertThat(builder.getCallerIdentity().arn()).isEqualTo(BUILDER_ARN);

    AwsSessionCredentials session =
        SeedSdk.session(
            builder.assumeRole(
                a -> a.roleArn(ROLE_ARN).roleSessionName("after").externalId(EXTERNAL_ID)));

    assertThat(sts(session).getCallerIdentity().arn())
        .isEqualTo("arn:aws:sts::" + OURS + ":assumed-role/" + ROLE_NAME + "/after");
  }

  @Test
  void restart_wrongExternalId_stillAccessDenied() {
    assertThatThrownBy(
            () ->
                sts(builderKeys)
                    .assumeRole(
                        a -> a.roleArn(ROLE_ARN).roleSessionName("after").externalId("guessed")))
        .isInstanceOfSatisfying(
            StsException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(403);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
            });
  }

  @Test
  void restart_roleArnWithNul_validationErrorNotAFailedAuditCommit() {
    // The refused call is still an audit event naming the role it asked for, NUL and all: a store
    // that could not hold that name would fail the commit, and every answer waiting on it.
    assertThatThrownBy(
            () ->
                sts(builderKeys)
                    .assumeRole(
                        a ->
                            a.roleArn(ROLE_ARN + "\u0000")
                                .roleSessionName("after")
                                .externalId(EXTERNAL_ID)))
        .isInstanceOfSatisfying(
            StsException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
            });
  }

  @Test
  void restart_sessionIssuedBefore_stillVerifies() {
    assertThat(sts(sessionBeforeRestart).getCallerIdentity().arn())
        .isEqualTo("arn:aws:sts::" + OURS + ":assumed-role/" + ROLE_NAME + "/before");
  }

  @Test
  void restart_usersRolesPoliciesAndKeys_keptWithTheirIds() {
    IamClient ours = iamOf("ours");
    IamClient build = iamOf("build");

    assertThat(build.getUser(r -> r.userName("builder")).user()).isEqualTo(builderBeforeRestart);
    Role role = ours.getRole(r -> r.roleName(ROLE_NAME)).role();
    assertThat(role.roleId()).isEqualTo(roleBeforeRestart.roleId());
    assertThat(role.arn()).isEqualTo(ROLE_ARN);
    assertThat(SeedSdk.decoded(role.assumeRolePolicyDocument()))
        .isEqualTo(SeedSdk.decoded(roleBeforeRestart.assumeRolePolicyDocument()))
        .contains(EXTERNAL_ID);
    assertThat(
            SeedSdk.decoded(
                ours.getRolePolicy(r -> r.roleName(ROLE_NAME).policyName("build"))
                    .policyDocument()))
        .contains("iam:ListRoles");
    assertThat(
            SeedSdk.decoded(
                build
                    .getUserPolicy(r -> r.userName("builder").policyName("assume-builder"))
                    .policyDocument()))
        .contains(ROLE_ARN);
    assertThat(build.listAccessKeys(r -> r.userName("builder")).accessKeyMetadata())
        .singleElement()
        .satisfies(
            k -> {
              assertThat(k.accessKeyId()).isEqualTo(builderKeys.accessKeyId());
              assertThat(k.status()).isEqualTo(StatusType.ACTIVE);
            });
    assertThat(build.listAccessKeys(r -> r.userName("parked")).accessKeyMetadata())
        .singleElement()
        .satisfies(k -> assertThat(k.status()).isEqualTo(StatusType.INACTIVE));
  }

  @Test
  void restart_inactiveAndDeletedKeys_stillRefused() {
    for (AwsBasicCredentials keys : List.of(inactiveKeys, deletedKeys)) {
      assertThatThrownBy(() -> sts(keys).getCallerIdentity())
          .as(keys.accessKeyId())
          .isInstanceOfSatisfying(
              StsException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
              });
    }
  }

  @Test
  void restart_profileFiles_sameRootKeysAndNewEndpoint() {
    assertThat(rootKeyIds()).isEqualTo(rootKeyIdsBeforeRestart);
    assertThat(SeedSdk.profileEndpoint(dataDirectory(), "ours")).isEqualTo(server.endpoint());
  }
}
