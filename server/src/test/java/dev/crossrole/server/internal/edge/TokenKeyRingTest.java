package dev.crossrole.server.internal.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crossrole.core.SealedTokenKey;
import dev.crossrole.core.crypto.Identifiers;
import dev.crossrole.core.crypto.InvalidTokenException;
import dev.crossrole.core.crypto.KeyRing;
import dev.crossrole.core.crypto.MasterKey;
import dev.crossrole.core.crypto.RegistryPassword;
import dev.crossrole.core.crypto.RegistryPasswordCodec;
import dev.crossrole.core.crypto.SecretBox;
import dev.crossrole.core.crypto.SessionClaims;
import dev.crossrole.core.crypto.SessionTokenCodec;
import dev.crossrole.core.crypto.TokenKey;
import dev.crossrole.store.JdbcIdentityStore;
import dev.crossrole.store.StoreConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token key ring of running nodes sharing one store, on a clock the test moves: the daily
 * rotation by whichever node sees it due, the activation delay, retention for as long as a token
 * can live, and revocation followed by every node.
 */
class TokenKeyRingTest {
  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  @TempDir Path data;
  private final MovableClock clock = new MovableClock(T0);
  private final List<String> logged = new ArrayList<>();
  private JdbcIdentityStore store;
  private SecretBox box;

