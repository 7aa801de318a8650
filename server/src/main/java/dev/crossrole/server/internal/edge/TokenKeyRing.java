package dev.crossrole.server.internal.edge;

import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.IdentityException;
import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.SealedTokenKey;
import dev.crossrole.core.crypto.KeyRing;
import dev.crossrole.core.crypto.KeyRingSource;
import dev.crossrole.core.crypto.SecretBox;
import dev.crossrole.core.crypto.TokenKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The session-token keys of a running node, following the store: the ring that seals session
 * tokens, registry passwords and authorization messages, rotated on a schedule by whichever node
 * first sees it due, and reloaded from the store at least every {@link #RELOAD_INTERVAL}, so that a
 * key another node (or {@code crossrole keys rotate}) added is known and a deleted one is dropped
 * by then.
 *
 * <p>A new key becomes current {@link #ACTIVATION_DELAY} after its creation, longer than the reload
 * interval plus clock skew: by then every node holds it, so none issues a token another cannot
 * open. Old keys are kept for verification while a token sealed with them can live —
 * GetSessionToken's 36 hours are the longest (AssumeRole sessions and registry passwords live 12) —
 * and then deleted. Encoded authorization messages carry no expiry of their own; they decode as
 * long as their key is kept, at least 36 hours after the next key took over.
 *
 * <p>Revocation ({@link #rotate} with {@code revokeAll}) leaves the new key alone in the store,
 * current at once; a node that has not reloaded yet and meets a token of that key reloads then, at
 * most once every {@link #UNKNOWN_KEY_RELOAD_GAP}, since anyone can send an unknown key id.
 */
public final class TokenKeyRing implements KeyRingSource {
  /** How often the current key is replaced unless configured otherwise. */
  public static final Duration DEFAULT_ROTATION = Duration.ofDays(1);

  /** The longest a node uses a ring without reading the store's keys again. */
  public static final Duration RELOAD_INTERVAL = Duration.ofMinutes(1);

  /** How long after its creation a key becomes the one that seals. */
  public static final Duration ACTIVATION_DELAY = Duration.ofMinutes(5);

  /** The longest any token sealed with a key lives (36 h), plus clock skew between nodes. */
  public static final Duration MAX_TOKEN_LIFETIME = Duration.ofHours(36).plusMinutes(5);

  /** The least time between two reloads caused by tokens of keys this node does not hold. */
  public static final Duration UNKNOWN_KEY_RELOAD_GAP = Duration.ofSeconds(5);

  private final IdentityStore store;
  private final SecretBox box;
  private final Clock clock;
  private final Duration rotation;
  private final Consumer<String> log;
  private final ReentrantLock reloading = new ReentrantLock();
  private volatile Loaded loaded;
  private volatile Instant lastUnknownKeyReload = Instant.MIN;
  private volatile boolean failing;

  private record Loaded(KeyRing ring, Instant at) {}

  /** What a rotation made: the new key, when it starts sealing, how many keys it revoked. */
  public record Rotation(String keyId, Instant sealsFrom, int revoked) {}

  private TokenKeyRing(
      IdentityStore store, SecretBox box, Clock clock, Duration rotation, Consumer<String> log) {
    this.store = Objects.requireNonNull(store, "store");
    this.box = Objects.requireNonNull(box, "box");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.rotation = Objects.requireNonNull(rotation, "rotation");
    this.log = Objects.requireNonNull(log, "log");
    if (rotation.compareTo(ACTIVATION_DELAY) <= 0) {
      throw new IllegalArgumentException("token keys rotate less often than every 5 minutes");
    }
  }

  /**
   * The ring of the store's keys, creating the first key when there is none and rotating when the
   * newest is older than {@code rotation}.
   *
   * @param box the master key's box for {@link SecretBox#SESSION_TOKEN_KEYS}
   * @param log where a failed reload is reported (its message holds no secret)
   */
  public static TokenKeyRing open(
      IdentityStore store, SecretBox box, Clock clock, Duration rotation, Consumer<String> log) {
    TokenKeyRing ring = new TokenKeyRing(store, box, clock, rotation, log);
    ring.reload(clock.instant());
    return ring;
  }

  @Override
  public KeyRing ring() {
    Loaded current = loaded;
    Instant now = clock.instant();
    if (now.isBefore(current.at().plus(RELOAD_INTERVAL)) && !now.isBefore(current.at())) {
      return current.ring();
    }
    // One thread reloads; the others go on with the ring they have meanwhile.
    if (reloading.tryLock()) {
      try {
        if (loaded == current) {
          reloadQuietly(now);
        }
      } finally {
        reloading.unlock();
      }
    }
    return loaded.ring();
  }

  @Override
  public KeyRing ringHolding(String keyId) {
    KeyRing ring = ring();
    if (ring.find(keyId).isPresent()) {
      return ring;
    }
    Instant now = clock.instant();
    if (now.isBefore(lastUnknownKeyReload.plus(UNKNOWN_KEY_RELOAD_GAP))
        && !now.isBefore(lastUnknownKeyReload)) {
      return ring;
    }
    if (reloading.tryLock()) {
      try {
        lastUnknownKeyReload = now;
        reloadQuietly(now);
      } finally {
        reloading.unlock();
      }
    }
    return loaded.ring();
  }

  /**
   * Rotates now, on this node at once: see {@link #rotate(IdentityStore, SecretBox, Instant,
   * boolean)}.
   */
  public Rotation rotateNow(boolean revokeAll) {
    reloading.lock();
    try {
      Instant now = clock.instant();
      Rotation done = rotate(store, box, now, revokeAll);
      reload(now);
      return done;
    } finally {
      reloading.unlock();
    }
  }

  /**
   * Adds a new key to the store's ring. It seals from {@link #ACTIVATION_DELAY} on, once every node
   * knows it; with {@code revokeAll} every other key is deleted, so the new key seals at once and
   * every outstanding session token, registry password and authorization message is refused (by
   * every node once it has reloaded, within {@link #RELOAD_INTERVAL}).
   */
  public static Rotation rotate(
      IdentityStore store, SecretBox box, Instant now, boolean revokeAll) {
    TokenKey added = null;
    for (int attempt = 0; added == null; attempt++) {
      List<SealedTokenKey> stored = store.tokenKeys();
      TokenKey next =
          stored.isEmpty()
              ? TokenKey.generate(now)
              : TokenKey.successorOf(stored.get(0).id(), stored.get(0).created(), now);
      try {
        store.addTokenKey(new SealedTokenKey(next.id(), next.seal(box), next.created()));
        added = next;
      } catch (IdentityException e) {
        // Another node rotated from the same key at the same moment: rotate from its key.
        if (e.code() != ErrorCode.ENTITY_ALREADY_EXISTS || attempt >= 3) {
          throw e;
        }
      }
    }
    if (revokeAll) {
      int revoked = store.deleteTokenKeysExcept(added.id());
      return new Rotation(added.id(), added.created(), revoked);
    }
    boolean alone = store.tokenKeys().size() == 1;
    return new Rotation(
        added.id(), alone ? added.created() : added.created().plus(ACTIVATION_DELAY), 0);
  }

  private void reloadQuietly(Instant now) {
    try {
      reload(now);
      if (failing) {
        failing = false;
        log.accept("token keys reloaded from the store again");
      }
    } catch (RuntimeException e) {
      // Keep the ring this node has, and try again at the next interval.
      loaded = new Loaded(loaded.ring(), now);
      if (!failing) {
        failing = true;
        log.accept("cannot reload the token keys from the store: " + e.getMessage());
      }
    }
  }

  private void reload(Instant now) {
    List<SealedTokenKey> stored = store.tokenKeys();
    if (stored.isEmpty() || !stored.get(0).created().plus(rotation).isAfter(now)) {
      try {
        rotate(store, box, now, false);
      } catch (IdentityException e) {
        if (e.code() != ErrorCode.ENTITY_ALREADY_EXISTS) {
          throw e;
        }
      }
      stored = store.tokenKeys();
    }
    List<TokenKey> keys = new ArrayList<>();
    for (SealedTokenKey s : stored) {
      keys.add(TokenKey.open(s.id(), s.created(), s.sealedMaterial(), box));
    }
    KeyRing ring = KeyRing.activeAt(keys, now, ACTIVATION_DELAY);
    List<String> retired =
        ring.removable(now, ACTIVATION_DELAY, MAX_TOKEN_LIFETIME).stream()
            .map(TokenKey::id)
            .toList();
    if (!retired.isEmpty()) {
      store.deleteTokenKeys(retired);
      for (String id : retired) {
        ring = ring.without(id);
      }
    }
    loaded = new Loaded(ring, now);
  }

  @Override
  public String toString() {
    return "TokenKeyRing[" + loaded.ring() + "]";
  }
}
