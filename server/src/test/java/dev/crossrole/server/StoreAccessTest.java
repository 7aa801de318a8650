package dev.crossrole.server;

import static dev.crossrole.server.SeedSdk.EXTERNAL_ID;
import static dev.crossrole.server.SeedSdk.ROLE_ARN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crossrole.store.JdbcIdentityStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * What a signed request costs the store, counted by the store itself: GetCallerIdentity with
 * temporary credentials ({@code ASIA…}, from a real AssumeRole) is answered from the session token
 * and one SQL statement, which checks that the session's role still exists with the id sealed in
 * the token; long-term keys ({@code AKIA…}) are looked up on every request, and AssumeRole reads
 * what it authorizes against. The AWS SDK for Java v2 signs every request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreAccessTest {
  /** Requests per measurement: enough that a lookup on any of them could not go unseen. */
  private static final int REQUESTS = 200;

  @TempDir static Path data;
  private CrossroleServer server;
  private JdbcIdentityStore store;
  private final List<AutoCloseable> clients = new ArrayList<>();
  private StsClient session;
  private StsClient builder;
  private StsClient root;

  /** Who signs a measured request. */
  enum Signer {
    /** The BUILD account's user, with the session credentials of an assumed OURTHINGBUILDROLE. */
    ASSUMED_ROLE_SESSION,
    /** The BUILD account's user, with its own long-term access key. */
    USER_LONG_TERM_KEY,
    /** The OURS account's root, with the key the server wrote into DIR/credentials. */
    ROOT_LONG_TERM_KEY
  }

  @BeforeAll
  void setUp() {
    // What a request costs the identity lookups: the audit trail's batched writes, whose number
    // depends on how requests happen to group, are measured by AuditTrailCliTest.
    ServerConfig config =
        SeedSdk.threeAccounts(ServerConfig.builder(data).port(0).audit(new AuditMode.Off()))
            .build();
    // The test opens the store itself, as the CLI does, to count the statements it runs.
    store = JdbcIdentityStore.open(config.storeConfig());
    server = CrossroleServer.start(config, store);
    AwsCredentials builderKeys =
        SeedSdk.seed(
            track(SeedSdk.iam(server.endpoint(), SeedSdk.profileKeys(data, "ours"))),
            track(SeedSdk.iam(server.endpoint(), SeedSdk.profileKeys(data, "build"))));
    builder = track(SeedSdk.sts(server.endpoint(), SeedSdk.provider(builderKeys)));
    AwsCredentials sessionKeys =
        SeedSdk.session(
            builder.assumeRole(
                r -> r.roleArn(ROLE_ARN).roleSessionName("counted").externalId(EXTERNAL_ID)));
    assertThat(sessionKeys.accessKeyId()).startsWith("ASIA");
    session = track(SeedSdk.sts(server.endpoint(), SeedSdk.provider(sessionKeys)));
    root = track(SeedSdk.sts(server.endpoint(), SeedSdk.profileKeys(data, "ours")));
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

  private StsClient client(Signer signer) {
    return switch (signer) {
      case ASSUMED_ROLE_SESSION -> session;
      case USER_LONG_TERM_KEY -> builder;
      case ROOT_LONG_TERM_KEY -> root;
    };
  }

  static Stream<Arguments> getCallerIdentityCosts() {
    return Stream.of(
        // Its role (whether it still exists, with the id sealed in the token).
        Arguments.of(
            "getCallerIdentity_assumedRoleSession_roleLookedUp",
            Signer.ASSUMED_ROLE_SESSION,
            "arn:aws:sts::111111111111:assumed-role/OURTHINGBUILDROLE/counted",
            1),
        // The key (status, sealed secret) and then its user (whether it still exists, its id).
        Arguments.of(
            "getCallerIdentity_userLongTermKey_keyAndUserLookedUp",
            Signer.USER_LONG_TERM_KEY,
            "arn:aws:iam::222222222222:user/builder",
            2),
        // The key and then its account (the root's ARN).
        Arguments.of(
            "getCallerIdentity_rootLongTermKey_keyAndAccountLookedUp",
            Signer.ROOT_LONG_TERM_KEY,
            "arn:aws:iam::111111111111:root",
            2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("getCallerIdentityCosts")
  void getCallerIdentity_afterWarmUp_statementsPerRequest(
      String name, Signer signer, String arn, int statementsPerRequest) {
    StsClient sts = client(signer);
    // Warm-up: the SDK's first request loads its own machinery; the server's caches fill.
    for (int i = 0; i < 20; i++) {
      assertThat(sts.getCallerIdentity().arn()).isEqualTo(arn);
    }

    long before = store.statementCount();
    for (int i = 0; i < REQUESTS; i++) {
      GetCallerIdentityResponse who = sts.getCallerIdentity();
      assertThat(who.arn()).isEqualTo(arn);
    }
    long statements = store.statementCount() - before;

    assertThat(statements)
        .as("%d GetCallerIdentity requests signed as %s", REQUESTS, signer)
        .isEqualTo((long) statementsPerRequest * REQUESTS);
  }

  @Test
  void assumeRole_userLongTermKey_keyUserPoliciesAndRoleLookedUp() {
    for (int i = 0; i < 20; i++) {
      builder.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("warm").externalId(EXTERNAL_ID));
    }

    long before = store.statementCount();
    for (int i = 0; i < REQUESTS; i++) {
      builder.assumeRole(
          r -> r.roleArn(ROLE_ARN).roleSessionName("measured").externalId(EXTERNAL_ID));
    }
    long statements = store.statementCount() - before;

    // The key and its user (authentication); the user's identity policies, which the embedded
    // store reads as three cached statements (the user's row with its boundary and whether it is
    // in a group, its inline policies, its attached policies; PostgreSQL reads them as one); and
    // the role (its trust policy): six reads, no write.
    assertThat(statements).as("%d AssumeRole requests", REQUESTS).isEqualTo(6L * REQUESTS);
  }
}
