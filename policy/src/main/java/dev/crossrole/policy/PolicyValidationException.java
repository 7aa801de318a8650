package dev.crossrole.policy;

/**
 * A policy document that IAM would refuse. The {@link Problem} names the AWS error code; the
 * message is written in AWS's words and never quotes more of the document than the offending value.
 */
public final class PolicyValidationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The AWS error a refused document maps to. */
  public enum Problem {
    /** The document is not valid policy grammar. */
    MALFORMED_POLICY_DOCUMENT("MalformedPolicyDocument"),
    /** The document is larger than the quota for where it is attached. */
    LIMIT_EXCEEDED("LimitExceeded"),
    /** The document holds characters outside the range IAM accepts. */
    VALIDATION_ERROR("ValidationError");

    private final String awsCode;

    Problem(String awsCode) {
      this.awsCode = awsCode;
    }

    /** The error code AWS returns, such as {@code MalformedPolicyDocument}. */
    public String awsCode() {
      return awsCode;
    }
  }

  private final Problem problem;

  /** Creates the exception; {@code message} must not contain secrets. */
  public PolicyValidationException(Problem problem, String message) {
    super(message);
    this.problem = problem;
  }

  static PolicyValidationException malformed(String message) {
    return new PolicyValidationException(Problem.MALFORMED_POLICY_DOCUMENT, message);
  }

  /** Which AWS error this is. */
  public Problem problem() {
    return problem;
  }
}
