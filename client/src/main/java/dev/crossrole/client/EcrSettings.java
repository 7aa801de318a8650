package dev.crossrole.client;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * How to reach ECR and as whom: the {@link AwsConnection} (the profile acted as — one with {@code
 * role_arn} assumes its role at its own STS endpoint through {@link RoleAssumer}, its credentials
 * cached under the cache root; an explicit endpoint is ECR's, else {@code AWS_ENDPOINT_URL_ECR},
 * {@code AWS_ENDPOINT_URL} or the profile's), the registries (account ids) to log in to — the
 * caller's own when empty — and the clock that decides when cached credentials are stale.
 */
public record EcrSettings(AwsConnection connection, List<String> registryIds, Clock clock) {
  public EcrSettings {
    Objects.requireNonNull(connection, "connection");
    registryIds = List.copyOf(registryIds);
    Objects.requireNonNull(clock, "clock");
    for (String id : registryIds) {
      if (!id.matches("[0-9]{12}")) {
        throw ClientException.of(
            ClientException.Kind.CONFIGURATION,
            "invalid registry id '" + id + "': an account id of 12 digits");
      }
    }
  }

  /** ECR as {@code connection} reaches it, the caller's own registry, the system clock. */
  public static EcrSettings of(AwsConnection connection) {
    return new EcrSettings(connection, List.of(), Clock.systemUTC());
  }

  public EcrSettings withRegion(String name) {
    return new EcrSettings(connection.withRegion(name), registryIds, clock);
  }

  public EcrSettings withRegistryIds(List<String> ids) {
    return new EcrSettings(connection, ids, clock);
  }
}
