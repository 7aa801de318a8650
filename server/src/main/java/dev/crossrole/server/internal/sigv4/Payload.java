package dev.crossrole.server.internal.sigv4;

import java.util.Locale;
import java.util.Objects;

/**
 * A request body for signature verification: either the bytes (hashed on first use) or the SHA-256
 * a caller already computed while streaming it.
 */
public final class Payload {
  private static final Payload EMPTY = new Payload(new byte[0], null);

  private final byte[] body;
  private volatile String sha256Hex;

  private Payload(byte[] body, String sha256Hex) {
    this.body = body;
    this.sha256Hex = sha256Hex;
  }

  /** An empty body. */
  public static Payload empty() {
    return EMPTY;
  }

  /** The body's bytes (copied). */
  public static Payload of(byte[] body) {
    Objects.requireNonNull(body, "body");
    return body.length == 0 ? EMPTY : new Payload(body.clone(), null);
  }

  /**
   * A body known only by its SHA-256.
   *
   * @param sha256Hex 64 hexadecimal digits
   * @throws IllegalArgumentException if it is not 64 hexadecimal digits
   */
  public static Payload ofSha256Hex(String sha256Hex) {
    Objects.requireNonNull(sha256Hex, "sha256Hex");
    if (!SigV4.isSha256Hex(sha256Hex)) {
      throw new IllegalArgumentException("not a hex SHA-256");
    }
    return new Payload(null, sha256Hex.toLowerCase(Locale.ROOT));
  }

  /** The body's SHA-256 in lower-case hex. */
  public String sha256Hex() {
    String hash = sha256Hex;
    if (hash == null) {
      hash = SigV4.sha256Hex(body);
      sha256Hex = hash;
    }
    return hash;
  }

  @Override
  public String toString() {
    return body != null
        ? "Payload[" + body.length + " bytes]"
        : "Payload[sha256=" + sha256Hex + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Payload other && sha256Hex().equals(other.sha256Hex());
  }

  @Override
  public int hashCode() {
    return sha256Hex().hashCode();
  }
}
