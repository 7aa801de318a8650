package dev.crossrole.client;

/**
 * Where temporary credentials come from: an assumed role, cached or fresh. Each call answers
 * credentials that are valid now and not about to expire.
 */
@FunctionalInterface
public interface CredentialSource {
  /** Credentials valid now; fetched again when the ones held are near their expiry. */
  TemporaryCredentials credentials();
}
