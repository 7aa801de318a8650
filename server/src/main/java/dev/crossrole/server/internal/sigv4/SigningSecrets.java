package dev.crossrole.server.internal.sigv4;

import java.util.Optional;

/**
 * Finds the secret access key for an access key id. Long-term keys come from the store; temporary
 * ones from decrypting the session token. The verifier does not know which.
 *
 * <p>An unknown, inactive or deleted key, a temporary key without its token, or a token that does
 * not decrypt is {@link Optional#empty()} (the verifier answers {@code InvalidClientTokenId}). A
 * lookup may throw {@link SignatureException#expiredToken()} for a session that has expired. It
 * must not throw for bad input otherwise; any other exception is an internal failure.
 *
 * @param <P> the type the lookup attaches to say whom the key belongs to
 */
@FunctionalInterface
public interface SigningSecrets<P> {
  /**
   * The secret for the key.
   *
   * @param accessKeyId the access key id from the credential
   * @param securityToken the {@code X-Amz-Security-Token}, header or query parameter, if any
   */
  Optional<SigningSecret<P>> find(String accessKeyId, Optional<String> securityToken);
}
