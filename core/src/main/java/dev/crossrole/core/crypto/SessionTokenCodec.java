package dev.crossrole.core.crypto;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.util.Base64;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.SecretKey;

/**
 * Self-contained session tokens: the {@link SessionClaims} sealed with AES-256-GCM under the key
 * ring's current key, so that any node holding the ring verifies a token and learns its claims
 * without asking the store.
 *
 * <p>Format, as unpadded base64url (safe unescaped in headers, query strings, ini files and
 * environment variables):
 *
 * <pre>
 * magic (3 bytes: 09 1B 75, which base64 shows as the prefix "CRt1" of every token)
 * ‖ key id length (1 byte) ‖ key id (ASCII)
 * ‖ nonce (12 random bytes)
 * ‖ AES-GCM(claims in {@link ClaimsFormat}) ‖ tag (16 bytes)
 * </pre>
 *
 * The magic and key id are the associated data, so neither can be changed without failing the tag.
 * The fixed prefix lets secret scanners recognise leaked tokens. Measured sizes: about 260 to 290
 * characters for a plain AssumeRole or GetSessionToken session, about 800 with a 2,048-character
 * session policy, two managed policy ARNs and tags (AWS's run to about 1 KB).
 *
 * <p>Random 96-bit nonces keep the chance of a repeat negligible only up to about 2<sup>32</sup>
 * tokens per key (NIST SP 800-38D), so the current key must rotate long before that: daily rotation
 * stays ten times below it even at a sustained 5,000 tokens per second. Thread-safe; it reads the
 * ring from its {@link KeyRingSource} at each use, so it follows rotation and revocation.
 *
 * <p>The caller still checks, after {@link #decode}: that the request's access key id equals {@link
 * SessionClaims#accessKeyId}, the signature with {@link SessionClaims#secretAccessKey}, {@link
 * SessionClaims#isExpired} ({@code ExpiredToken}), and revocation.
 */
public final class SessionTokenCodec {
  /** Every token starts with this. */
  public static final String PREFIX = "CRt1";

  /**
   * The longest token encoded or accepted, in characters. Larger claims fail to encode with {@link
   * CryptoException.Kind#TOKEN_TOO_LARGE}, the analogue of AWS's {@code PackedPolicyTooLarge}; HTTP
   * servers must accept request headers of this size.
   */
  public static final int MAX_TOKEN_LENGTH = 8192;

  private static final byte[] MAGIC = {0x09, 0x1B, 0x75};
  private static final int MIN_LENGTH = MAGIC.length + 1 + 1 + Gcm.NONCE_LENGTH + Gcm.TAG_LENGTH;
  private static final byte[] NO_AAD = new byte[0];

  private final KeyRingSource keys;

  /** A codec that seals with the ring's current key and opens with any key of the ring. */
  public SessionTokenCodec(KeyRingSource keys) {
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  /** Where this codec finds its ring, for the codecs whose keys derive from the same one. */
  public KeyRingSource keyRing() {
    return keys;
  }

  /**
   * Seals {@code claims} into a token with the current key.
   *
   * @throws CryptoException of kind {@link CryptoException.Kind#TOKEN_TOO_LARGE} when the token
   *     would exceed {@link #MAX_TOKEN_LENGTH}
   */
  public String encode(SessionClaims claims) {
    Objects.requireNonNull(claims, "claims");
    byte[] plaintext = ClaimsFormat.write(claims);
    KeyRing ring = keys.ring();
    TokenKey key = ring.current();
    byte[] id = key.id().getBytes(US_ASCII);
    int headerLength = MAGIC.length + 1 + id.length;
    int total = headerLength + Gcm.NONCE_LENGTH + plaintext.length + Gcm.TAG_LENGTH;
    if ((total * 4L + 2) / 3 > MAX_TOKEN_LENGTH) {
      throw new CryptoException(
          CryptoException.Kind.TOKEN_TOO_LARGE,
          "the session's policies and tags are too large for a session token");
    }
    byte[] out = new byte[total];
    System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
    out[MAGIC.length] = (byte) id.length;
    System.arraycopy(id, 0, out, MAGIC.length + 1, id.length);
    System.arraycopy(Gcm.randomBytes(Gcm.NONCE_LENGTH), 0, out, headerLength, Gcm.NONCE_LENGTH);
    Gcm.seal(
        ring.cipherKey(key.id()),
        out,
        headerLength,
        NO_AAD,
        headerLength,
        plaintext,
        plaintext.length,
        headerLength + Gcm.NONCE_LENGTH);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
  }

  /**
   * The claims of a token this or any node with the same keys encoded. Expiry is not checked here
   * ({@link SessionClaims#isExpired}).
   *
   * @throws InvalidTokenException for any other input whatsoever — {@code null}, empty, too long,
   *     not base64url, wrong prefix, unknown key id, altered or truncated; never another exception
   */
  public SessionClaims decode(String token) {
    if (token == null || token.isEmpty()) {
      throw malformed("the session token is empty");
    }
    if (token.length() > MAX_TOKEN_LENGTH) {
      throw malformed("the session token is too long");
    }
    if (!token.startsWith(PREFIX)) {
      throw malformed("not a crossrole session token");
    }
    byte[] in;
    try {
      in = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      // Not chained: the decoder's message quotes part of the token.
      throw malformed("the session token is not base64url");
    }
    // One token, one spelling: padding or stray low bits would let altered strings decode alike.
    if (!Base64.getUrlEncoder().withoutPadding().encodeToString(in).equals(token)) {
      throw malformed("the session token is not canonical base64url");
    }
    if (in.length < MIN_LENGTH) {
      throw malformed("the session token is truncated");
    }
    int idLength = in[MAGIC.length] & 0xff;
    int headerLength = MAGIC.length + 1 + idLength;
    if (idLength == 0 || in.length < headerLength + Gcm.NONCE_LENGTH + Gcm.TAG_LENGTH + 1) {
      throw malformed("the session token is truncated");
    }
    String keyId = new String(in, MAGIC.length + 1, idLength, US_ASCII);
    SecretKey key = keys.ring().cipherKey(keyId);
    if (key == null) {
      key = keys.ringHolding(keyId).cipherKey(keyId);
    }
    if (key == null) {
      throw new InvalidTokenException(
          InvalidTokenException.Flaw.UNKNOWN_KEY,
          "the session token was sealed with a key this node does not hold");
    }
    byte[] plaintext;
    try {
      plaintext =
          Gcm.open(key, in, headerLength, NO_AAD, headerLength, headerLength + Gcm.NONCE_LENGTH);
    } catch (AEADBadTagException e) {
      throw new InvalidTokenException(
          InvalidTokenException.Flaw.FORGED, "the session token does not verify", e);
    }
    try {
      return ClaimsFormat.read(plaintext);
    } catch (ClaimsFormat.Malformed | RuntimeException e) {
      // Authentic yet unreadable: a bug or a format this build does not know; still only ever
      // an invalid token to the caller, with the cause kept for the log.
      throw new InvalidTokenException(
          InvalidTokenException.Flaw.MALFORMED, "the session token's claims do not parse", e);
    }
  }

  @Override
  public String toString() {
    return "SessionTokenCodec[" + keys + "]";
  }

  private static InvalidTokenException malformed(String message) {
    return new InvalidTokenException(InvalidTokenException.Flaw.MALFORMED, message);
  }
}
