package dev.crossrole.core.crypto;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The session-token keys a node knows: the current one, which seals new tokens, and older ones,
 * which still open the tokens they sealed until those expire. Immutable; rotation makes a new ring.
 *
 * <p>Rotation across nodes: every node loads all keys from the store and picks the current one with
 * {@link #activeAt}, where a new key becomes current only after an activation delay longer than the
 * interval at which nodes reload keys — so no node issues a token that another node cannot open
 * yet. A retired key may be deleted once every token it sealed has expired ({@link #removable}).
 */
public final class KeyRing implements KeyRingSource {
  private static final Comparator<TokenKey> OLDEST_FIRST =
      Comparator.comparing(TokenKey::created).thenComparing(TokenKey::id);

  private final TokenKey current;
  private final Map<String, TokenKey> keys;
  private final Map<String, SecretKey> cipherKeys;

  private KeyRing(TokenKey current, Collection<TokenKey> all) {
    Map<String, TokenKey> byId = new LinkedHashMap<>();
    List<TokenKey> sorted = new ArrayList<>(all);
    sorted.sort(OLDEST_FIRST.reversed());
    for (TokenKey k : sorted) {
      TokenKey previous = byId.putIfAbsent(k.id(), k);
      if (previous != null && !previous.equals(k)) {
        throw new IllegalArgumentException("two different token keys share the id " + k.id());
      }
    }
    Map<String, SecretKey> ciphers = new LinkedHashMap<>();
    byId.forEach((id, k) -> ciphers.put(id, new SecretKeySpec(k.materialUnsafe(), "AES")));
    this.current = current;
    this.keys = byId;
    this.cipherKeys = ciphers;
  }

  /** A ring whose current key is {@code current}, also holding {@code others}. */
  public static KeyRing of(TokenKey current, Collection<TokenKey> others) {
    Objects.requireNonNull(current, "current");
    List<TokenKey> all = new ArrayList<>(others);
    all.add(current);
    return new KeyRing(current, all);
  }

  /** A ring of the single key {@code current}. */
  public static KeyRing of(TokenKey current) {
    return of(current, List.of());
  }

  /**
   * The ring every node derives alike from the stored keys: the current key is the newest one
   * created at least {@code activationDelay} before {@code now}, or, when none is that old yet (the
   * very first keys), the oldest one.
   *
   * @throws IllegalArgumentException when {@code keys} is empty
   */
  public static KeyRing activeAt(Collection<TokenKey> keys, Instant now, Duration activationDelay) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("a key ring needs at least one key");
    }
    Instant activeBefore = now.minus(activationDelay);
    TokenKey current =
        keys.stream()
            .filter(k -> !k.created().isAfter(activeBefore))
            .max(OLDEST_FIRST)
            .orElseGet(() -> keys.stream().min(OLDEST_FIRST).orElseThrow());
    return new KeyRing(current, keys);
  }

  /** This ring itself: a ring is the source of a fixed ring. */
  @Override
  public KeyRing ring() {
    return this;
  }

  /** The key that seals new tokens. */
  public TokenKey current() {
    return current;
  }

  /** The key with this id, if the ring holds it. */
  public Optional<TokenKey> find(String id) {
    return Optional.ofNullable(keys.get(id));
  }

  /** Every key, newest first. */
  public List<TokenKey> keys() {
    return List.copyOf(keys.values());
  }

  /** This ring with {@code next} as the current key; the previous current key is kept. */
  public KeyRing rotateTo(TokenKey next) {
    List<TokenKey> all = new ArrayList<>(keys.values());
    all.add(next);
    return new KeyRing(next, all);
  }

  /**
   * This ring without the key {@code id}: tokens it sealed no longer open.
   *
   * @throws IllegalArgumentException when {@code id} is the current key
   */
  public KeyRing without(String id) {
    if (current.id().equals(id)) {
      throw new IllegalArgumentException("the current token key cannot be removed");
    }
    List<TokenKey> rest = new ArrayList<>(keys.values());
    rest.removeIf(k -> k.id().equals(id));
    return new KeyRing(current, rest);
  }

  /**
   * The keys older than the current one whose tokens have all expired: a key stopped sealing when
   * the next newer key became current ({@code activationDelay} after that key's creation), and its
   * last tokens lived at most {@code maxTokenLifetime} (36 hours for GetSessionToken, 12 for
   * AssumeRole). Add clock skew between nodes to either duration.
   */
  public List<TokenKey> removable(
      Instant now, Duration activationDelay, Duration maxTokenLifetime) {
    List<TokenKey> oldestFirst = new ArrayList<>(keys.values());
    oldestFirst.sort(OLDEST_FIRST);
    List<TokenKey> out = new ArrayList<>();
    for (int i = 0; i + 1 < oldestFirst.size(); i++) {
      TokenKey k = oldestFirst.get(i);
      if (OLDEST_FIRST.compare(k, current) >= 0) {
        break;
      }
      Instant lastTokenExpires =
          oldestFirst.get(i + 1).created().plus(activationDelay).plus(maxTokenLifetime);
      if (!now.isBefore(lastTokenExpires)) {
        out.add(k);
      }
    }
    return out;
  }

  /** The cipher key of {@code id}, or {@code null}: the hot path of token decoding. */
  SecretKey cipherKey(String id) {
    return cipherKeys.get(id);
  }

  @Override
  public String toString() {
    return "KeyRing[current=" + current.id() + ", keys=" + keys.keySet() + "]";
  }
}
