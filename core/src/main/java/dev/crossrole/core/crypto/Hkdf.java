package dev.crossrole.core.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF with HMAC-SHA256 (RFC 5869): one master secret, independent keys per purpose. */
final class Hkdf {
  private static final String HMAC = "HmacSHA256";
  private static final int HASH_LENGTH = 32;

  private Hkdf() {}

  /** Extract-then-expand; an empty salt means HashLen zero bytes, as the RFC says. */
  static byte[] derive(byte[] inputKey, byte[] salt, byte[] info, int length) {
    if (length < 1 || length > 255 * HASH_LENGTH) {
      throw new IllegalArgumentException("HKDF output length out of range: " + length);
    }
    byte[] prk = null;
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(salt.length == 0 ? new byte[HASH_LENGTH] : salt, HMAC));
      prk = mac.doFinal(inputKey);
      mac.init(new SecretKeySpec(prk, HMAC));
      byte[] out = new byte[length];
      byte[] block = new byte[0];
      int filled = 0;
      for (int counter = 1; filled < length; counter++) {
        mac.update(block);
        mac.update(info);
        mac.update((byte) counter);
        block = mac.doFinal();
        int n = Math.min(block.length, length - filled);
        System.arraycopy(block, 0, out, filled, n);
        filled += n;
      }
      Arrays.fill(block, (byte) 0);
      return out;
    } catch (GeneralSecurityException e) {
      // HmacSHA256 is mandatory in every Java SE platform: this is a broken runtime, not input.
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    } finally {
      if (prk != null) {
        Arrays.fill(prk, (byte) 0);
      }
    }
  }
}
