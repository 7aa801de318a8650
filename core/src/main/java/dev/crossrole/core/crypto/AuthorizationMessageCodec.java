package dev.crossrole.core.crypto;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import javax.crypto.AEADBadTagException;
import javax.crypto.SecretKey;

/**
 * The encoded authorization failure messages that AccessDenied answers carry, and that STS's
 * DecodeAuthorizationMessage opens again: a text (the decoded JSON) sealed with AES-256-GCM for the
 * one account it was issued to.
 *
 * <p>The keys are derived with HKDF from the session-token keys, one per token key and under a
 * purpose of their own, so that no node needs another secret, rotation follows the token keys, and
 * a message can never be mistaken for a session token or the reverse. The account id is associated
 * data: a message opens only for principals of the account it names.
 *
 * <p>Format, as unpadded base64url:
 *
 * <pre>
 * magic (3 bytes: 0A 2B 5A) ‖ key id length (1 byte) ‖ key id (ASCII)
 * ‖ nonce (12 random bytes) ‖ AES-GCM(raw deflate of the UTF-8 text) ‖ tag (16 bytes)
 * </pre>
 *
 * The header and the account id are the associated data. Thread-safe.
 */
public final class AuthorizationMessageCodec {
  /**
   * The longest encoded message accepted, in characters: STS's {@code encodedMessageType} allows
   * 10,240.
   */
  public static final int MAX_ENCODED_LENGTH = 10_240;

  private static final byte[] MAGIC = {0x0A, 0x2B, 0x5A};
  private static final byte[] PURPOSE = "crossrole authorization message v1".getBytes(US_ASCII);
  private static final int MAX_TEXT = 256 * 1024;

  private final DerivedKeys keys;

  /** A codec that seals with a key derived from the ring's current key, opens with any of them. */
  public AuthorizationMessageCodec(KeyRingSource keys) {
    this.keys = new DerivedKeys(keys, PURPOSE);
  }

  /** Seals {@code text} for {@code accountId}. */
  public String encode(String accountId, String text) {
    Objects.requireNonNull(accountId, "accountId");
    byte[] plaintext = deflate(text.getBytes(UTF_8));
    DerivedKeys.Sealing sealing = keys.current();
    String keyId = sealing.id();
    byte[] id = keyId.getBytes(US_ASCII);
    int headerLength = MAGIC.length + 1 + id.length;
    byte[] out = new byte[headerLength + Gcm.NONCE_LENGTH + plaintext.length + Gcm.TAG_LENGTH];
    System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
    out[MAGIC.length] = (byte) id.length;
    System.arraycopy(id, 0, out, MAGIC.length + 1, id.length);
    System.arraycopy(Gcm.randomBytes(Gcm.NONCE_LENGTH), 0, out, headerLength, Gcm.NONCE_LENGTH);
    Gcm.seal(
        sealing.key(),
        out,
        headerLength,
        accountId.getBytes(US_ASCII),
        headerLength,
        plaintext,
        plaintext.length,
        headerLength + Gcm.NONCE_LENGTH);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
  }

  /**
   * The text sealed in {@code encoded} for {@code accountId}; empty for anything else whatsoever —
   * not base64url, truncated, altered, sealed for another account or with a key this node does not
   * hold.
   */
  public Optional<String> decode(String accountId, String encoded) {
    if (encoded == null || encoded.isEmpty() || encoded.length() > MAX_ENCODED_LENGTH) {
      return Optional.empty();
    }
    byte[] in;
    try {
      in = Base64.getUrlDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (in.length < MAGIC.length + 2 + Gcm.NONCE_LENGTH + Gcm.TAG_LENGTH
        || !Arrays.equals(in, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      return Optional.empty();
    }
    int idLength = in[MAGIC.length] & 0xff;
    int headerLength = MAGIC.length + 1 + idLength;
    if (idLength == 0 || in.length < headerLength + Gcm.NONCE_LENGTH + Gcm.TAG_LENGTH) {
      return Optional.empty();
    }
    Optional<SecretKey> key = keys.find(new String(in, MAGIC.length + 1, idLength, US_ASCII));
    if (key.isEmpty()) {
      return Optional.empty();
    }
    try {
      byte[] plaintext =
          Gcm.open(
              key.get(),
              in,
              headerLength,
              accountId.getBytes(US_ASCII),
              headerLength,
              headerLength + Gcm.NONCE_LENGTH);
      return inflate(plaintext).map(b -> new String(b, UTF_8));
    } catch (AEADBadTagException e) {
      return Optional.empty();
    }
  }

  private static byte[] deflate(byte[] in) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    try {
      deflater.setInput(in);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(in.length / 2 + 64);
      byte[] buffer = new byte[4096];
      while (!deflater.finished()) {
        int n = deflater.deflate(buffer);
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  /** Authenticated input only, yet bounded all the same. */
  private static Optional<byte[]> inflate(byte[] in) {
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(in);
      ByteArrayOutputStream out = new ByteArrayOutputStream(in.length * 4);
      byte[] buffer = new byte[4096];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          return Optional.empty();
        }
        out.write(buffer, 0, n);
        if (out.size() > MAX_TEXT) {
          return Optional.empty();
        }
      }
      return Optional.of(out.toByteArray());
    } catch (DataFormatException e) {
      return Optional.empty();
    } finally {
      inflater.end();
    }
  }

  @Override
  public String toString() {
    return "AuthorizationMessageCodec[" + keys + "]";
  }
}
