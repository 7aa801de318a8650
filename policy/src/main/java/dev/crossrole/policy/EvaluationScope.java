package dev.crossrole.policy;

import dev.crossrole.policy.internal.Template;
import java.util.List;
import java.util.Optional;

/** One request as the evaluator sees it: who, what, on which resource, with which keys. */
final class EvaluationScope implements Template.Variables {
  final Principal principal;
  final String action;
  final String resource;
  private final RequestContext context;
  private final java.util.Map<String, List<String>> principalKeys;

  EvaluationScope(AuthorizationRequest request) {
    this.principal = request.principal();
    this.action = request.action();
    this.resource = request.resource();
    this.context = request.context();
    this.principalKeys = principal.conditionKeys();
  }

  /** The values of a lower-case key: the request's own first, then those the principal implies. */
  List<String> values(String lowerCaseKey) {
    List<String> explicit = context.lowerCaseLookup(lowerCaseKey);
    return explicit != null ? explicit : principalKeys.get(lowerCaseKey);
  }

  @Override
  public Optional<String> single(String lowerCaseKey) {
    List<String> v = values(lowerCaseKey);
    return v != null && v.size() == 1 ? Optional.of(v.get(0)) : Optional.empty();
  }
}
