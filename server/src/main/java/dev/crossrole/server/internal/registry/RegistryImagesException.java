package dev.crossrole.server.internal.registry;

/**
 * The registry refused or failed an image operation: its error code ({@code MANIFEST_UNKNOWN},
 * {@code MANIFEST_INVALID}, {@code MANIFEST_BLOB_UNKNOWN}, {@code NAME_UNKNOWN}, …, or {@code
 * UNAVAILABLE} when it cannot be reached), its HTTP status and its message. It is the registry's
 * error, not an AWS one: ECR's image calls let it pass as a failure of the server, answered with
 * the protocol's internal failure and logged, never with the registry's codes.
 */
public final class RegistryImagesException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String code;
  private final int status;

  public RegistryImagesException(String code, int status, String message) {
    super(message);
    this.code = code;
    this.status = status;
  }

  /** The registry's error code. */
  public String code() {
    return code;
  }

  /** The registry's HTTP status, or 503 when it could not be reached. */
  public int status() {
    return status;
  }
}
