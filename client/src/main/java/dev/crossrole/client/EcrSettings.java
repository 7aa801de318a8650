package dev.crossrole.client;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach ECR and as whom: the profile whose credentials sign the call (the SDK's default
 * chain when empty; a profile with {@code role_arn} assumes its role through the SDK), the endpoint
 * (else {@code AWS_ENDPOINT_URL_ECR}, {@code AWS_ENDPOINT_URL} or the profile's, as the SDK reads
 * them), the region, and the registries (account ids) to log in to — the caller's own when empty.
 */
public record EcrSettings(
    Optional<String> profile,
    Optional<URI> endpoint,
    Optional<String> region,
    List<String> registryIds) {
  public EcrSettings {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(region, "region");
    registryIds = List.copyOf(registryIds);
    for (String id : registryIds) {
      if (!id.matches("[0-9]{12}")) {
        throw ClientException.of(
            ClientException.Kind.CONFIGURATION,
            "invalid registry id '" + id + "': an account id of 12 digits");
      }
    }
  }

  /** The SDK's defaults: its credential chain, endpoint and region, the caller's registry. */
  public static EcrSettings defaults() {
    return new EcrSettings(Optional.empty(), Optional.empty(), Optional.empty(), List.of());
  }

  public EcrSettings withProfile(String name) {
    return new EcrSettings(Optional.of(name), endpoint, region, registryIds);
  }

  public EcrSettings withEndpoint(URI uri) {
    return new EcrSettings(profile, Optional.of(uri), region, registryIds);
  }

  public EcrSettings withRegion(String name) {
    return new EcrSettings(profile, endpoint, Optional.of(name), registryIds);
  }

  public EcrSettings withRegistryIds(List<String> ids) {
    return new EcrSettings(profile, endpoint, region, ids);
  }
}
