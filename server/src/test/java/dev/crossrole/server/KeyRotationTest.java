package dev.crossrole.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crossrole.core.Account;
import dev.crossrole.server.internal.edge.TokenKeyRing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * {@code crossrole keys rotate} against a running server on the embedded store (the command's own
 * path, through the server's admin socket): a plain rotation keeps every session working and new
 * sessions move to the new key once it is active; {@code --revoke-all} refuses every outstanding
 * session at once with AWS's invalid-token error.
 */
class KeyRotationTest {
  @TempDir Path data;
  final OffsetClock clock = new OffsetClock();
  CrossroleServer server;
  ServerConfig config;
  StsClient root;

  @BeforeEach
  void start() {
    config =
        ServerConfig.builder(data).port(0).account(new Account("ours", "111111111111")).build();
    server = CrossroleServer.start(config, clock);
    root = SeedSdk.sts(server.endpoint(), SeedSdk.profileKeys(data, "ours"));
  }

  @AfterEach
  void stop() {
    root.close();
    server.close();
  }

  @Test
  void rotate_runningServer_oldSessionsKeepWorkingAndNewOnesUseTheNewKeyOnceActive() {
    AwsSessionCredentials before = session();
    String firstKey = keyId(before.sessionToken());

    KeyRotation.Result rotated = KeyRotation.rotate(config, false);

    assertThat(rotated.byRunningServer()).isTrue();
    assertThat(rotated.keyId()).isNotEqualTo(firstKey);
    assertThat(rotated.revoked()).isZero();
    assertThat(keyId(session().sessionToken()))
        .as("the new key waits until every node holds it")
        .isEqualTo(firstKey);

    clock.set(TokenKeyRing.ACTIVATION_DELAY.plus(TokenKeyRing.RELOAD_INTERVAL));

    assertThat(keyId(session().sessionToken())).isEqualTo(rotated.keyId());
    assertThat(callerArn(before)).isEqualTo("arn:aws:iam::111111111111:root");
  }

  @Test
  void rotateRevokeAll_runningServer_refusesEveryOutstandingSessionAtOnce() {
    AwsSessionCredentials before = session();
    assertThat(callerArn(before)).isEqualTo("arn:aws:iam::111111111111:root");

    KeyRotation.Result revoked = KeyRotation.rotate(config, true);

    assertThat(revoked.byRunningServer()).isTrue();
    assertThat(revoked.revoked()).isEqualTo(1);
    assertThatThrownBy(() -> callerArn(before))
        .isInstanceOfSatisfying(
            StsException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(403);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo("The security token included in the request is invalid.");
            });
    AwsSessionCredentials after = session();
    assertThat(keyId(after.sessionToken())).isEqualTo(revoked.keyId());
    assertThat(callerArn(after)).isEqualTo("arn:aws:iam::111111111111:root");
  }

  @Test
  void rotate_stoppedServer_changesTheStoreAndTheNextStartUsesIt() {
    AwsSessionCredentials before = session();
    server.close();

    KeyRotation.Result revoked = KeyRotation.rotate(config, true);

    assertThat(revoked.byRunningServer()).isFalse();
    server = CrossroleServer.start(config, clock);
    root.close();
    root = SeedSdk.sts(server.endpoint(), SeedSdk.profileKeys(data, "ours"));
    assertThatThrownBy(() -> callerArn(before))
        .isInstanceOfSatisfying(
            StsException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId"));
    assertThat(keyId(session().sessionToken())).isEqualTo(revoked.keyId());
  }

  private AwsSessionCredentials session() {
    Credentials c = root.getSessionToken().credentials();
    return AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
  }

  private String callerArn(AwsSessionCredentials credentials) {
    try (StsClient sts = SeedSdk.sts(server.endpoint(), SeedSdk.provider(credentials))) {
      return sts.getCallerIdentity().arn();
    }
  }

  /** The key id a session token carries in the clear after its 3-byte magic and length byte. */
  static String keyId(String token) {
    byte[] raw = Base64.getUrlDecoder().decode(token);
    return new String(raw, 4, raw[3], StandardCharsets.US_ASCII);
  }
}
