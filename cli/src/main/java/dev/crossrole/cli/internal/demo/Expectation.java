package dev.crossrole.cli.internal.demo;

import java.util.Objects;

/** What a step of the demo should do: succeed, or be refused with a given error code. */
public sealed interface Expectation {

  /** The step succeeds. */
  record Succeeds() implements Expectation {}

  /** The step is refused with {@code code} (AWS's error code, or the registry's). */
  record Refused(String code) implements Expectation {
    public Refused {
      Objects.requireNonNull(code, "code");
    }
  }

  /** Whether {@code outcome} is what this expectation asks for. */
  default boolean metBy(Outcome outcome) {
    if (this instanceof Refused r) {
      return outcome instanceof Outcome.Refused o && o.code().equals(r.code());
    }
    return outcome instanceof Outcome.Done;
  }

  static Expectation succeeds() {
    return new Succeeds();
  }

  static Expectation refused(String code) {
    return new Refused(code);
  }
}
