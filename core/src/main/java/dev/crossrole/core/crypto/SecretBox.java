package dev.crossrole.core.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Base64;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticated encryption of small secrets at rest (AES-256-GCM under a key derived from the
 * {@link MasterKey} for one purpose). The associated data names the secret's owner — an access key
 * id, a token key id — so a sealed value copied to another row fails to open.
 *
 * <p>Format: unpadded base64url of {@code version (1 byte, 1) ‖ nonce (12 random bytes) ‖
 * ciphertext ‖ tag (16 bytes)}; the version byte is authenticated too. Thread-safe.
 */
public final class SecretBox {
  /** Purpose of the box that seals the secrets of long-term access keys. */
  public static final String ACCESS_KEY_SECRETS = "access-key-secrets";

  /** Purpose of the box that seals the keys of session tokens ({@link TokenKey}). */
  public static final String SESSION_TOKEN_KEYS = "session-token-keys";

  /** Largest plaintext accepted: this box is for keys and secrets, not documents. */
  public static final int MAX_PLAINTEXT = 64 * 1024;

  static final byte VERSION = 1;
  private static final int OVERHEAD = 1 + Gcm.NONCE_LENGTH + Gcm.TAG_LENGTH;
  private static final int MAX_SEALED_LENGTH = (MAX_PLAINTEXT + OVERHEAD) * 4 / 3 + 4;

  private final String purpose;
  private final SecretKey key;

  SecretBox(String purpose, byte[] key) {
    this.purpose = purpose;
    this.key = new SecretKeySpec(key, "AES");
  }

  /** The purpose label this box's key was derived for. */
  public String purpose() {
    return purpose;
  }

  /**
   * Seals {@code plaintext} for the owner named by {@code associatedData}; two seals of the same
   * plaintext differ (random nonce).
   */
  public String seal(byte[] plaintext, String associatedData) {
    Objects.requireNonNull(plaintext, "plaintext");
    Objects.requireNonNull(associatedData, "associatedData");
    if (plaintext.length > MAX_PLAINTEXT) {
      throw new IllegalArgumentException("a secret box seals at most " + MAX_PLAINTEXT + " bytes");
    }
    byte[] out = new byte[OVERHEAD + plaintext.length];
    out[0] = VERSION;
    System.arraycopy(Gcm.randomBytes(Gcm.NONCE_LENGTH), 0, out, 1, Gcm.NONCE_LENGTH);
    Gcm.seal(
        key,
        out,
        1,
        associatedData.getBytes(UTF_8),
        1,
        plaintext,
        plaintext.length,
        1 + Gcm.NONCE_LENGTH);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
  }

  /** {@link #seal} of a string's UTF-8 bytes. */
  public String sealText(String plaintext, String associatedData) {
    Objects.requireNonNull(plaintext, "plaintext");
    return seal(plaintext.getBytes(UTF_8), associatedData);
  }

  /**
   * Opens what {@link #seal} produced for the same owner.
   *
   * @throws CryptoException of kind {@link CryptoException.Kind#TAMPERED_SECRET} when {@code
   *     sealed} is malformed, altered, sealed for another owner, purpose or master key
   */
  public byte[] open(String sealed, String associatedData) {
    Objects.requireNonNull(sealed, "sealed");
    Objects.requireNonNull(associatedData, "associatedData");
    if (sealed.length() > MAX_SEALED_LENGTH) {
      throw tampered("the sealed secret is too long", null);
    }
    byte[] in;
    try {
      in = Base64.getUrlDecoder().decode(sealed);
    } catch (IllegalArgumentException e) {
      // Not chained: the decoder's message quotes a character of the input.
      throw tampered("the sealed secret is not base64url", null);
    }
    if (in.length < OVERHEAD) {
      throw tampered("the sealed secret is truncated", null);
    }
    if (in[0] != VERSION) {
      throw tampered("the sealed secret has an unknown format version", null);
    }
    try {
      return Gcm.open(key, in, 1, associatedData.getBytes(UTF_8), 1, 1 + Gcm.NONCE_LENGTH);
    } catch (AEADBadTagException e) {
      throw tampered(
          "the sealed secret does not verify: altered, sealed for another owner, or sealed under"
              + " another master key",
          e);
    }
  }

  /** {@link #open} of a secret sealed with {@link #sealText}. */
  public String openText(String sealed, String associatedData) {
    return new String(open(sealed, associatedData), UTF_8);
  }

  @Override
  public String toString() {
    return "SecretBox[purpose=" + purpose + ", key=<redacted>]";
  }

  private static CryptoException tampered(String message, Throwable cause) {
    return cause == null
        ? new CryptoException(CryptoException.Kind.TAMPERED_SECRET, message)
        : new CryptoException(CryptoException.Kind.TAMPERED_SECRET, message, cause);
  }
}
