package dev.crossrole.client.internal;

import dev.crossrole.client.EcrSettings;
import java.util.Optional;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.EcrClientBuilder;

/**
 * ECR clients of the SDK for {@link EcrSettings}. A named profile decides the credentials, the
 * region and the endpoint as the SDK reads them from it (its {@code endpoint_url}, its {@code
 * services} section); a profile with {@code role_arn} and {@code source_profile} assumes its role
 * at the profile's endpoint (see {@link ProfileCredentials}). Only an explicit endpoint overrides
 * what the SDK resolves.
 */
public final class EcrClients {
  private EcrClients() {}

  /** A client for {@code settings}; the caller closes it. */
  public static EcrClient create(EcrSettings settings) {
    EcrClientBuilder builder = EcrClient.builder().httpClient(UrlConnectionHttpClient.create());
    profile(settings)
        .ifPresent(
            profile ->
                builder
                    .credentialsProvider(ProfileCredentials.of(profile))
                    .overrideConfiguration(o -> o.defaultProfileName(profile)));
    settings.region().ifPresent(region -> builder.region(Region.of(region)));
    settings.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  /**
   * The profile whose credentials sign: the one named, else {@code AWS_PROFILE} unless keys in the
   * environment come first in the SDK's chain; empty leaves the SDK's chain to decide.
   */
  static Optional<String> profile(EcrSettings settings) {
    if (settings.profile().isPresent()) {
      return settings.profile();
    }
    String keys = System.getenv().getOrDefault("AWS_ACCESS_KEY_ID", "");
    String profile = System.getenv().getOrDefault("AWS_PROFILE", "");
    return keys.isBlank() && !profile.isBlank() ? Optional.of(profile) : Optional.empty();
  }
}
