package dev.crossrole.client.internal;

import dev.crossrole.client.EcrSettings;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.EcrClientBuilder;

/**
 * ECR clients of the SDK for {@link EcrSettings}. A named profile decides the credentials, the
 * region and the endpoint as the SDK reads them from it (its {@code endpoint_url}, its {@code
 * services} section); a profile with {@code role_arn} and {@code source_profile} assumes its role
 * through the SDK's STS support. Only an explicit endpoint overrides what the SDK resolves.
 */
public final class EcrClients {
  private EcrClients() {}

  /** A client for {@code settings}; the caller closes it. */
  public static EcrClient create(EcrSettings settings) {
    EcrClientBuilder builder = EcrClient.builder().httpClient(UrlConnectionHttpClient.create());
    settings
        .profile()
        .ifPresent(
            profile ->
                builder
                    .credentialsProvider(ProfileCredentialsProvider.create(profile))
                    .overrideConfiguration(o -> o.defaultProfileName(profile)));
    settings.region().ifPresent(region -> builder.region(Region.of(region)));
    settings.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }
}
