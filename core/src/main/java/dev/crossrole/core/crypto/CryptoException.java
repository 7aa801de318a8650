package dev.crossrole.core.crypto;

import java.util.Objects;

/**
 * The one failure of this package. Its {@link #kind} tells callers how to answer (a bad token is
 * the client's fault, a bad master key stops the server); its message never holds key material, a
 * secret or the input that failed.
 */
public sealed class CryptoException extends RuntimeException permits InvalidTokenException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** The master key is missing, malformed, unreadable or too exposed to be used. */
    BAD_MASTER_KEY,
    /** A sealed secret was altered, moved to another owner, or sealed under another key. */
    TAMPERED_SECRET,
    /** A session token is malformed, forged, altered or sealed with an unknown key. */
    INVALID_TOKEN,
    /**
     * Claims too large to fit in a session token: the caller answers as AWS's {@code
     * PackedPolicyTooLarge}.
     */
    TOKEN_TOO_LARGE
  }

  private final Kind kind;

  CryptoException(Kind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  CryptoException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /** What went wrong. */
  public Kind kind() {
    return kind;
  }
}
