package dev.crossrole.policy;

import dev.crossrole.policy.internal.ConditionOperator;
import dev.crossrole.policy.internal.Template;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** One request as the evaluator sees it: who, what, on which resource, with which keys. */
final class EvaluationScope implements Template.Variables {
  final Principal principal;
  final String action;
  final String lowerCaseAction;
  final String resource;
  private final RequestContext context;
  private final Map<String, List<String>> principalKeys;
  private EnumMap<ConditionOperator.Family, IdentityHashMap<List<String>, Object[]>> parsed;

  EvaluationScope(AuthorizationRequest request) {
    this.principal = request.principal();
    this.action = request.action();
    this.lowerCaseAction = action.toLowerCase(Locale.ROOT);
    this.resource = request.resource();
    this.context = request.context();
    this.principalKeys = principal.conditionKeys();
  }

  /** The values of a lower-case key: the request's own first, then those the principal implies. */
  List<String> values(String lowerCaseKey) {
    List<String> explicit = context.lowerCaseLookup(lowerCaseKey);
    return explicit != null ? explicit : principalKeys.get(lowerCaseKey);
  }

  /**
   * The request values of a key read for a typed condition family, each read once per evaluation
   * however many conditions compare them (null entries for unreadable values).
   */
  Object[] parsedValues(ConditionOperator.Family family, List<String> values) {
    if (parsed == null) {
      parsed = new EnumMap<>(ConditionOperator.Family.class);
    }
    IdentityHashMap<List<String>, Object[]> byValues =
        parsed.computeIfAbsent(family, f -> new IdentityHashMap<>());
    Object[] read = byValues.get(values);
    if (read == null) {
      read = new Object[values.size()];
      for (int i = 0; i < read.length; i++) {
        read[i] = Condition.readRequestValue(family, values.get(i));
      }
      byValues.put(values, read);
    }
    return read;
  }

  @Override
  public Optional<String> single(String lowerCaseKey) {
    List<String> v = values(lowerCaseKey);
    return v != null && v.size() == 1 ? Optional.of(v.get(0)) : Optional.empty();
  }
}
