package dev.crossrole.server.internal;

import dev.crossrole.core.Authorizer;
import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.IdentityException;
import dev.crossrole.policy.AuthorizationRequest;
import dev.crossrole.policy.Evaluation;
import dev.crossrole.policy.PolicyType;
import dev.crossrole.policy.RequestContext;
import java.util.Map;
import java.util.Optional;

/** Authorizes one service call with the engine and answers AWS's AccessDenied when it must. */
final class Access {
  private final Authorizer authorizer;

  Access(Authorizer authorizer) {
    this.authorizer = authorizer;
  }

  /**
   * Requires that the caller may perform {@code action} on {@code resource}.
   *
   * @throws IdentityException (AccessDenied) with AWS's message when it may not
   */
  void require(
      ServiceCall call,
      String action,
      String resource,
      Map<String, String> actionKeys,
      Optional<Authorizer.ResourcePolicy> resourcePolicy) {
    RequestContext.Builder context =
        Authorizer.globalContext(call.receivedAt(), call.sourceIp(), false);
    call.caller().tokenIssuedAt().ifPresent(t -> context.put("aws:TokenIssueTime", t.toString()));
    if (call.caller().tokenIssuedAt().isPresent()) {
      context.put("aws:MultiFactorAuthPresent", "false");
    }
    actionKeys.forEach(context::put);
    AuthorizationRequest.Builder builder =
        AuthorizationRequest.builder(call.caller().principal(), action, resource)
            .context(context.build());
    if (resource.startsWith("arn:aws:iam::aws:")) {
      // AWS managed policies are shared with every account: reading or attaching one is decided
      // as within the caller's account (changing one is refused before this).
      builder.resourceAccount(call.caller().accountId());
    }
    Evaluation e =
        authorizer.authorize(builder.build(), call.caller().sessionPolicy(), resourcePolicy);
    if (!e.allowed()) {
      throw new IdentityException(ErrorCode.ACCESS_DENIED, message(call, action, resource, e));
    }
  }

  /**
   * Requires only that no policy explicitly denies: for actions AWS allows without a grant, such as
   * {@code sts:GetSessionToken}.
   */
  void requireNoExplicitDeny(ServiceCall call, String action, String resource) {
    RequestContext context =
        Authorizer.globalContext(call.receivedAt(), call.sourceIp(), false).build();
    AuthorizationRequest request =
        AuthorizationRequest.builder(call.caller().principal(), action, resource)
            .context(context)
            .build();
    Evaluation e = authorizer.authorize(request, call.caller().sessionPolicy(), Optional.empty());
    if (e.decision() == dev.crossrole.policy.Decision.EXPLICIT_DENY) {
      throw new IdentityException(ErrorCode.ACCESS_DENIED, message(call, action, resource, e));
    }
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
