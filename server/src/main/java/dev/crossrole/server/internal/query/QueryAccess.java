package dev.crossrole.server.internal.query;

import dev.crossrole.core.Authorizer;
import dev.crossrole.core.IdentityException;
import dev.crossrole.server.internal.authz.Access;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Authorization of a Query protocol call as IAM and STS answer it: {@link Access} decides for the
 * call's requester, and a refusal is thrown as {@link Access#accessDenied}, AccessDenied with the
 * encoded authorization failure message.
 */
public final class QueryAccess {
  private final Access access;

  public QueryAccess(Access access) {
    this.access = access;
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
    refuse(access.decide(call.requester(), action, resource, actionKeys, resourcePolicy));
  }

  /**
   * As {@link #requireWith(ServiceCall, String, String, Map, Optional)}, with no resource policy.
   */
  public void requireWith(
      ServiceCall call, String action, String resource, Map<String, List<String>> keys) {
    requireWith(call, action, resource, keys, Optional.empty());
  }

  /**
   * Requires that the caller may perform every one of {@code actions} on {@code resource}, decided
   * on one reading of the policies and one request context.
   *
   * @throws IdentityException (AccessDenied) for the first action refused, in the order given
   */
  public void requireAll(
      ServiceCall call,
      List<String> actions,
      String resource,
      Map<String, List<String>> actionKeys,
      Optional<Authorizer.ResourcePolicy> resourcePolicy) {
    refuse(access.decideAll(call.requester(), actions, resource, actionKeys, resourcePolicy));
  }

  /**
   * Requires only that no policy explicitly denies: for actions AWS allows without a grant, such as
   * {@code sts:GetSessionToken}.
   */
  public void requireNoExplicitDeny(ServiceCall call, String action, String resource) {
    refuse(access.decideExplicitDeny(call.requester(), action, resource));
  }

  /** The authorizer behind these checks, for the policy simulator. */
  public Authorizer authorizer() {
    return access.authorizer();
  }

  private void refuse(Optional<Access.Denial> denial) {
    if (denial.isPresent()) {
      throw access.accessDenied(denial.get());
    }
  }
}
