package dev.crossrole.server;

import dev.crossrole.core.crypto.MasterKey;
import dev.crossrole.server.internal.registry.EventsSecret;
import dev.crossrole.server.internal.registry.RegistryConfigYaml;
import dev.crossrole.server.internal.registry.RegistryEvents;
import dev.crossrole.server.internal.registry.SigningKey;
import dev.crossrole.store.JdbcIdentityStore;
import dev.crossrole.store.StoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The configuration a registry run outside crossrole needs to accept crossrole's tokens and to post
 * its push events to crossrole ({@code crossrole registry-config}; the server is then started with
 * {@code --registry URL}).
 */
public final class RegistrySetup {
  private RegistrySetup() {}

  /** Whether the registry posts its push events to crossrole. */
  public enum Events {
    /**
     * It posts them beside the token realm (same scheme, host and port, path {@code
     * /registry/events}) with the store's events secret, which the configuration then holds.
     */
    POSTED,
    /** It posts none: images get the time ECR first lists them, and the configuration is public. */
    NONE
  }

  /**
   * Writes the token-signing certificate of the store {@code server} names to {@code certificate}
   * (creating the key when the store has none) and returns the registry's YAML configuration; with
   * {@link Events#POSTED} it holds the store's events secret (created when the store has none), so
   * it is secret itself.
   *
   * @param realm crossrole's token endpoint as the registry's clients reach it, such as {@code
   *     http://127.0.0.1:4747/registry/token}
   * @param listen the registry's {@code http.addr}, such as {@code 127.0.0.1:5000}
   * @param storage where the registry keeps images
   * @throws ServerException when the store cannot be opened or the certificate written; its message
   *     holds no secret
   */
  public static String configure(
      ServerConfig server,
      URI realm,
      String listen,
      Path storage,
      Path certificate,
      Events events) {
    try {
      Files.createDirectories(server.dataDirectory());
      MasterKey master = MasterKey.load(server.dataDirectory(), server.environment());
      StoreConfig store =
          server
              .databaseUrl()
              .map(url -> StoreConfig.database(url, server.environment()))
              .orElseGet(() -> StoreConfig.embedded(server.dataDirectory()));
      Instant now = Clock.systemUTC().instant();
      SigningKey key;
      Optional<RegistryConfigYaml.Notifications> notifications = Optional.empty();
      try (JdbcIdentityStore opened = JdbcIdentityStore.open(store)) {
        key = SigningKey.load(opened, master.secretBox(SigningKey.SECRET_BOX_PURPOSE), now);
        if (events == Events.POSTED) {
          EventsSecret secret =
              EventsSecret.load(opened, master.secretBox(EventsSecret.SECRET_BOX_PURPOSE), now);
          notifications =
              Optional.of(
                  new RegistryConfigYaml.Notifications(
                      RegistryEvents.besideRealm(realm), secret.value()));
        }
      }
      Path parent = certificate.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(certificate, key.certificatePem());
      return RegistryConfigYaml.render(
          listen, storage, realm, certificate, notifications, Optional.empty());
    } catch (IOException e) {
      throw new ServerException(
          "cannot write the registry configuration: " + e.getMessage(),
          new UncheckedIOException(e));
    } catch (RuntimeException e) {
      throw new ServerException("cannot write the registry configuration: " + e.getMessage(), e);
    }
  }
}
