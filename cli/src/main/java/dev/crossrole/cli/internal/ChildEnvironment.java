package dev.crossrole.cli.internal;

import dev.crossrole.client.ContainerCredentialsEndpoint;
import dev.crossrole.client.TemporaryCredentials;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The environment {@code crossrole exec} gives its command: its own, less every variable that could
 * make an SDK pick other credentials than the ones handed over (stale keys, a profile, a container
 * or web-identity source), plus those credentials or the endpoint serving them. Region, endpoint
 * and file-location variables stay.
 */
public final class ChildEnvironment {
  /** Credential variables the SDKs and the AWS CLI read before or instead of ours. */
  static final Set<String> SCRUBBED =
      Set.of(
          "AWS_ACCESS_KEY_ID",
          "AWS_SECRET_ACCESS_KEY",
          "AWS_SESSION_TOKEN",
          "AWS_SECURITY_TOKEN",
          "AWS_CREDENTIAL_EXPIRATION",
          // The Java SDK v1's alternative names for the keys.
          "AWS_ACCESS_KEY",
          "AWS_SECRET_KEY",
          "AWS_PROFILE",
          "AWS_DEFAULT_PROFILE",
          "AWS_WEB_IDENTITY_TOKEN_FILE",
          "AWS_ROLE_ARN",
          "AWS_ROLE_SESSION_NAME",
          // Newer SDKs build account-based endpoints from it: a stale one names the wrong account.
          "AWS_ACCOUNT_ID");

  /** All of these: a relative URI or a token file would win over the full URI and token we set. */
  static final String CONTAINER_PREFIX = "AWS_CONTAINER_";

  private final Map<String, String> variables;

  private ChildEnvironment(Map<String, String> variables) {
    this.variables = variables;
  }

  /** {@code parent} without its credential variables. */
  public static ChildEnvironment scrubbed(Map<String, String> parent) {
    Map<String, String> kept = new TreeMap<>();
    parent.forEach(
        (name, value) -> {
          if (!SCRUBBED.contains(name) && !name.startsWith(CONTAINER_PREFIX)) {
            kept.put(name, value);
          }
        });
    return new ChildEnvironment(kept);
  }

  /** With the credentials themselves, as the SDKs' environment provider reads them. */
  public ChildEnvironment withCredentials(TemporaryCredentials credentials) {
    Map<String, String> next = new TreeMap<>(variables);
    next.put("AWS_ACCESS_KEY_ID", credentials.accessKeyId());
    next.put("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
    next.put("AWS_SESSION_TOKEN", credentials.sessionToken());
    next.put(
        "AWS_CREDENTIAL_EXPIRATION",
        credentials.expiration().truncatedTo(ChronoUnit.SECONDS).toString());
    return new ChildEnvironment(next);
  }

  /**
   * With the endpoint serving the credentials. The shared credentials file is hidden: the SDKs read
   * its {@code default} profile before a container endpoint, and long-term keys there would win
   * over the role's.
   */
  public ChildEnvironment withEndpoint(ContainerCredentialsEndpoint endpoint) {
    Map<String, String> next = new TreeMap<>(variables);
    next.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", endpoint.uri().toString());
    next.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", endpoint.authorizationToken());
    next.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    return new ChildEnvironment(next);
  }

  /** With {@code name} set to {@code value} unless the parent already set it. */
  public ChildEnvironment withDefault(String name, String value) {
    if (variables.containsKey(name)) {
      return this;
    }
    return with(name, value);
  }

  /** With {@code name} set to {@code value}. */
  public ChildEnvironment with(String name, String value) {
    Map<String, String> next = new TreeMap<>(variables);
    next.put(name, value);
    return new ChildEnvironment(next);
  }

  /** The variables, sorted by name. */
  public Map<String, String> variables() {
    return Map.copyOf(variables);
  }

  @Override
  public String toString() {
    return "ChildEnvironment" + variables.keySet();
  }
}
