package dev.crossrole.server.internal.registry;

import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.SealedEventsSecret;
import dev.crossrole.core.crypto.SecretBox;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * The secret a registry run outside crossrole ({@code --registry URL}) sends with its push events.
 * It is created once and kept in the store sealed under the master key, so that the configuration
 * {@code crossrole registry-config} printed stays good across restarts and on every node. (The
 * registry crossrole runs itself gets a fresh secret at each start instead, from {@link
 * RegistryEvents#newSecret}, since crossrole writes its configuration each time.)
 */
public final class EventsSecret {
  /** Purpose of the secret box that seals the events secret. */
  public static final String SECRET_BOX_PURPOSE = "registry-events-secrets";

  private final String value;

  private EventsSecret(String value) {
    this.value = value;
  }

  /** The store's secret, creating and storing one first when it has none. */
  public static EventsSecret load(IdentityStore store, SecretBox box, Instant now) {
    Objects.requireNonNull(box, "box");
    return open(store.registryEventsSecret(generate(box, now)), box);
  }

  static SealedEventsSecret generate(SecretBox box, Instant now) {
    byte[] id = new byte[9];
    new SecureRandom().nextBytes(id);
    String secretId = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    return new SealedEventsSecret(
        secretId, box.sealText(RegistryEvents.newSecret(), secretId), now);
  }

  static EventsSecret open(SealedEventsSecret stored, SecretBox box) {
    return new EventsSecret(box.openText(stored.sealedSecret(), stored.id()));
  }

  /** What the registry sends after {@code Bearer}. */
  public String value() {
    return value;
  }

  @Override
  public String toString() {
    return "EventsSecret[<redacted>]";
  }
}
