package dev.crossrole.cli.internal.demo;

import java.util.Objects;

/** What the {@code number}th step of the demo came to. */
public record StepResult(int number, Step step, Outcome outcome) {
  public StepResult {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(outcome, "outcome");
  }

  /** Whether the step did what the story says it does. */
  public boolean asExpected() {
    return step.expected().metBy(outcome);
  }
}
