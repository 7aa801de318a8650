package dev.crossrole.server.internal.registry;

import java.util.Set;

/**
 * The authorizer of a server without ECR logins: every login is refused, so the registry serves
 * nobody until ECR's GetAuthorizationToken passwords can be checked.
 */
public final class NoLoginsAuthorizer implements RegistryAuthorizer {
  @Override
  public RegistryLogin authenticate(String username, String password) {
    throw new RegistryAuthException("registry logins are not available on this server");
  }

  @Override
  public Set<String> granted(RegistryLogin login, String repository, Set<String> requested) {
    return Set.of();
  }
}
