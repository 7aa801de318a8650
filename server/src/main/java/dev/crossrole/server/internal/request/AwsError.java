package dev.crossrole.server.internal.request;

import dev.crossrole.core.IdentityException;
import dev.crossrole.server.internal.sigv4.SignatureException;
import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * The AWS error a request is answered with: its code, HTTP status and message, as one protocol
 * names them. Every refusal thrown below the edge — the protocols' and services' {@link
 * AwsException}, authentication's {@link SignatureException} and the domain's {@link
 * IdentityException} — is turned into one here, and only here, so that each protocol keeps the
 * codes its clients know.
 */
public record AwsError(String code, int status, String message) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** AWS's words for a failure of ours; the detail goes to the log, never into the answer. */
  static final String INTERNAL_FAILURE_MESSAGE =
      "The request processing has failed because of an unknown error, exception or failure.";

  public AwsError {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }

  /** Whether the client is at fault, as the Query protocol's {@code <Type>} says. */
  public boolean sender() {
    return status < 500;
  }

  /**
   * {@code failure} as the Query protocol (IAM, STS) answers it; empty when it is no AWS error but
   * a defect of ours, such as an error in the JSON protocol's codes reaching the Query protocol.
   */
  public static Optional<AwsError> inQuery(RuntimeException failure) {
    if (failure instanceof SignatureException e) {
      return Optional.of(of(e.awsCode(), e.httpStatus(), e.getMessage()));
    }
    if (failure instanceof AwsException e) {
      return e.codes() == AwsException.Codes.QUERY ? Optional.of(e.error()) : Optional.empty();
    }
    if (failure instanceof IdentityException e) {
      return Optional.of(of(e.code().awsCode(), e.code().httpStatus(), e.getMessage()));
    }
    return Optional.empty();
  }

  /** The Query protocol's answer to a defect of ours. */
  public static AwsError queryInternalFailure() {
    return new AwsError("InternalFailure", 500, INTERNAL_FAILURE_MESSAGE);
  }

  /**
   * {@code failure} as the JSON 1.1 protocol (ECR) answers it: the JSON service's own codes as
   * thrown, authentication's and the Query protocol's renamed as these services name them; empty
   * when it is no AWS error but a defect of ours.
   */
  public static Optional<AwsError> inJson(RuntimeException failure) {
    if (failure instanceof SignatureException e) {
      return Optional.of(of(jsonAuthCode(e.awsCode()), e.httpStatus(), e.getMessage()));
    }
    if (failure instanceof AwsException e) {
      AwsError error = e.error();
      return Optional.of(
          switch (e.codes()) {
            case JSON -> error;
            case QUERY -> of(error.code() + "Exception", error.status(), error.message());
          });
    }
    if (failure instanceof IdentityException e) {
      return Optional.of(jsonIdentityError(e));
    }
    return Optional.empty();
  }

  /** The JSON protocol's answer to a defect of ours. */
  public static AwsError jsonServerException() {
    return new AwsError("ServerException", 500, INTERNAL_FAILURE_MESSAGE);
  }

  /** Authentication's errors as the JSON protocol services name them. */
  private static String jsonAuthCode(String queryCode) {
    return switch (queryCode) {
      case "SignatureDoesNotMatch", "RequestExpired" -> "InvalidSignatureException";
      case "InvalidClientTokenId" -> "UnrecognizedClientException";
      default -> queryCode + "Exception";
    };
  }

  /**
   * The store's refusals that a JSON service did not map itself (a value longer than its column,
   * the database gone): ECR's nearest errors, never a stack trace.
   */
  private static AwsError jsonIdentityError(IdentityException e) {
    String code =
        switch (e.code()) {
          case ACCESS_DENIED -> "AccessDeniedException";
          case SERVICE_FAILURE -> "ServerException";
          default -> "InvalidParameterException";
        };
    return of(code, e.code().httpStatus() >= 500 ? 500 : 400, e.getMessage());
  }

  private static AwsError of(String code, int status, String message) {
    return new AwsError(code, status, message == null ? "" : message);
  }
}
