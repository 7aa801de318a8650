package dev.crossrole.client;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * How the operator's control commands reach IAM and as whom: the profile whose credentials sign
 * (the SDK's default chain when empty; a profile with {@code role_arn} assumes its role), the
 * endpoint (else {@code AWS_ENDPOINT_URL_IAM}, {@code AWS_ENDPOINT_URL} or the profile's, as the
 * SDK reads them), the region (IAM is global: us-east-1, where AWS's IAM signs, when empty; another
 * partition's region for its IAM), and the account the caller must be in — checked with STS
 * GetCallerIdentity before any change, so that a profile of the wrong account changes nothing.
 */
public record ControlSettings(
    Optional<String> profile,
    Optional<URI> endpoint,
    Optional<String> region,
    Optional<String> account) {
  public ControlSettings {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(account, "account");
    account.ifPresent(
        id -> {
          if (!id.matches("[0-9]{12}")) {
            throw ClientException.of(
                ClientException.Kind.CONFIGURATION,
                "invalid account '" + id + "': an account id of 12 digits");
          }
        });
  }

  /** The SDK's defaults: its credential chain and endpoint, whatever account they are of. */
  public static ControlSettings defaults() {
    return new ControlSettings(
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  public ControlSettings withProfile(String name) {
    return new ControlSettings(Optional.of(name), endpoint, region, account);
  }

  public ControlSettings withEndpoint(URI uri) {
    return new ControlSettings(profile, Optional.of(uri), region, account);
  }

  public ControlSettings withRegion(String name) {
    return new ControlSettings(profile, endpoint, Optional.of(name), account);
  }

  public ControlSettings withAccount(String id) {
    return new ControlSettings(profile, endpoint, region, Optional.of(id));
  }
}
