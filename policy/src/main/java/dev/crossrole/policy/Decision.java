package dev.crossrole.policy;

/** The outcome of an evaluation, in AWS's own EvalDecision words. */
public enum Decision {
  ALLOWED("allowed"),
  EXPLICIT_DENY("explicitDeny"),
  IMPLICIT_DENY("implicitDeny");

  private final String text;

  Decision(String text) {
    this.text = text;
  }

  /** {@code allowed}, {@code explicitDeny} or {@code implicitDeny}. */
  public String text() {
    return text;
  }
}
