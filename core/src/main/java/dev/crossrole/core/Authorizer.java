package dev.crossrole.core;

import dev.crossrole.core.internal.DocumentCache;
import dev.crossrole.policy.AuthorizationRequest;
import dev.crossrole.policy.Evaluation;
import dev.crossrole.policy.Grammar;
import dev.crossrole.policy.NamedPolicy;
import dev.crossrole.policy.PolicyEvaluator;
import dev.crossrole.policy.PolicySet;
import dev.crossrole.policy.Principal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Gathers the policies that govern a request — the caller's identity-based policies, its session
 * policy, the resource's policy — and decides it with AWS's evaluation logic.
 */
public final class Authorizer {
  /** Allows nothing and denies nothing: what a managed session policy that is gone contributes. */
  private static final String GRANTS_NOTHING =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"NotAction\":\"*\",\"Resource\":\"*\"}]}";

  private final IdentityStore store;
  private final DocumentCache documents = new DocumentCache();

  public Authorizer(IdentityStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /** A resource-based policy to evaluate with the request (a role's trust policy, …). */
  public record ResourcePolicy(String name, String document, Grammar grammar) {
    public ResourcePolicy {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(document, "document");
      Objects.requireNonNull(grammar, "grammar");
    }
  }

  /** Decides {@code request} for a caller whose session (if any) carries {@code sessionPolicy}. */
  public Evaluation authorize(
      AuthorizationRequest request,
      Optional<String> sessionPolicy,
      Optional<ResourcePolicy> resourcePolicy) {
    return authorize(request, sessionPolicy, List.of(), resourcePolicy);
  }

  /**
   * Decides {@code request} for a caller whose session carries an inline session policy and the
   * managed session policies named by {@code sessionPolicyArns} (AssumeRole's {@code PolicyArns}).
   * The managed ones are read at each request, in their current default version, as AWS does; one
   * that no longer exists grants nothing, so the session is narrowed, never widened, by its loss.
   */
  public Evaluation authorize(
      AuthorizationRequest request,
      Optional<String> sessionPolicy,
      List<String> sessionPolicyArns,
      Optional<ResourcePolicy> resourcePolicy) {
    return PolicyEvaluator.evaluate(
        request, policies(request.principal(), sessionPolicy, sessionPolicyArns, resourcePolicy));
  }

  /**
   * Decides several requests of one principal on one reading of the policies, in order: the store
   * is read and the documents are gathered once, not once per request, and every decision sees the
   * same policies. For callers that need a set of actions allowed together, such as the registry's
   * token endpoint (eight ECR actions for {@code pull,push}).
   *
   * @throws IllegalArgumentException when the requests do not all have the same principal
   */
  public List<Evaluation> authorizeAll(
      List<AuthorizationRequest> requests,
      Optional<String> sessionPolicy,
      List<String> sessionPolicyArns,
      Optional<ResourcePolicy> resourcePolicy) {
    if (requests.isEmpty()) {
      return List.of();
    }
    Principal principal = requests.get(0).principal();
    for (AuthorizationRequest r : requests) {
      if (!r.principal().equals(principal)) {
        throw new IllegalArgumentException("the requests must share one principal");
      }
    }
    PolicySet set = policies(principal, sessionPolicy, sessionPolicyArns, resourcePolicy);
    return requests.stream().map(r -> PolicyEvaluator.evaluate(r, set)).toList();
  }

  private PolicySet policies(
      Principal principal,
      Optional<String> sessionPolicy,
      List<String> sessionPolicyArns,
      Optional<ResourcePolicy> resourcePolicy) {
    PolicySet.Builder set = identityPolicies(principal);
    sessionPolicy.ifPresent(
        p ->
            set.sessionPolicy(
                new NamedPolicy("session policy", documents.parse(p, Grammar.IDENTITY))));
    for (String arn : sessionPolicyArns) {
      String document = managedDocument(arn).orElse(GRANTS_NOTHING);
      set.sessionPolicy(new NamedPolicy(arn, documents.parse(document, Grammar.IDENTITY)));
    }
    resourcePolicy.ifPresent(
        p ->
            set.resourcePolicy(
                new NamedPolicy(p.name(), documents.parse(p.document(), p.grammar()))));
    return set.build();
  }

  /** The default version's document of a managed policy (customer or AWS managed). */
  public Optional<String> managedDocument(String policyArn) {
    return store
        .managedPolicy(policyArn)
        .flatMap(p -> store.policyVersion(policyArn, p.defaultVersionId()))
        .map(ManagedPolicyVersion::document);
  }

  /**
   * A policy set holding every identity-based policy AWS applies to {@code principal}, and its
   * permissions boundary: for a user, its inline policies, the managed policies attached to it, and
   * the inline and attached policies of each of its groups; for a role or a role session, the
   * role's inline and attached policies. The root user, services and anonymous callers have none.
   * The store is read once (a few queries); documents are parsed once per distinct text.
   */
  public PolicySet.Builder identityPolicies(Principal principal) {
    String account = principal.account().orElse("");
    IdentityPolicies policies =
        switch (principal.type()) {
          case USER -> policiesOf(PolicyHolder.USER, account, principal.entityName().orElseThrow());
          case ASSUMED_ROLE, ROLE ->
              policiesOf(PolicyHolder.ROLE, account, principal.entityName().orElseThrow());
          default -> IdentityPolicies.NONE;
        };
    return identityPolicies(policies);
  }

  /**
   * The policy documents of a user, role or group, read in one go: for a user or role, what {@link
   * #identityPolicies(Principal)} applies to it; for a group, its inline policies (by their own
   * names) and the default versions of the managed policies attached to it (a group has no
   * permissions boundary). Empty when a user or role does not exist.
   */
  public IdentityPolicies policiesOf(PolicyHolder holder, String account, String name) {
    if (holder != PolicyHolder.GROUP) {
      return store.identityPolicies(holder, account, name);
    }
    List<IdentityPolicies.Document> inline = new ArrayList<>();
    for (InlinePolicy p : store.inlinePolicies(PolicyHolder.GROUP, account, name)) {
      inline.add(new IdentityPolicies.Document(p.policyName(), p.document()));
    }
    List<IdentityPolicies.Document> managed = new ArrayList<>();
    for (AttachedPolicy a : store.attachedPolicies(PolicyHolder.GROUP, account, name)) {
      managedDocument(a.policyArn())
          .ifPresent(d -> managed.add(new IdentityPolicies.Document(a.policyArn(), d)));
    }
    return new IdentityPolicies(inline, managed, Optional.empty());
  }

  /**
   * A policy set holding {@code policies}: the inline ones, then the managed ones, as
   * identity-based policies named as their documents are, and the permissions boundary. Each
   * distinct text is parsed once.
   */
  public PolicySet.Builder identityPolicies(IdentityPolicies policies) {
    PolicySet.Builder set = PolicySet.builder();
    for (IdentityPolicies.Document d : policies.inline()) {
      set.identityPolicy(new NamedPolicy(d.name(), documents.parse(d.text(), Grammar.IDENTITY)));
    }
    for (IdentityPolicies.Document d : policies.managed()) {
      set.identityPolicy(new NamedPolicy(d.name(), documents.parse(d.text(), Grammar.IDENTITY)));
    }
    policies
        .permissionsBoundary()
        .ifPresent(
            d ->
                set.permissionsBoundary(
                    new NamedPolicy(d.name(), documents.parse(d.text(), Grammar.IDENTITY))));
    return set;
  }

  /**
   * The request context keys AWS supplies to every request, in the order AWS shows them, before the
   * action's own keys; a new map, which the caller may extend.
   */
  public static Map<String, List<String>> globalKeys(
      Instant now, String sourceIp, boolean secureTransport) {
    Map<String, List<String>> keys = new LinkedHashMap<>();
    keys.put("aws:CurrentTime", List.of(now.truncatedTo(ChronoUnit.SECONDS).toString()));
    keys.put("aws:EpochTime", List.of(Long.toString(now.getEpochSecond())));
    keys.put("aws:SourceIp", List.of(sourceIp));
    keys.put("aws:SecureTransport", List.of(Boolean.toString(secureTransport)));
    return keys;
  }
}
