package dev.crossrole.server.internal.request;

import java.util.Objects;

/**
 * A request refused with an AWS error: the one exception the protocols and services throw to answer
 * the client, carrying the {@link AwsError} in the codes of the protocol that threw it. {@link
 * AwsError#inJson} renames the Query protocol's codes (thrown by the validation IAM and STS share)
 * as the JSON protocol's services name them, and keeps the JSON protocol's as thrown.
 */
public final class AwsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Whose codes the error is named in. */
  public enum Codes {
    /** The Query protocol's (IAM, STS): {@code MissingParameter}, {@code ValidationError}… */
    QUERY,
    /** The JSON protocol's (ECR): {@code RepositoryNotFoundException}… */
    JSON
  }

  private final AwsError error;
  private final Codes codes;

  /** A message that is null (a store's refusal without one) is answered as empty. */
  private AwsException(String code, int status, String message, Codes codes) {
    super(Objects.requireNonNullElse(message, ""));
    this.error = new AwsError(code, status, getMessage());
    this.codes = codes;
  }

  /**
   * A refusal in the Query protocol's codes: {@code MalformedQueryString}, {@code
   * InvalidParameterValue}, {@code InvalidAction}, {@code ValidationError}…
   */
  public static AwsException query(String code, int status, String message) {
    return new AwsException(code, status, message, Codes.QUERY);
  }

  /** MissingParameter, for a required parameter the request does not carry. */
  public static AwsException missing(String name) {
    return query("MissingParameter", 400, "The request must contain the parameter " + name);
  }

  /** A client error (HTTP 400) in the JSON protocol's codes, as most of ECR's are. */
  public static AwsException json(String code, String message) {
    return new AwsException(code, 400, message, Codes.JSON);
  }

  /** The error as thrown, in the codes of {@link #codes()}. */
  public AwsError error() {
    return error;
  }

  /** Whose codes {@link #error()} is named in. */
  public Codes codes() {
    return codes;
  }
}
