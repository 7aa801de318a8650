package dev.crossrole.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A decision explained as IAM's policy simulator shows it: the statements that matched (none for an
 * implicit deny), the condition keys that statements covering the action and resource test but the
 * request does not supply, whether the permissions boundary alone allows, and — on demand — how the
 * identity-based policies or the resource policy alone decide.
 */
public final class Explanation {
  private final AuthorizationRequest request;
  private final PolicySet policies;
  private final Decision decision;
  private final List<StatementRef> matchedStatements;
  private final Set<String> missingContextKeys;
  private final Optional<Boolean> allowedByPermissionsBoundary;

  private Explanation(
      AuthorizationRequest request,
      PolicySet policies,
      Evaluation evaluation,
      Set<String> missingContextKeys,
      Optional<Boolean> allowedByPermissionsBoundary) {
    this.request = request;
    this.policies = policies;
    this.decision = evaluation.decision();
    this.matchedStatements =
        decision == Decision.IMPLICIT_DENY ? List.of() : evaluation.statements();
    this.missingContextKeys = Collections.unmodifiableSet(missingContextKeys);
    this.allowedByPermissionsBoundary = allowedByPermissionsBoundary;
  }

  /**
   * Explains {@code request} under {@code policies}. When {@code principalKnown}, the condition
   * keys the principal itself supplies (its user name, its tags, …) count as supplied; otherwise
   * only the request's context does.
   */
  public static Explanation of(
      AuthorizationRequest request, PolicySet policies, boolean principalKnown) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(policies, "policies");
    Optional<Boolean> boundary =
        policies
            .permissionsBoundary()
            .map(
                b ->
                    alone(
                            request,
                            PolicySet.builder().identityPolicy(b).build(),
                            PolicyType.IDENTITY)
                        == Decision.ALLOWED);
    return new Explanation(
        request,
        policies,
        PolicyEvaluator.evaluate(request, policies),
        missing(request, policies, principalKnown),
        boundary);
  }

  /** The decision of the whole policy set. */
  public Decision decision() {
    return decision;
  }

  /** The statements that decided it: empty for an implicit deny. */
  public List<StatementRef> matchedStatements() {
    return matchedStatements;
  }

  /**
   * The condition keys, in the spelling of their first use and in document order (identity-based
   * policies, the boundary, the resource policy), of the statements covering the action and the
   * resource that the request leaves out; each key once, whatever its case.
   */
  public Set<String> missingContextKeys() {
    return missingContextKeys;
  }

  /** Whether the permissions boundary alone allows the request; empty without a boundary. */
  public Optional<Boolean> allowedByPermissionsBoundary() {
    return allowedByPermissionsBoundary;
  }

  /**
   * How the policies of one type alone decide: their own explicit deny, their own allow, else an
   * implicit deny. Only {@link PolicyType#IDENTITY} (the identity-based policies without boundary
   * or session policies) and {@link PolicyType#RESOURCE} (the resource policy, if any) are decided.
   *
   * @throws IllegalArgumentException for another type
   */
  public Decision decisionOf(PolicyType type) {
    PolicySet.Builder only = PolicySet.builder();
    switch (type) {
      case IDENTITY -> policies.identityPolicies().forEach(only::identityPolicy);
      case RESOURCE -> policies.resourcePolicy().ifPresent(only::resourcePolicy);
      default -> throw new IllegalArgumentException("not decided alone: " + type.id());
    }
    return alone(request, only.build(), type);
  }

  /** How one kind of policy alone decides: its own deny or allow, else an implicit deny. */
  private static Decision alone(AuthorizationRequest request, PolicySet set, PolicyType type) {
    Evaluation e = PolicyEvaluator.evaluate(request, set);
    if (e.decision() == Decision.EXPLICIT_DENY) {
      return Decision.EXPLICIT_DENY;
    }
    boolean allows =
        e.statements().stream().anyMatch(s -> s.policyType() == type && s.effect() == Effect.ALLOW);
    return allows ? Decision.ALLOWED : Decision.IMPLICIT_DENY;
  }

  private static Set<String> missing(
      AuthorizationRequest request, PolicySet set, boolean principalKnown) {
    String action = request.action();
    String resource = request.resource();
    RequestContext context = request.context();
    Principal principal = request.principal();
    Set<String> missing = new LinkedHashSet<>();
    Set<String> seen = new LinkedHashSet<>();
    List<NamedPolicy> all = new ArrayList<>(set.identityPolicies());
    set.permissionsBoundary().ifPresent(all::add);
    set.resourcePolicy().ifPresent(all::add);
    for (NamedPolicy np : all) {
      for (Statement s : np.document().statements()) {
        if (!s.action().appliesTo(action)
            || s.resource().isPresent() && !s.resource().get().mayApplyTo(resource)) {
          continue;
        }
        for (Condition c : s.conditions()) {
          String lc = c.key().toLowerCase(Locale.ROOT);
          boolean supplied =
              context.has(lc) || principalKnown && principal.conditionKeys().containsKey(lc);
          if (!supplied && seen.add(lc)) {
            missing.add(c.key());
          }
        }
      }
    }
    return missing;
  }
}
