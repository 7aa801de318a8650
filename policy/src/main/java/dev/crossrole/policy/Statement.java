package dev.crossrole.policy;

import java.util.List;
import java.util.Optional;

/** One statement of a policy, with its position in the document. */
public final class Statement {
  private final int index;
  private final Optional<String> sid;
  private final Effect effect;
  private final Optional<PrincipalElement> principal;
  private final ActionElement action;
  private final Optional<ResourceElement> resource;
  private final List<Condition> conditions;

  Statement(
      int index,
      Optional<String> sid,
      Effect effect,
      Optional<PrincipalElement> principal,
      ActionElement action,
      Optional<ResourceElement> resource,
      List<Condition> conditions) {
    this.index = index;
    this.sid = sid;
    this.effect = effect;
    this.principal = principal;
    this.action = action;
    this.resource = resource;
    this.conditions = List.copyOf(conditions);
  }

  /** The statement's position in the document, from 0. */
  public int index() {
    return index;
  }

  public Optional<String> sid() {
    return sid;
  }

  public Effect effect() {
    return effect;
  }

  /** The Principal or NotPrincipal element, in resource-based and trust policies. */
  public Optional<PrincipalElement> principal() {
    return principal;
  }

  /** The Action or NotAction element. */
  public ActionElement action() {
    return action;
  }

  /** The Resource or NotResource element; absent in trust policies and some resource policies. */
  public Optional<ResourceElement> resource() {
    return resource;
  }

  /** The tests of the Condition block, all of which must hold. */
  public List<Condition> conditions() {
    return conditions;
  }

  /** Whether the statement covers the request's action, resource and conditions (not principal). */
  Applicability appliesTo(EvaluationScope scope) {
    if (!action.appliesToLowerCase(scope.lowerCaseAction)) {
      return Applicability.NO;
    }
    if (resource.isPresent()) {
      Applicability r = resource.get().appliesTo(scope.resource, scope);
      if (r != Applicability.YES) {
        return r;
      }
    }
    for (Condition c : conditions) {
      Applicability a = c.evaluate(scope);
      if (a != Applicability.YES) {
        return a;
      }
    }
    return Applicability.YES;
  }
}
