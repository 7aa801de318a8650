package dev.crossrole.client;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A registry login as ECR's GetAuthorizationToken hands it out: the registry's {@code
 * proxyEndpoint} ({@code https://ACCOUNT.dkr.ecr.REGION.amazonaws.com} on AWS, the registry's own
 * URL on crossrole), the user name ({@code AWS}) and password, and when the password expires. The
 * password never appears in {@link #toString()}.
 */
public record RegistryCredentials(
    String proxyEndpoint, String username, String password, Instant expiresAt) {
  public RegistryCredentials {
    Objects.requireNonNull(proxyEndpoint, "proxyEndpoint");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** The registry's {@code host[:port]}, as docker and skopeo key their logins. */
  public String host() {
    return hostOf(proxyEndpoint);
  }

  /**
   * The {@code host[:port]} of a registry as docker names it: {@code https://host:port/path},
   * {@code host:port/path} and {@code host:port} are all {@code host:port}, lower case.
   */
  public static String hostOf(String server) {
    String s = server.strip();
    int scheme = s.indexOf("://");
    if (scheme >= 0) {
      s = s.substring(scheme + 3);
    }
    int end = 0;
    while (end < s.length() && "/?#".indexOf(s.charAt(end)) < 0) {
      end++;
    }
    String authority = s.substring(0, end);
    return authority.substring(authority.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "RegistryCredentials[proxyEndpoint="
        + proxyEndpoint
        + ", username="
        + username
        + ", expiresAt="
        + expiresAt
        + "]";
  }
}
