package dev.crossrole.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * What is asked: a principal wants to perform an action on a resource, with the request's condition
 * keys. The resource's account, when the resource ARN does not carry one (S3 buckets), may be
 * given; otherwise it is read from the ARN, or taken to be the principal's own.
 */
public record AuthorizationRequest(
    Principal principal,
    String action,
    String resource,
    Optional<String> resourceAccount,
    RequestContext context) {

  public AuthorizationRequest {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(resourceAccount, "resourceAccount");
    Objects.requireNonNull(context, "context");
    if (action.indexOf(':') <= 0) {
      throw new IllegalArgumentException("action must be service:Name, got " + action);
    }
  }

  public static Builder builder(Principal principal, String action, String resource) {
    return new Builder(principal, action, resource);
  }

  /** The account that owns the resource, for the same-account or cross-account rule. */
  public Optional<String> owningAccount() {
    if (resourceAccount.isPresent()) {
      return resourceAccount;
    }
    String[] fields = resource.split(":", 6);
    if (fields.length == 6 && fields[0].equals("arn") && !fields[4].isEmpty()) {
      return Optional.of(fields[4]);
    }
    return principal.account();
  }

  /** Builds an {@link AuthorizationRequest}. */
  public static final class Builder {
    private final Principal principal;
    private final String action;
    private final String resource;
    private Optional<String> resourceAccount = Optional.empty();
    private RequestContext context = RequestContext.empty();

    private Builder(Principal principal, String action, String resource) {
      this.principal = principal;
      this.action = action;
      this.resource = resource;
    }

    public Builder resourceAccount(String account) {
      this.resourceAccount = Optional.of(Objects.requireNonNull(account, "account"));
      return this;
    }

    public Builder context(RequestContext context) {
      this.context = Objects.requireNonNull(context, "context");
      return this;
    }

    public AuthorizationRequest build() {
      return new AuthorizationRequest(principal, action, resource, resourceAccount, context);
    }
  }
}
