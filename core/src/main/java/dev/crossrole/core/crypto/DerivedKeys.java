package dev.crossrole.core.crypto;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256 keys derived with HKDF from the session-token keys for one purpose, one per token key, so
 * that a sealed value names the token key it was sealed under and any node holding that key opens
 * it. Derived once per key id and kept while the ring holds that key: a key dropped from the ring
 * (revoked, or retired) opens nothing any more. Thread-safe.
 */
final class DerivedKeys {
  private final KeyRingSource keys;
  private final byte[] purpose;
  private final Map<String, SecretKey> derived = new ConcurrentHashMap<>();

  /**
   * @param keys the session-token keys
   * @param purpose HKDF's info: a distinct one per use keeps the keys of different uses apart
   */
  DerivedKeys(KeyRingSource keys, byte[] purpose) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.purpose = purpose.clone();
  }

  /** The key new values are sealed under and the id of the token key it derives from. */
  record Sealing(String id, SecretKey key) {}

  /**
   * The current token key's id with its derived key, taken from one ring, so that a rotation in
   * between cannot pair an id with another key.
   */
  Sealing current() {
    KeyRing ring = keys.ring();
    TokenKey key = ring.current();
    return new Sealing(key.id(), derive(ring, key));
  }

  /** The key derived from the token key {@code id}, if the ring has that key. */
  Optional<SecretKey> find(String id) {
    KeyRing ring = keys.ring();
    if (ring.find(id).isEmpty()) {
      ring = keys.ringHolding(id);
    }
    Optional<TokenKey> key = ring.find(id);
    if (key.isEmpty()) {
      derived.remove(id);
      return Optional.empty();
    }
    return Optional.of(derive(ring, key.get()));
  }

  private SecretKey derive(KeyRing ring, TokenKey key) {
    SecretKey cached = derived.get(key.id());
    if (cached != null) {
      return cached;
    }
    if (derived.size() >= ring.keys().size()) {
      // Keys the ring has dropped since they were derived.
      derived.keySet().removeIf(k -> ring.find(k).isEmpty());
    }
    byte[] material = Hkdf.derive(key.materialUnsafe(), new byte[0], purpose, 32);
    SecretKey made = new SecretKeySpec(material, "AES");
    Arrays.fill(material, (byte) 0);
    SecretKey raced = derived.putIfAbsent(key.id(), made);
    return raced != null ? raced : made;
  }
}
