package dev.crossrole.core.internal.crypto;

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
 * it. Derived once per key id and kept. Thread-safe.
 */
final class DerivedKeys {
  private final KeyRing keys;
  private final byte[] purpose;
  private final Map<String, SecretKey> derived = new ConcurrentHashMap<>();

  /**
   * @param keys the session-token keys
   * @param purpose HKDF's info: a distinct one per use keeps the keys of different uses apart
   */
  DerivedKeys(KeyRing keys, byte[] purpose) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.purpose = purpose.clone();
  }

  /** The current token key's id, which new values are sealed under. */
  String currentId() {
    return keys.current().id();
  }

  /** The key derived from the token key {@code id}, if the ring has that key. */
  Optional<SecretKey> find(String id) {
    SecretKey cached = derived.get(id);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<TokenKey> key = keys.find(id);
    if (key.isEmpty()) {
      return Optional.empty();
    }
    byte[] material = Hkdf.derive(key.get().materialUnsafe(), new byte[0], purpose, 32);
    SecretKey made = new SecretKeySpec(material, "AES");
    Arrays.fill(material, (byte) 0);
    derived.putIfAbsent(id, made);
    return Optional.of(made);
  }
}
