package dev.crossrole.policy;

import dev.crossrole.policy.internal.Glob;
import java.util.List;
import java.util.Locale;

/** A statement's Action or NotAction: {@code service:Name} patterns, case-insensitive. */
public final class ActionElement {
  private final boolean negated;
  private final List<String> values;
  private final Glob[] patterns;

  ActionElement(boolean negated, List<String> values) {
    this.negated = negated;
    this.values = List.copyOf(values);
    // Compiled in lower case so that matching a lower-cased action needs no case folding.
    this.patterns =
        values.stream().map(v -> Glob.of(v.toLowerCase(Locale.ROOT), false)).toArray(Glob[]::new);
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
    return listsLowerCase(action.toLowerCase(Locale.ROOT));
  }

  private boolean listsLowerCase(String lowerCaseAction) {
    for (Glob p : patterns) {
      if (p.matches(lowerCaseAction)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the statement applies to {@code action}: listed for Action, unlisted for NotAction. */
  public boolean appliesTo(String action) {
    return lists(action) != negated;
  }

  /** {@link #appliesTo} for an action already in lower case: the evaluator's hot path. */
  boolean appliesToLowerCase(String lowerCaseAction) {
    return listsLowerCase(lowerCaseAction) != negated;
  }
}
