package dev.crossrole.server.internal.registry;

import dev.crossrole.server.internal.request.Origin;
import java.util.Set;

/**
 * Decides what a registry client may do, for the registry's token endpoint: who a login is (user
 * {@code AWS} and an ECR password from GetAuthorizationToken) and which of the actions it asks for
 * on a repository IAM grants it. The token endpoint speaks the registry's token protocol; this says
 * yes or no.
 */
public interface RegistryAuthorizer {

  /**
   * Authenticates a registry login presented by a token request from {@code origin}, which the
   * login's decisions see as {@code aws:SourceIp} and {@code aws:SecureTransport}.
   *
   * @throws RegistryAuthException when the user name, password or its expiry is not valid
   */
  RegistryLogin authenticate(String username, String password, Origin origin);

  /**
   * The subset of {@code requested} registry actions ({@code pull}, {@code push}, {@code delete},
   * {@code *}) that {@code login} may perform on {@code repository}, a registry repository path
   * {@code ACCOUNT-ID/REPOSITORY-NAME}. Empty when none (or when ECR has no such repository).
   */
  Set<String> granted(RegistryLogin login, String repository, Set<String> requested);
}
