package dev.crossrole.server.internal.sigv4;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded, least-recently-used cache of SigV4 signing keys. A signing key depends on the secret,
 * the date, the region and the service; the cache is keyed by a salted SHA-256 of those, so neither
 * a secret nor anything that reveals one is ever a map key.
 */
final class SigningKeyCache {
  private final int maxEntries;
  private final byte[] salt = new byte[16];
  private final Map<Key, byte[]> entries;
  private long hits;
  private long misses;

  SigningKeyCache(int maxEntries) {
    if (maxEntries < 0) {
      throw new IllegalArgumentException("maxEntries < 0");
    }
    this.maxEntries = maxEntries;
    new SecureRandom().nextBytes(salt);
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, byte[]> eldest) {
            return size() > SigningKeyCache.this.maxEntries;
          }
        };
  }

  /** The signing key for the secret and scope, computed on a miss. */
  byte[] signingKey(byte[] secretUtf8, CredentialScope scope) {
    if (maxEntries == 0) {
      return SigV4.signingKey(secretUtf8, scope);
    }
    Key key = key(secretUtf8, scope);
    synchronized (entries) {
      byte[] cached = entries.get(key);
      if (cached != null) {
        hits++;
        return cached;
      }
      misses++;
    }
    byte[] computed = SigV4.signingKey(secretUtf8, scope);
    synchronized (entries) {
      entries.put(key, computed);
    }
    return computed;
  }

  private Key key(byte[] secretUtf8, CredentialScope scope) {
    MessageDigest digest = SigV4.sha256Digest();
    digest.update(salt);
    digest.update(secretUtf8);
    digest.update((byte) 0);
    digest.update(scope.value().getBytes(StandardCharsets.UTF_8));
    ByteBuffer hash = ByteBuffer.wrap(digest.digest());
    return new Key(hash.getLong(), hash.getLong(), hash.getLong(), hash.getLong());
  }

  int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  long hits() {
    synchronized (entries) {
      return hits;
    }
  }

  long misses() {
    synchronized (entries) {
      return misses;
    }
  }

  private record Key(long a, long b, long c, long d) {}
}
