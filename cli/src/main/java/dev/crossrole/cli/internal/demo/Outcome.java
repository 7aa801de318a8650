package dev.crossrole.cli.internal.demo;

import java.util.Objects;

/** What a step of the demo did. */
public sealed interface Outcome {

  /** It succeeded; {@code detail} says what it made or saw. */
  record Done(String detail) implements Outcome {
    public Done {
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** The service refused it with {@code code} (AWS's error code, or the registry's). */
  record Refused(String code, String message) implements Outcome {
    public Refused {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
    }
  }

  /** It failed otherwise: no answer, a wrong answer, a local error. */
  record Failed(String message) implements Outcome {
    public Failed {
      Objects.requireNonNull(message, "message");
    }
  }
}
