package dev.crossrole.client;

import java.time.Instant;
import java.util.Objects;

/**
 * Temporary credentials as STS returns them: an {@code ASIA…} access key id, its secret, the
 * session token and when they expire. The secret and the token never appear in {@link #toString()}.
 */
public record TemporaryCredentials(
    String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {
  public TemporaryCredentials {
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    Objects.requireNonNull(sessionToken, "sessionToken");
    Objects.requireNonNull(expiration, "expiration");
  }

  @Override
  public String toString() {
    return "TemporaryCredentials[accessKeyId=" + accessKeyId + ", expiration=" + expiration + "]";
  }
}
