package dev.crossrole.server.internal.query;

/**
 * A request refused at the protocol layer, with the AWS error it maps to: {@code
 * MalformedQueryString}, {@code MissingParameter}, {@code InvalidParameterValue}, {@code
 * InvalidAction}, {@code ValidationError}…
 */
public final class QueryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String code;
  private final int status;

  public QueryException(String code, int status, String message) {
    super(message);
    this.code = code;
    this.status = status;
  }

  /** The AWS error code. */
  public String code() {
    return code;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** MissingParameter, for a required parameter the request does not carry. */
  public static QueryException missing(String name) {
    return new QueryException(
        "MissingParameter", 400, "The request must contain the parameter " + name);
  }
}
