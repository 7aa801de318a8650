package dev.crossrole.server.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crossrole.core.SealedEventsSecret;
import dev.crossrole.core.crypto.MasterKey;
import dev.crossrole.core.crypto.SecretBox;
import dev.crossrole.store.JdbcIdentityStore;
import dev.crossrole.store.StoreConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The external registry's events secret: sealed at rest, created once per store, never shown. */
class EventsSecretTest {
  @TempDir Path dir;

  private SecretBox box() {
    return MasterKey.load(dir, Map.of()).secretBox(EventsSecret.SECRET_BOX_PURPOSE);
  }

  @Test
  void open_sealedSecret_the256BitSecretNotInTheSealedValue() {
    SealedEventsSecret sealed = EventsSecret.generate(box(), Instant.now());

    EventsSecret secret = EventsSecret.open(sealed, box());

    assertThat(secret.value()).matches("[A-Za-z0-9_-]{43}");
    assertThat(sealed.sealedSecret()).doesNotContain(secret.value());
    assertThat(secret.toString()).doesNotContain(secret.value());
    assertThat(sealed.toString()).doesNotContain(sealed.sealedSecret(), secret.value());
  }

  @Test
  void open_otherMasterKey_refused(@TempDir Path other) {
    SealedEventsSecret sealed = EventsSecret.generate(box(), Instant.now());
    SecretBox wrong = MasterKey.load(other, Map.of()).secretBox(EventsSecret.SECRET_BOX_PURPOSE);

    assertThatThrownBy(() -> EventsSecret.open(sealed, wrong)).isInstanceOf(RuntimeException.class);
  }

  @Test
  void load_twiceAndAfterReopening_sameSecret() {
    StoreConfig config = StoreConfig.embedded(dir.resolve("data"));
    String first;
    String again;
    try (JdbcIdentityStore store = JdbcIdentityStore.open(config)) {
      first = EventsSecret.load(store, box(), Instant.now()).value();
      again = EventsSecret.load(store, box(), Instant.now()).value();
    }
    String reopened;
    try (JdbcIdentityStore store = JdbcIdentityStore.open(config)) {
      reopened = EventsSecret.load(store, box(), Instant.now()).value();
    }

    assertThat(again).isEqualTo(first);
    assertThat(reopened).isEqualTo(first);
  }
}
