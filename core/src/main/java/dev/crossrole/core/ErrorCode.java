package dev.crossrole.core;

/** The AWS error codes of the identity domain, with the HTTP status AWS answers them with. */
public enum ErrorCode {
  ACCESS_DENIED("AccessDenied", 403),
  NO_SUCH_ENTITY("NoSuchEntity", 404),
  ENTITY_ALREADY_EXISTS("EntityAlreadyExists", 409),
  DELETE_CONFLICT("DeleteConflict", 409),
  LIMIT_EXCEEDED("LimitExceeded", 409),
  MALFORMED_POLICY_DOCUMENT("MalformedPolicyDocument", 400),
  VALIDATION_ERROR("ValidationError", 400),
  INVALID_INPUT("InvalidInput", 400),
  SERVICE_FAILURE("ServiceFailure", 500);

  private final String awsCode;
  private final int httpStatus;

  ErrorCode(String awsCode, int httpStatus) {
    this.awsCode = awsCode;
    this.httpStatus = httpStatus;
  }

  /** The code in AWS's error responses, such as {@code NoSuchEntity}. */
  public String awsCode() {
    return awsCode;
  }

  /** The HTTP status AWS returns with the code. */
  public int httpStatus() {
    return httpStatus;
  }
}
