package dev.crossrole.server.internal.sigv4;

import java.util.Objects;

/**
 * A request failed authentication. Carries AWS's error code, HTTP status and message; the message
 * never contains a secret. Thrown for expected, client-caused failures, so it records no stack
 * trace.
 */
public final class SignatureException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** AWS's message for {@link AuthError#MISSING_AUTHENTICATION_TOKEN}. */
  public static final String MISSING_TOKEN_MESSAGE = "Request is missing Authentication Token";

  /** AWS's message for {@link AuthError#INVALID_CLIENT_TOKEN_ID}. */
  public static final String INVALID_TOKEN_MESSAGE =
      "The security token included in the request is invalid.";

  /** AWS's message for {@link AuthError#EXPIRED_TOKEN}. */
  public static final String EXPIRED_TOKEN_MESSAGE =
      "The security token included in the request is expired";

  /** AWS's message for a signature that does not match. */
  public static final String SIGNATURE_MISMATCH_MESSAGE =
      "The request signature we calculated does not match the signature you provided. Check your"
          + " AWS Secret Access Key and signing method. Consult the service documentation for"
          + " details.";

  /** The message for a body that does not match its declared {@code x-amz-content-sha256}. */
  public static final String CONTENT_SHA256_MISMATCH_MESSAGE =
      "The provided 'x-amz-content-sha256' header does not match what was computed.";

  private final AuthError error;

  /**
   * Creates the exception.
   *
   * @param error the AWS error code
   * @param message AWS's message; must not contain a secret
   */
  public SignatureException(AuthError error, String message) {
    super(Objects.requireNonNull(message, "message"), null, false, false);
    this.error = Objects.requireNonNull(error, "error");
  }

  /** {@link AuthError#INVALID_CLIENT_TOKEN_ID} with AWS's message. */
  public static SignatureException invalidClientTokenId() {
    return new SignatureException(AuthError.INVALID_CLIENT_TOKEN_ID, INVALID_TOKEN_MESSAGE);
  }

  /** {@link AuthError#EXPIRED_TOKEN} with AWS's message, for lookups of expired sessions. */
  public static SignatureException expiredToken() {
    return new SignatureException(AuthError.EXPIRED_TOKEN, EXPIRED_TOKEN_MESSAGE);
  }

  /** The error code. */
  public AuthError error() {
    return error;
  }

  /** The code as AWS writes it, e.g. {@code SignatureDoesNotMatch}. */
  public String awsCode() {
    return error.awsCode();
  }

  /** The HTTP status to answer with. */
  public int httpStatus() {
    return error.httpStatus();
  }

  @Override
  public String toString() {
    return "SignatureException[" + error.awsCode() + ": " + getMessage() + "]";
  }
}
