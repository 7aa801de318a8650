package dev.crossrole.policy;

/** A line of a {@code policy eval} case file that is not a valid case. */
public final class EvaluationCaseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EvaluationCaseException(String message) {
    super(message);
  }
}
