package dev.crossrole.server.internal.json;

import java.util.Objects;

/**
 * An error of a JSON protocol service, answered as {@code {"__type": code, "message": …}} with the
 * code also in {@code x-amzn-ErrorType}: the shape botocore and the SDKs read.
 */
public final class JsonException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String code;
  private final int status;

  public JsonException(String code, int status, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
    this.status = status;
  }

  /** A client error (HTTP 400), as most of ECR's are. */
  public static JsonException of(String code, String message) {
    return new JsonException(code, 400, message);
  }

  /** The error's type, such as {@code RepositoryNotFoundException}. */
  public String code() {
    return code;
  }

  /** The HTTP status it is answered with. */
  public int status() {
    return status;
  }
}
