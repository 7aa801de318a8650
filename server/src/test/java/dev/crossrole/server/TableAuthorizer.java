package dev.crossrole.server;

import dev.crossrole.policy.Principal;
import dev.crossrole.server.internal.registry.RegistryAuthException;
import dev.crossrole.server.internal.registry.RegistryAuthorizer;
import dev.crossrole.server.internal.registry.RegistryLogin;
import dev.crossrole.server.internal.request.Caller;
import dev.crossrole.server.internal.request.Origin;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A registry authorizer for tests, standing in for ECR's: user {@code AWS} with one of a few fixed
 * passwords, each a login that expires at a given time, and the actions it grants per repository
 * from a table.
 */
record TableAuthorizer(Map<String, Instant> passwords, Map<String, Set<String>> grants)
    implements RegistryAuthorizer {

  static final String BUILDER = "arn:aws:sts::111111111111:assumed-role/OURTHINGBUILDROLE/build";

  @Override
  public RegistryLogin authenticate(String username, String password, Origin origin) {
    Instant expiry = passwords.get(password);
    if (!"AWS".equals(username) || expiry == null) {
      throw new RegistryAuthException("invalid registry login");
    }
    Principal principal = Principal.parse(BUILDER);
    return new RegistryLogin(
        Caller.longTerm(principal, "111111111111", "ASIAEXAMPLEEXAMPLE00"), origin, expiry);
  }

  @Override
  public Set<String> granted(RegistryLogin login, String repository, Set<String> requested) {
    Set<String> granted = new LinkedHashSet<>(grants.getOrDefault(repository, Set.of()));
    granted.retainAll(requested);
    return granted;
  }
}
