package dev.crossrole.client;

import java.util.Objects;
import java.util.Optional;

/**
 * A build-side operation that could not be done, with why: AWS (or crossrole) refused it, no source
 * credentials were found, the endpoint could not be reached or its certificate was not trusted, or
 * the local configuration is wrong. Messages are one line and never contain a secret.
 */
public final class ClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the operation failed; each kind has its own exit code in the command line. */
  public enum Kind {
    /** The service answered with an AWS error (AccessDenied, InvalidClientTokenId, …). */
    REFUSED,
    /** No source credentials: the SDK's default chain or the named profile has none. */
    NO_CREDENTIALS,
    /** The endpoint did not answer: no connection, a TLS failure, a timeout. */
    UNREACHABLE,
    /**
     * The endpoint answered with a certificate that is not trusted: its authority is in neither the
     * CA bundle in effect nor, without one, the JVM's default trust store.
     */
    UNTRUSTED,
    /** The local configuration is wrong: an unknown profile, an unreadable file, a bad value. */
    CONFIGURATION
  }

  private final Kind kind;
  private final String awsCode;

  private ClientException(Kind kind, String awsCode, String message, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.awsCode = awsCode;
  }

  /** The service's refusal, with its AWS error code. */
  public static ClientException refused(String awsCode, String message, Throwable cause) {
    return new ClientException(
        Kind.REFUSED, Objects.requireNonNull(awsCode, "awsCode"), message, cause);
  }

  /** A failure that carries no AWS error code. */
  public static ClientException of(Kind kind, String message, Throwable cause) {
    if (kind == Kind.REFUSED) {
      throw new IllegalArgumentException("a refusal carries its AWS error code: use refused()");
    }
    return new ClientException(kind, null, message, cause);
  }

  /** A failure that carries no AWS error code and has no cause. */
  public static ClientException of(Kind kind, String message) {
    return of(kind, message, null);
  }

  public Kind kind() {
    return kind;
  }

  /** The AWS error code of a refusal; empty for the other kinds. */
  public Optional<String> awsCode() {
    return Optional.ofNullable(awsCode);
  }
}
