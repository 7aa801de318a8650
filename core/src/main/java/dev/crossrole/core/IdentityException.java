package dev.crossrole.core;

import java.util.Objects;

/**
 * A refused identity operation, with the AWS error code it maps to. Messages follow AWS's wording
 * and never contain secrets.
 */
public class IdentityException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public IdentityException(ErrorCode code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
  }

  public IdentityException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  public ErrorCode code() {
    return code;
  }
}
