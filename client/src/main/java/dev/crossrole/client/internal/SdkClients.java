package dev.crossrole.client.internal;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * The one way the client builds an SDK client: the JDK's HTTP client; a named profile decides the
 * credentials, the region and the endpoint as the SDK reads them from it (its {@code endpoint_url},
 * its {@code services} section), a way-2 profile assuming its role at the profile's endpoint (see
 * {@link ProfileCredentials}); only an explicit endpoint overrides what the SDK resolves.
 */
final class SdkClients {
  private SdkClients() {}

  /** {@code builder} configured so; the caller closes the client. */
  static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
      B builder, Optional<String> profile, Optional<Region> region, Optional<URI> endpoint) {
    builder.httpClient(UrlConnectionHttpClient.create());
    profile.ifPresent(
        name ->
            builder
                .credentialsProvider(ProfileCredentials.of(name))
                .overrideConfiguration(o -> o.defaultProfileName(name)));
    region.ifPresent(builder::region);
    endpoint.ifPresent(builder::endpointOverride);
    return builder.build();
  }

  /**
   * The profile whose credentials sign: the one named, else {@code AWS_PROFILE} unless keys in the
   * environment come first in the SDK's chain; empty leaves the SDK's chain to decide.
   */
  static Optional<String> profile(Optional<String> named) {
    if (named.isPresent()) {
      return named;
    }
    String keys = System.getenv().getOrDefault("AWS_ACCESS_KEY_ID", "");
    String profile = System.getenv().getOrDefault("AWS_PROFILE", "");
    return keys.isBlank() && !profile.isBlank() ? Optional.of(profile) : Optional.empty();
  }
}
