package dev.crossrole.server.internal.authz;

import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.Role;
import dev.crossrole.core.User;
import dev.crossrole.policy.Principal;
import java.util.Optional;

/**
 * Whether the identity behind credentials issued earlier — a session token, an ECR password — still
 * stands: the user or role it was issued to exists and has the unique id sealed in it, or, for the
 * root user, its account exists. IAM binds credentials to unique ids, not names: a user or role
 * deleted and re-created under the same name gets a new id, and the old credentials do not become
 * the new identity's (<a
 * href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids">IAM
 * unique identifiers</a>). One primary-key read of the store per check, so every node decides the
 * same from the shared store.
 */
public final class StandingPrincipals {
  private StandingPrincipals() {}

  /**
   * Whether {@code principal} (a caller rebuilt from sealed credentials) still stands. A role
   * session is checked against its role (the caller's role: for a chained session, the last role
   * assumed); a user, against the user; the root user, against its account. Any other kind of
   * principal is never issued credentials here, so it does not stand.
   */
  public static boolean stands(IdentityStore store, Principal principal) {
    Optional<String> account = principal.account();
    if (account.isEmpty()) {
      return false;
    }
    return switch (principal.type()) {
      case ROOT -> store.accountById(account.get()).isPresent();
      case USER ->
          principal.userId().isPresent()
              && store
                  .user(account.get(), principal.entityName().orElseThrow())
                  .map(User::userId)
                  .equals(principal.userId());
      case ASSUMED_ROLE ->
          principal.userId().isPresent()
              && principal.entityName().isPresent()
              && store
                  .role(account.get(), principal.entityName().get())
                  .map(Role::roleId)
                  .equals(principal.userId().map(StandingPrincipals::roleIdOf));
      default -> false;
    };
  }

  /** The role id in a role session's {@code aws:userid}, {@code AROA…:SESSION}. */
  private static String roleIdOf(String sessionUserId) {
    int colon = sessionUserId.indexOf(':');
    return colon < 0 ? sessionUserId : sessionUserId.substring(0, colon);
  }
}
