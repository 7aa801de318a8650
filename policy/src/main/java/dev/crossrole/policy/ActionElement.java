package dev.crossrole.policy;

import dev.crossrole.policy.internal.Glob;
import java.util.List;

/** A statement's Action or NotAction: {@code service:Name} patterns, case-insensitive. */
public final class ActionElement {
  private final boolean negated;
  private final List<String> values;
  private final Glob[] patterns;

  ActionElement(boolean negated, List<String> values) {
    this.negated = negated;
    this.values = List.copyOf(values);
    this.patterns = values.stream().map(v -> Glob.of(v, true)).toArray(Glob[]::new);
  }

  /** Whether this is a NotAction element. */
  public boolean negated() {
    return negated;
  }

  /** The patterns as written. */
  public List<String> values() {
    return values;
  }

  /** Whether some pattern matches {@code action} (ignoring NotAction's inversion). */
  public boolean lists(String action) {
    for (Glob p : patterns) {
      if (p.matches(action)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the statement applies to {@code action}: listed for Action, unlisted for NotAction. */
  public boolean appliesTo(String action) {
    return lists(action) != negated;
  }
}
