package dev.crossrole.server.internal.sigv4;

/** The AWS error codes that authentication of a request can end in, with their HTTP status. */
public enum AuthError {
  /** Neither an Authorization header nor presigned query parameters. */
  MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationToken", 403),
  /** The signature's parts are missing or malformed. */
  INCOMPLETE_SIGNATURE("IncompleteSignature", 400),
  /** The access key id (or its session token) is unknown, inactive or invalid. */
  INVALID_CLIENT_TOKEN_ID("InvalidClientTokenId", 403),
  /** The signature is wrong, or its date is out of the allowed skew. */
  SIGNATURE_DOES_NOT_MATCH("SignatureDoesNotMatch", 403),
  /** A presigned request is used after its {@code X-Amz-Expires}. */
  REQUEST_EXPIRED("RequestExpired", 400),
  /** The session token has expired; raised by a {@link SigningSecrets} lookup. */
  EXPIRED_TOKEN("ExpiredToken", 403),
  /** The {@code x-amz-content-sha256} header does not match the body. */
  X_AMZ_CONTENT_SHA256_MISMATCH("XAmzContentSHA256Mismatch", 400);

  private final String awsCode;
  private final int httpStatus;

  AuthError(String awsCode, int httpStatus) {
    this.awsCode = awsCode;
    this.httpStatus = httpStatus;
  }

  /** The code as AWS writes it in {@code <Code>} or {@code __type}. */
  public String awsCode() {
    return awsCode;
  }

  /** The HTTP status AWS answers with. */
  public int httpStatus() {
    return httpStatus;
  }
}
