package dev.crossrole.policy;

import java.util.Optional;

/** The policy language versions IAM accepts in the Version element. */
public enum PolicyVersion {
  /** The original language, without policy variables; also what a missing Version means. */
  V2008_10_17("2008-10-17"),
  /** The current language, with policy variables. */
  V2012_10_17("2012-10-17");

  private final String text;

  PolicyVersion(String text) {
    this.text = text;
  }

  /** The version written in a document, if it is one IAM knows. */
  public static Optional<PolicyVersion> of(String text) {
    for (PolicyVersion v : values()) {
      if (v.text.equals(text)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  /** The version as written, {@code 2012-10-17}. */
  public String text() {
    return text;
  }

  /** Whether {@code ${...}} in values are policy variables rather than literal text. */
  public boolean supportsVariables() {
    return this == V2012_10_17;
  }
}