  @BeforeEach
  void setUp() {
    store = JdbcIdentityStore.open(StoreConfig.embedded(data));
    box = MasterKey.generate().secretBox(SecretBox.SESSION_TOKEN_KEYS);
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  @Test
  void schedule_dueOnTwoNodesAtOnce_oneNewKeyCurrentAfterTheActivationDelay() {
    TokenKeyRing a = node();
    TokenKeyRing b = node();
    String first = a.ring().current().id();
    assertThat(b.ring().current().id()).isEqualTo(first);

    clock.set(T0.plus(TokenKeyRing.DEFAULT_ROTATION));
    a.ring();
    b.ring();

    assertThat(store.tokenKeys()).hasSize(2);
    String second = store.tokenKeys().get(0).id();
    assertThat(second).isNotEqualTo(first);
    assertThat(a.ring().current().id()).as("not every node may hold it yet").isEqualTo(first);
    assertThat(b.ring().find(second)).isPresent();

    clock.advance(TokenKeyRing.ACTIVATION_DELAY.plus(TokenKeyRing.RELOAD_INTERVAL));

    assertThat(a.ring().current().id()).isEqualTo(second);
    assertThat(b.ring().current().id()).isEqualTo(second);
    assertThat(logged).isEmpty();
  }

  @Test
  void retention_oldKeyKeptWhileItsLongestTokenLives_thenDeletedAndItsTokensRefused() {
    TokenKeyRing node = node();
    SessionTokenCodec tokens = new SessionTokenCodec(node);
    RegistryPasswordCodec passwords = new RegistryPasswordCodec(node);
    String token = tokens.encode(claims(T0, T0.plus(Duration.ofHours(36))));
    String password = passwords.encode(password(T0));
    String first = node.ring().current().id();

    Instant rotated = T0.plus(TokenKeyRing.DEFAULT_ROTATION);
    clock.set(rotated);
    node.ring();
    // The old key seals until the new one is active, and its last tokens live 36 hours more.
    Instant lastTokenExpires =
        rotated.plus(TokenKeyRing.ACTIVATION_DELAY).plus(TokenKeyRing.MAX_TOKEN_LIFETIME);
    clock.set(lastTokenExpires.minusSeconds(1));

    assertThat(tokens.decode(token).accessKeyId()).isEqualTo("ASIAAAAAAAAAAAAAAAAA");
    assertThat(passwords.decode(password)).isPresent();
    assertThat(store.tokenKeys()).extracting(SealedTokenKey::id).contains(first);

    clock.set(lastTokenExpires.plus(TokenKeyRing.RELOAD_INTERVAL));

    assertThatThrownBy(() -> tokens.decode(token))
        .isInstanceOfSatisfying(
            InvalidTokenException.class,
            e -> assertThat(e.flaw()).isEqualTo(InvalidTokenException.Flaw.UNKNOWN_KEY));
    assertThat(passwords.decode(password)).isEmpty();
    assertThat(store.tokenKeys()).extracting(SealedTokenKey::id).doesNotContain(first);
  }

  @Test
  void revokeAll_onOneNode_refusedThereAtOnceAndOnTheOtherByItsNextReload() {
    TokenKeyRing a = node();
    TokenKeyRing b = node();
    SessionTokenCodec onA = new SessionTokenCodec(a);
    SessionTokenCodec onB = new SessionTokenCodec(b);
    RegistryPasswordCodec passwordsOnB = new RegistryPasswordCodec(b);
    String token = onB.encode(claims(T0, T0.plus(Duration.ofHours(12))));
    String password = passwordsOnB.encode(password(T0));
    assertThat(passwordsOnB.decode(password)).isPresent(); // derived and cached

    TokenKeyRing.Rotation done = a.rotateNow(true);

    assertThat(done.revoked()).isEqualTo(1);
    assertThat(store.tokenKeys()).extracting(SealedTokenKey::id).containsExactly(done.keyId());
    assertThatThrownBy(() -> onA.decode(token)).isInstanceOf(InvalidTokenException.class);
    // A token of the new key makes the other node look at the store at once.
    String fresh = onA.encode(claims(T0, T0.plus(Duration.ofHours(1))));
    assertThat(onB.decode(fresh).accountId()).isEqualTo("111111111111");
    assertThatThrownBy(() -> onB.decode(token)).isInstanceOf(InvalidTokenException.class);
    assertThat(passwordsOnB.decode(password)).isEmpty();
  }

  @Test
  void revokeAll_inTheStore_otherNodeDropsTheKeysByItsNextReload() {
    TokenKeyRing b = node();
    SessionTokenCodec onB = new SessionTokenCodec(b);
    String token = onB.encode(claims(T0, T0.plus(Duration.ofHours(12))));

    TokenKeyRing.Rotation done = TokenKeyRing.rotate(store, box, T0, true);

    assertThat(onB.decode(token).accountId()).as("until its next reload").isEqualTo("111111111111");
    clock.advance(TokenKeyRing.RELOAD_INTERVAL);
    assertThatThrownBy(() -> onB.decode(token)).isInstanceOf(InvalidTokenException.class);
    assertThat(b.ring().current().id()).isEqualTo(done.keyId());
  }

  @Test
  void unknownKeyIds_reloadAtMostOncePerGap() {
    TokenKeyRing b = node();
    SessionTokenCodec onB = new SessionTokenCodec(b);
    long before = store.statementCount();
    for (int i = 0; i < 50; i++) {
      String forged =
          new SessionTokenCodec(KeyRing.of(TokenKey.generate(T0)))
              .encode(claims(T0, T0.plusSeconds(900)));
      assertThatThrownBy(() -> onB.decode(forged)).isInstanceOf(InvalidTokenException.class);
    }
    long reads = store.statementCount() - before;

    assertThat(reads).as("one reload for fifty unknown keys").isLessThanOrEqualTo(1);
  }

  private TokenKeyRing node() {
    return TokenKeyRing.open(store, box, clock, TokenKeyRing.DEFAULT_ROTATION, logged::add);
  }

  private static SessionClaims claims(Instant issued, Instant expires) {
    return SessionClaims.builder(
            "ASIAAAAAAAAAAAAAAAAA",
            Identifiers.secretAccessKey(),
            "111111111111",
            new SessionClaims.RoleSession(
                "arn:aws:iam::111111111111:role/R", Identifiers.roleId(), "s1"),
            issued,
            expires)
        .build();
  }

  private static RegistryPassword password(Instant issued) {
    return new RegistryPassword(
        "arn:aws:sts::111111111111:assumed-role/R/s1",
        Optional.empty(),
        Optional.empty(),
        Map.of(),
        "111111111111",
        "ASIAAAAAAAAAAAAAAAAA",
        Optional.empty(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Set.of(),
        issued,
        issued.plus(Duration.ofHours(12)));
  }

  /** A clock the test sets. */
  static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      now = instant;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("crossrole tells time in UTC");
    }
  }
}
