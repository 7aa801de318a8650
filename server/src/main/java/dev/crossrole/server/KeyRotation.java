package dev.crossrole.server;

import dev.crossrole.core.crypto.MasterKey;
import dev.crossrole.core.crypto.SecretBox;
import dev.crossrole.server.internal.edge.AdminSocket;
import dev.crossrole.server.internal.edge.TokenKeyRing;
import dev.crossrole.store.JdbcIdentityStore;
import dev.crossrole.store.StoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code crossrole keys rotate}: a new session-token key now, and with {@code revokeAll} the end of
 * every other, so that every outstanding session token, registry password and encoded authorization
 * message is refused.
 *
 * <p>A server running on the embedded store holds it alone, so it is asked through its admin socket
 * in the data directory, and applies the rotation at once. Otherwise (no server running there, or a
 * PostgreSQL store named by {@code --db}) the store is changed directly, and running nodes follow
 * within {@link TokenKeyRing#RELOAD_INTERVAL}, at once for a token of a key they do not hold yet.
 */
public final class KeyRotation {
  private KeyRotation() {}

  /**
   * What the rotation did.
   *
   * @param keyId the new key's id, which tokens carry in the clear
   * @param sealsFrom when the new key starts sealing new tokens
   * @param revoked how many keys were deleted (with {@code revokeAll})
   * @param byRunningServer whether a running server applied it
   */
  public record Result(String keyId, Instant sealsFrom, int revoked, boolean byRunningServer) {}

  /**
   * Rotates the token keys of the store {@code config} names.
   *
   * @throws ServerException when the store cannot be opened or changed, or the running server
   *     refuses; its message holds no secret
   */
  public static Result rotate(ServerConfig config, boolean revokeAll) {
    try {
      if (config.databaseUrl().isEmpty()) {
        Optional<String> answer =
            AdminSocket.request(
                config.dataDirectory(), "keys rotate" + (revokeAll ? " --revoke-all" : ""));
        if (answer.isPresent()) {
          return parse(answer.get());
        }
      }
      MasterKey master = MasterKey.load(config.dataDirectory(), config.environment());
      StoreConfig store =
          config
              .databaseUrl()
              .map(url -> StoreConfig.database(url, config.environment()))
              .orElseGet(() -> StoreConfig.embedded(config.dataDirectory()));
      try (JdbcIdentityStore opened = JdbcIdentityStore.open(store)) {
        TokenKeyRing.Rotation done =
            TokenKeyRing.rotate(
                opened,
                master.secretBox(SecretBox.SESSION_TOKEN_KEYS),
                Clock.systemUTC().instant(),
                revokeAll);
        return new Result(done.keyId(), done.sealsFrom(), done.revoked(), false);
      }
    } catch (IOException e) {
      throw new ServerException(
          "cannot rotate the token keys: " + e.getMessage(), new UncheckedIOException(e));
    } catch (ServerException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ServerException("cannot rotate the token keys: " + e.getMessage(), e);
    }
  }

  private static Result parse(String answer) {
    String[] words = answer.split(" ", 4);
    if (words.length == 4 && words[0].equals("ok")) {
      try {
        return new Result(words[1], Instant.parse(words[2]), Integer.parseInt(words[3]), true);
      } catch (RuntimeException e) {
        throw new ServerException("the running server answered '" + answer + "'", e);
      }
    }
    throw new ServerException(
        "the running server could not rotate the token keys: "
            + (answer.startsWith("error ") ? answer.substring(6) : answer),
        null);
  }
}
