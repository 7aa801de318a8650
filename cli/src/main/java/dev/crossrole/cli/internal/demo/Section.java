package dev.crossrole.cli.internal.demo;

import java.util.List;
import java.util.Objects;

/** A part of the story: who acts, and the steps they take. */
public record Section(String heading, List<Step> steps) {
  public Section {
    Objects.requireNonNull(heading, "heading");
    steps = List.copyOf(steps);
  }
}
