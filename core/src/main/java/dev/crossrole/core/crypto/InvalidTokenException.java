package dev.crossrole.core.crypto;

/**
 * A session token that cannot be trusted, for any reason: the caller answers AWS's {@code
 * InvalidClientTokenId}. {@link #flaw} is for logs and for one decision: a token sealed with a key
 * this node does not know yet may warrant reloading the key ring once.
 */
public final class InvalidTokenException extends CryptoException {
  private static final long serialVersionUID = 1L;

  /** Why the token was refused. */
  public enum Flaw {
    /** Not a crossrole session token: wrong length, characters, prefix or structure. */
    MALFORMED,
    /** Well formed, but sealed with a key id the key ring does not hold. */
    UNKNOWN_KEY,
    /** Its authentication tag does not verify: altered, forged, or truncated. */
    FORGED
  }

  private final Flaw flaw;

  InvalidTokenException(Flaw flaw, String message) {
    super(Kind.INVALID_TOKEN, message);
    this.flaw = flaw;
  }

  InvalidTokenException(Flaw flaw, String message, Throwable cause) {
    super(Kind.INVALID_TOKEN, message, cause);
    this.flaw = flaw;
  }

  /** Why the token was refused. */
  public Flaw flaw() {
    return flaw;
  }
}
