package dev.crossrole.policy;

import dev.crossrole.policy.PrincipalElement.Grant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * AWS's policy evaluation logic: an explicit deny in any policy wins; within one account an allow
 * in an identity-based policy, or a resource-based policy naming the principal, suffices (subject
 * to the permissions boundary and session policies); across accounts both sides must allow; a
 * role's trust policy must itself allow the caller. A federated user's session (GetFederationToken)
 * has no permissions of its own without a session policy: only a resource-based policy naming the
 * session itself grants it anything then.
 */
public final class PolicyEvaluator {
  /** Actions whose resource-based policy — the role's trust policy — must itself allow. */
  private static final Set<String> TRUST_ACTIONS =
      Set.of(
          "sts:assumerole",
          "sts:assumerolewithsaml",
          "sts:assumerolewithwebidentity",
          "sts:tagsession",
          "sts:setsourceidentity",
          "sts:setcontext");

  private PolicyEvaluator() {}

  /** Decides {@code request} under {@code policies}. */
  public static Evaluation evaluate(AuthorizationRequest request, PolicySet policies) {
    EvaluationScope scope = new EvaluationScope(request);
    Tally tally = new Tally();
    for (NamedPolicy p : policies.identityPolicies()) {
      tally.identityAllowed |= scan(PolicyType.IDENTITY, p, scope, tally);
    }
    policies
        .permissionsBoundary()
        .ifPresent(
            p -> tally.boundaryAllowed = scan(PolicyType.PERMISSIONS_BOUNDARY, p, scope, tally));
    for (NamedPolicy p : policies.sessionPolicies()) {
      tally.sessionAllowed |= scan(PolicyType.SESSION, p, scope, tally);
    }
    policies.resourcePolicy().ifPresent(p -> scanResourcePolicy(p, scope, tally));
    if (tally.denies != null) {
      return new Evaluation(Decision.EXPLICIT_DENY, tally.denies, List.of());
    }
    return decide(request, policies, tally);
  }

  private static Evaluation decide(AuthorizationRequest request, PolicySet policies, Tally t) {
    Principal principal = request.principal();
    List<StatementRef> allows = t.allows == null ? List.of() : t.allows;
    if (!principal.type().isAccountPrincipal()) {
      return t.grant != Grant.NONE
          ? new Evaluation(Decision.ALLOWED, allows, List.of())
          : new Evaluation(Decision.IMPLICIT_DENY, allows, List.of(PolicyType.RESOURCE));
    }
    boolean root = principal.type() == Principal.Type.ROOT;
    boolean identityOk = root || t.identityAllowed;
    boolean boundaryOk = policies.permissionsBoundary().isEmpty() || t.boundaryAllowed;
    boolean sessionOk =
        policies.sessionPolicies().isEmpty()
            ? principal.type() != Principal.Type.FEDERATED_USER
            : t.sessionAllowed;
    boolean sameAccount = principal.account().equals(request.owningAccount());
    boolean trustRequired = isTrustRequest(request);

    if (sameAccount) {
      if (t.grant == Grant.DIRECT || (t.grant == Grant.ISSUER && boundaryOk && sessionOk)) {
        return new Evaluation(Decision.ALLOWED, allows, List.of());
      }
    }
    boolean resourceOk = sameAccount && !trustRequired || t.grant != Grant.NONE;
    if (identityOk && boundaryOk && sessionOk && resourceOk) {
      return new Evaluation(Decision.ALLOWED, allows, List.of());
    }
    // A same-account grant to the session's role stands in for the identity-based policy; what
    // failed it is the boundary or the session policy.
    boolean identityStoodIn = sameAccount && t.grant == Grant.ISSUER;
    List<PolicyType> lacking = new ArrayList<>(4);
    if (!identityOk && !identityStoodIn) {
      lacking.add(PolicyType.IDENTITY);
    }
    if (!boundaryOk) {
      lacking.add(PolicyType.PERMISSIONS_BOUNDARY);
    }
    if (!sessionOk) {
      lacking.add(PolicyType.SESSION);
    }
    if (!resourceOk) {
      lacking.add(PolicyType.RESOURCE);
    }
    return new Evaluation(Decision.IMPLICIT_DENY, allows, lacking);
  }

  /** AssumeRole and its siblings on a role: the trust policy must allow even within an account. */
  private static boolean isTrustRequest(AuthorizationRequest request) {
    return TRUST_ACTIONS.contains(request.action().toLowerCase(Locale.ROOT))
        && request.resource().contains(":iam::")
        && request.resource().contains(":role/");
  }

  /** Scans a policy without principals; returns whether some Allow statement applies. */
  private static boolean scan(PolicyType type, NamedPolicy policy, EvaluationScope scope, Tally t) {
    boolean allowed = false;
    for (Statement s : policy.document().statements()) {
      if (s.appliesTo(scope) == Applicability.YES) {
        allowed |= t.record(type, policy, s);
      }
    }
    return allowed;
  }

  private static void scanResourcePolicy(NamedPolicy policy, EvaluationScope scope, Tally t) {
    for (Statement s : policy.document().statements()) {
      Grant grant = principalGrant(s, scope.principal);
      if (grant == Grant.NONE || s.appliesTo(scope) != Applicability.YES) {
        continue;
      }
      if (t.record(PolicyType.RESOURCE, policy, s) && grant.compareTo(t.grant) > 0) {
        t.grant = grant;
      }
    }
  }

  /** How a resource-policy statement's Principal or NotPrincipal names the caller. */
  private static Grant principalGrant(Statement s, Principal principal) {
    Optional<PrincipalElement> element = s.principal();
    if (element.isEmpty()) {
      return Grant.NONE;
    }
    PrincipalElement p = element.get();
    if (!p.negated()) {
      return p.grantFor(principal);
    }
    if (s.effect() == Effect.DENY) {
      return p.listsEveryIdentityOf(principal) ? Grant.NONE : Grant.DIRECT;
    }
    return p.grantFor(principal) == Grant.NONE ? Grant.DIRECT : Grant.NONE;
  }

  /** What the scan found: denying statements, allowing statements, and the best grant. */
  private static final class Tally {
    List<StatementRef> denies;
    List<StatementRef> allows;
    boolean identityAllowed;
    boolean boundaryAllowed;
    boolean sessionAllowed;
    Grant grant = Grant.NONE;

    /** Records an applying statement; returns whether it allows. */
    boolean record(PolicyType type, NamedPolicy policy, Statement s) {
      StatementRef ref = new StatementRef(type, policy.name(), s.index(), s.sid(), s.effect());
      if (s.effect() == Effect.DENY) {
        if (denies == null) {
          denies = new ArrayList<>(2);
        }
        denies.add(ref);
        return false;
      }
      if (allows == null) {
        allows = new ArrayList<>(4);
      }
      allows.add(ref);
      return true;
    }
  }
}
