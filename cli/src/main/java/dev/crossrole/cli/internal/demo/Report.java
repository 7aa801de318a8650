package dev.crossrole.cli.internal.demo;

import java.util.List;
import java.util.Optional;

/**
 * How the demo went: the steps run, in order, and how many were left unrun after the first that did
 * not behave as expected.
 */
public record Report(List<StepResult> results, int notRun) {
  public Report {
    results = List.copyOf(results);
    if (notRun < 0) {
      throw new IllegalArgumentException("notRun must not be negative, got " + notRun);
    }
  }

  /** The first step that did not behave as expected, if one did not. */
  public Optional<StepResult> failure() {
    return results.stream().filter(r -> !r.asExpected()).findFirst();
  }
}
