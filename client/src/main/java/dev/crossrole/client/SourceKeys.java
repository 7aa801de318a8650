package dev.crossrole.client;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The long-term keys (or any keys) a role is assumed with: an access key id, its secret and, for
 * temporary source keys, a session token. The secret and the token never appear in {@link
 * #toString()}.
 */
public record SourceKeys(
    String accessKeyId, String secretAccessKey, Optional<String> sessionToken) {
  public SourceKeys {
    requireText(accessKeyId, "accessKeyId");
    requireText(secretAccessKey, "secretAccessKey");
    Objects.requireNonNull(sessionToken, "sessionToken");
  }

  /**
   * The keys in {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and, when set, {@code
   * AWS_SESSION_TOKEN} of {@code environment}.
   *
   * @throws ClientException of kind NO_CREDENTIALS when the id or the secret is missing
   */
  public static SourceKeys fromEnvironment(Map<String, String> environment) {
    String id = environment.getOrDefault("AWS_ACCESS_KEY_ID", "");
    String secret = environment.getOrDefault("AWS_SECRET_ACCESS_KEY", "");
    if (id.isBlank() || secret.isBlank()) {
      throw ClientException.of(
          ClientException.Kind.NO_CREDENTIALS,
          "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must both be set to take the keys from the"
              + " environment");
    }
    String token = environment.getOrDefault("AWS_SESSION_TOKEN", "");
    return new SourceKeys(
        id.strip(),
        secret.strip(),
        token.isBlank() ? Optional.empty() : Optional.of(token.strip()));
  }

  private static void requireText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank() || value.contains("\n") || value.contains("\r")) {
      throw ClientException.of(
          ClientException.Kind.CONFIGURATION, name + " must be one non-empty line");
    }
  }

  @Override
  public String toString() {
    return "SourceKeys[accessKeyId=" + accessKeyId + "]";
  }
}
