package dev.crossrole.policy;

/** A statement's Effect. */
public enum Effect {
  ALLOW("Allow"),
  DENY("Deny");

  private final String text;

  Effect(String text) {
    this.text = text;
  }

  /** The effect as written in policies: {@code Allow} or {@code Deny}. */
  public String text() {
    return text;
  }
}
