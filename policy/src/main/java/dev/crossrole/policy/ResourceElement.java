package dev.crossrole.policy;

import dev.crossrole.policy.internal.ArnPattern;
import dev.crossrole.policy.internal.Template;
import java.util.List;
import java.util.Optional;

/**
 * A statement's Resource or NotResource: ARN patterns compared field by field, case-sensitive,
 * possibly with policy variables in them.
 */
public final class ResourceElement {
  private final boolean negated;
  private final List<String> values;
  private final Template[] templates;
  private final ArnPattern[] compiled;

  ResourceElement(boolean negated, List<String> values, boolean variables) {
    this.negated = negated;
    this.values = List.copyOf(values);
    this.templates =
        values.stream().map(v -> Template.parse(v, variables, true)).toArray(Template[]::new);
    this.compiled = new ArnPattern[templates.length];
    for (int i = 0; i < templates.length; i++) {
      if (!templates[i].hasVariables()) {
        compiled[i] = ArnPattern.compile(templates[i].constantCodes());
      }
    }
  }

  /** Whether this is a NotResource element. */
  public boolean negated() {
    return negated;
  }

  /** The patterns as written. */
  public List<String> values() {
    return values;
  }

  /**
   * Whether the element could apply to {@code resource} whatever values the request's policy
   * variables have: each variable is taken as a {@code *}, and the resource {@code *} (the
   * simulator's "every resource") is listed by any pattern. Matching is the evaluator's own, field
   * by field and linear in the resource's length.
   */
  public boolean mayApplyTo(String resource) {
    boolean listed = resource.equals("*");
    for (int i = 0; i < templates.length && !listed; i++) {
      listed = ArnPattern.compile(templates[i].codesWithVariablesAsWildcards()).matches(resource);
    }
    return listed != negated;
  }

  Applicability appliesTo(String resource, Template.Variables variables) {
    boolean listed = false;
    for (int i = 0; i < templates.length && !listed; i++) {
      ArnPattern pattern = compiled[i];
      if (pattern == null) {
        Optional<int[]> codes = templates[i].resolve(variables);
        if (codes.isEmpty()) {
          return Applicability.INVALID;
        }
        pattern = ArnPattern.compile(codes.get());
      }
      listed = pattern.matches(resource);
    }
    return Applicability.of(listed != negated);
  }
}
