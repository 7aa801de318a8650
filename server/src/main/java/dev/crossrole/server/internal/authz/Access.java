package dev.crossrole.server.internal.authz;

import dev.crossrole.core.Authorizer;
import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.IdentityException;
import dev.crossrole.core.crypto.AuthorizationMessageCodec;
import dev.crossrole.policy.AuthorizationRequest;
import dev.crossrole.policy.Decision;
import dev.crossrole.policy.Evaluation;
import dev.crossrole.policy.PolicyType;
import dev.crossrole.policy.RequestContext;
import dev.crossrole.server.internal.request.Caller;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Authorizes requests with the engine, whatever their protocol: {@link #decide} takes the {@link
 * Requester}, decides once and returns the {@link Denial}, if any, leaving its rendering to the
 * service that answers. IAM and STS answer with {@link #accessDenied}, whose message carries, after
 * AWS's text, {@code Encoded authorization failure message: …}: the full reason, sealed for the
 * caller's account, which STS's DecodeAuthorizationMessage opens. ECR answers with AWS's text
 * alone.
 */
public final class Access {
  /** What precedes the encoded message in an AccessDenied message. */
  public static final String ENCODED_MARKER = " Encoded authorization failure message: ";

  private final Authorizer authorizer;
  private final AuthorizationMessageCodec messages;
  private final DecisionCount decisions;

  /** Decides without counting its decisions. */
  public Access(Authorizer authorizer, AuthorizationMessageCodec messages) {
    this(authorizer, messages, DecisionCount.none());
  }

  /** Decides and counts each decision, one per action asked, in {@code decisions}. */
  public Access(
      Authorizer authorizer, AuthorizationMessageCodec messages, DecisionCount decisions) {
    this.authorizer = authorizer;
    this.messages = messages;
    this.decisions = decisions;
  }

  /**
   * A refusal: what was asked, in which context, and the evaluation that refused it. Its {@link
   * #message} is AWS's AccessDenied text; {@link Access#encode} seals the full reason.
   */
  public record Denial(
      Caller caller,
      String action,
      String resource,
      Map<String, List<String>> context,
      Evaluation evaluation) {
    public Denial {
      context = Collections.unmodifiableMap(new LinkedHashMap<>(context));
    }

    /**
     * AWS's AccessDenied text. A refusal by a trust policy carries no reason clause, as STS words
     * it; the others say which policy type denied or lacked an allow.
     */
    public String message() {
      boolean trustRefused =
          !evaluation.lacking().isEmpty()
              && evaluation.lacking().get(0) == PolicyType.RESOURCE
              && action.startsWith("sts:");
      // IAM names a policy resource as "policy ARN" in its messages.
      String shown = resource.contains(":policy/") ? "policy " + resource : resource;
      String base =
          "User: "
              + caller.principal().arn()
              + " is not authorized to perform: "
              + action
              + " on resource: "
              + shown;
      return trustRefused ? base : base + " " + evaluation.reason(action);
    }
  }

  /**
   * Decides whether the requester may perform {@code action} on {@code resource}, with the action's
   * own condition keys and the resource's policy, if it has one.
   *
   * @return the denial, empty when allowed
   */
  public Optional<Denial> decide(
      Requester requester,
      String action,
      String resource,
      Map<String, List<String>> actionKeys,
      Optional<Authorizer.ResourcePolicy> resourcePolicy) {
    return decideAll(requester, List.of(action), resource, actionKeys, resourcePolicy);
  }

  /**
   * Decides several actions on one resource, which must all be allowed, on one reading of the
   * policies and one request context.
   *
   * @return the denial of the first action refused, in the order given; empty when all are allowed
   */
  public Optional<Denial> decideAll(
      Requester requester,
      List<String> actions,
      String resource,
      Map<String, List<String>> actionKeys,
      Optional<Authorizer.ResourcePolicy> resourcePolicy) {
    Map<String, List<String>> context = context(requester, true);
    context.putAll(actionKeys);
    RequestContext evaluated = requestContext(context);
    List<Evaluation> evaluations =
        authorizer.authorizeAll(
            actions.stream().map(a -> request(requester, a, resource, evaluated)).toList(),
            requester.caller().sessionPolicy(),
            requester.caller().sessionPolicyArns(),
            resourcePolicy);
    evaluations.forEach(e -> decisions.add(e.decision()));
    for (int i = 0; i < actions.size(); i++) {
      if (!evaluations.get(i).allowed()) {
        return Optional.of(
            new Denial(requester.caller(), actions.get(i), resource, context, evaluations.get(i)));
      }
    }
    return Optional.empty();
  }

  /**
   * The encoded authorization failure message of {@code denial}: the full reason, sealed for the
   * caller's account.
   */
  public String encode(Denial denial) {
    String decoded =
        AuthorizationMessages.describe(
            denial.caller(),
            denial.action(),
            denial.resource(),
            denial.context(),
            denial.evaluation());
    return messages.encode(denial.caller().accountId(), decoded);
  }

  /** IAM's and STS's AccessDenied for {@code denial}: AWS's text, then the encoded message. */
  public IdentityException accessDenied(Denial denial) {
    return new IdentityException(
        ErrorCode.ACCESS_DENIED, denial.message() + ENCODED_MARKER + encode(denial));
  }

  /** The authorizer behind these checks, for the policy simulator. */
  public Authorizer authorizer() {
    return authorizer;
  }

  /**
   * Decides only whether a policy explicitly denies: for actions AWS allows without a grant, such
   * as {@code sts:GetSessionToken}.
   *
   * @return the denial, empty unless a policy explicitly denies
   */
  public Optional<Denial> decideExplicitDeny(Requester requester, String action, String resource) {
    Map<String, List<String>> context = context(requester, false);
    Evaluation e =
        authorizer.authorize(
            request(requester, action, resource, requestContext(context)),
            requester.caller().sessionPolicy(),
            requester.caller().sessionPolicyArns(),
            Optional.empty());
    // Only an explicit deny refuses here: anything else is counted as the allow it amounts to.
    decisions.add(
        e.decision() == Decision.EXPLICIT_DENY ? Decision.EXPLICIT_DENY : Decision.ALLOWED);
    return e.decision() == Decision.EXPLICIT_DENY
        ? Optional.of(new Denial(requester.caller(), action, resource, context, e))
        : Optional.empty();
  }

  /**
   * The request context of a request whose action brings no keys of its own, such as a registry
   * token request's: the keys AWS supplies with every request, the same as {@link #decide} uses.
   */
  public static RequestContext contextOf(Requester requester) {
    return requestContext(context(requester, true));
  }

  /** The request context AWS supplies before the action's own keys, in the order shown. */
  private static Map<String, List<String>> context(Requester requester, boolean sessionKeys) {
    Map<String, List<String>> keys =
        new LinkedHashMap<>(
            Authorizer.globalKeys(
                requester.receivedAt(), requester.sourceIp(), requester.secureTransport()));
    Caller caller = requester.caller();
    if (sessionKeys) {
      caller.tokenIssuedAt().ifPresent(t -> keys.put("aws:TokenIssueTime", List.of(t.toString())));
      if (caller.tokenIssuedAt().isPresent()) {
        keys.put("aws:MultiFactorAuthPresent", List.of("false"));
      }
    }
    // Present in every request a session with a source identity makes, as AWS supplies it.
    caller.sourceIdentity().ifPresent(s -> keys.put("aws:SourceIdentity", List.of(s)));
    return keys;
  }

  private static RequestContext requestContext(Map<String, List<String>> context) {
    RequestContext.Builder built = RequestContext.builder();
    context.forEach(built::put);
    return built.build();
  }

  private static AuthorizationRequest request(
      Requester requester, String action, String resource, RequestContext context) {
    AuthorizationRequest.Builder request =
        AuthorizationRequest.builder(requester.caller().principal(), action, resource)
            .context(context);
    if (resource.startsWith("arn:aws:iam::aws:")) {
      // AWS managed policies are shared with every account: reading or attaching one is decided
      // as within the caller's account (changing one is refused before this).
      request.resourceAccount(requester.caller().accountId());
    }
    return request.build();
  }
}
