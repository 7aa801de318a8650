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
import dev.crossrole.server.internal.edge.Caller;
import dev.crossrole.server.internal.query.ServiceCall;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Authorizes one service call with the engine and answers AWS's AccessDenied when it must. Every
 * AccessDenied carries, after AWS's text, {@code Encoded authorization failure message: …}: the
 * full reason, sealed for the caller's account, which STS's DecodeAuthorizationMessage opens.
 */
public final class Access {
  /** What precedes the encoded message in an AccessDenied message. */
  public static final String ENCODED_MARKER = " Encoded authorization failure message: ";

  private final Authorizer authorizer;
  private final AuthorizationMessageCodec messages;

  public Access(Authorizer authorizer, AuthorizationMessageCodec messages) {
    this.authorizer = authorizer;
    this.messages = messages;
  }

  /**
   * Requires that the caller may perform {@code action} on {@code resource}.
   *
   * @throws IdentityException (AccessDenied) with AWS's message when it may not
   */
  public void require(
      ServiceCall call,
      String action,
      String resource,
      Map<String, String> actionKeys,
      Optional<Authorizer.ResourcePolicy> resourcePolicy) {
    Map<String, List<String>> keys = new LinkedHashMap<>();
    actionKeys.forEach((k, v) -> keys.put(k, List.of(v)));
    requireWith(call, action, resource, keys, resourcePolicy);
  }

  /**
   * As {@link #require}, with action keys that may hold several values ({@code aws:TagKeys}, {@code
   * sts:TransitiveTagKeys}).
   */
  public void requireWith(
      ServiceCall call,
      String action,
      String resource,
      Map<String, List<String>> actionKeys,
      Optional<Authorizer.ResourcePolicy> resourcePolicy) {
    Map<String, List<String>> context = context(call, true);
    context.putAll(actionKeys);
    Evaluation e = evaluate(call, action, resource, context, resourcePolicy);
    if (!e.allowed()) {
      throw denied(call, action, resource, context, e);
    }
  }

  /**
   * As {@link #requireWith(ServiceCall, String, String, Map, Optional)}, with no resource policy.
   */
  public void requireWith(
      ServiceCall call, String action, String resource, Map<String, List<String>> keys) {
    requireWith(call, action, resource, keys, Optional.empty());
  }

  /** The authorizer behind these checks, for the policy simulator. */
  public Authorizer authorizer() {
    return authorizer;
  }

  /**
   * Requires only that no policy explicitly denies: for actions AWS allows without a grant, such as
   * {@code sts:GetSessionToken}.
   */
  public void requireNoExplicitDeny(ServiceCall call, String action, String resource) {
    Map<String, List<String>> context = context(call, false);
    Evaluation e = evaluate(call, action, resource, context, Optional.empty());
    if (e.decision() == Decision.EXPLICIT_DENY) {
      throw denied(call, action, resource, context, e);
    }
  }

  /** The request context AWS supplies before the action's own keys, in the order shown. */
  private static Map<String, List<String>> context(ServiceCall call, boolean sessionKeys) {
    Map<String, List<String>> keys = new LinkedHashMap<>();
    Authorizer.globalContext(call.receivedAt(), call.sourceIp(), false)
        .build()
        .asMap()
        .forEach((k, v) -> keys.put(k, v));
    Caller caller = call.caller();
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

  private Evaluation evaluate(
      ServiceCall call,
      String action,
      String resource,
      Map<String, List<String>> context,
      Optional<Authorizer.ResourcePolicy> resourcePolicy) {
    RequestContext.Builder built = RequestContext.builder();
    context.forEach(built::put);
    AuthorizationRequest.Builder request =
        AuthorizationRequest.builder(call.caller().principal(), action, resource)
            .context(built.build());
    if (resource.startsWith("arn:aws:iam::aws:")) {
      // AWS managed policies are shared with every account: reading or attaching one is decided
      // as within the caller's account (changing one is refused before this).
      request.resourceAccount(call.caller().accountId());
    }
    return authorizer.authorize(
        request.build(),
        call.caller().sessionPolicy(),
        call.caller().sessionPolicyArns(),
        resourcePolicy);
  }

  private IdentityException denied(
      ServiceCall call,
      String action,
      String resource,
      Map<String, List<String>> context,
      Evaluation e) {
    String decoded = AuthorizationMessages.describe(call.caller(), action, resource, context, e);
    String encoded = messages.encode(call.caller().accountId(), decoded);
    return new IdentityException(
        ErrorCode.ACCESS_DENIED, message(call, action, resource, e) + ENCODED_MARKER + encoded);
  }

  /**
   * AWS's AccessDenied message. A refusal by a trust policy carries no reason clause, as STS words
   * it; the others say which policy type denied or lacked an allow.
   */
  private static String message(ServiceCall call, String action, String resource, Evaluation e) {
    String arn = call.caller().principal().arn();
    boolean trustRefused =
        !e.lacking().isEmpty()
            && e.lacking().get(0) == PolicyType.RESOURCE
            && action.startsWith("sts:");
    // IAM names a policy resource as "policy ARN" in its messages.
    String shown = resource.contains(":policy/") ? "policy " + resource : resource;
    String base =
        "User: " + arn + " is not authorized to perform: " + action + " on resource: " + shown;
    return trustRefused ? base : base + " " + e.reason(action);
  }
}
