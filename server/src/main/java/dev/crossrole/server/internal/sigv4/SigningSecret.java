package dev.crossrole.server.internal.sigv4;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A secret access key found for an access key id, with whatever the lookup attaches to say whom the
 * key belongs to. {@link #toString()} never shows the secret.
 *
 * @param <P> the lookup's type for "who this key belongs to"
 */
public final class SigningSecret<P> {
  private final byte[] secretUtf8;
  private final P principal;

  private SigningSecret(byte[] secretUtf8, P principal) {
    this.secretUtf8 = secretUtf8;
    this.principal = Objects.requireNonNull(principal, "principal");
  }

  /**
   * A secret given as characters; the array is copied and may be wiped by the caller afterwards.
   */
  public static <P> SigningSecret<P> of(char[] secretAccessKey, P principal) {
    Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(secretAccessKey));
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    if (encoded.hasArray()) {
      Arrays.fill(encoded.array(), (byte) 0);
    }
    return new SigningSecret<>(bytes, principal);
  }

  /** A secret given as a string. */
  public static <P> SigningSecret<P> of(String secretAccessKey, P principal) {
    Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    return new SigningSecret<>(secretAccessKey.getBytes(StandardCharsets.UTF_8), principal);
  }

  /** A secret given as its UTF-8 bytes; the array is copied. */
  public static <P> SigningSecret<P> ofUtf8(byte[] secretAccessKeyUtf8, P principal) {
    Objects.requireNonNull(secretAccessKeyUtf8, "secretAccessKeyUtf8");
    return new SigningSecret<>(secretAccessKeyUtf8.clone(), principal);
  }

  /** Whom the key belongs to, as the lookup said. */
  public P principal() {
    return principal;
  }

  /** The secret's UTF-8 bytes; package-private, never copied out of the verifier. */
  byte[] secretUtf8() {
    return secretUtf8;
  }

  @Override
  public String toString() {
    return "SigningSecret[principal=" + principal + ", secret=<redacted>]";
  }
}
