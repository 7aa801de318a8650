package dev.crossrole.client.internal;

import dev.crossrole.client.AwsConnection;
import dev.crossrole.client.CacheDirectory;
import dev.crossrole.client.Caching;
import dev.crossrole.client.RoleAssumer;
import dev.crossrole.client.SourceKeys;
import java.net.URI;
import java.time.Clock;
import javax.net.ssl.TrustManager;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * The one way the client builds an SDK client: the JDK's HTTP client trusting the connection's
 * certificate authorities ({@link Resolver#trust}), the endpoint and region {@link Resolver}
 * resolves for the service, signed with the keys {@link RoleAssumer} finds for the connection's
 * profile (a role profile's role assumed at its own STS endpoint and cached like {@code assume}'s).
 * An explicit endpoint is the service's only: the role is assumed where the profile says.
 */
public final class SdkClients {
  private SdkClients() {}

  /** A client of {@code service} for {@code connection}; the caller closes it. */
  public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
      B builder, AwsConnection connection, Service service, Clock clock) {
    Target target = Resolver.resolve(connection, service);
    RoleAssumer signer =
        RoleAssumer.create(
            connection.withoutEndpointUrl(),
            Caching.onDisk(
                CacheDirectory.root(connection.environment(), connection.home()),
                Caching.DEFAULT_REFRESH_WINDOW),
            clock);
    builder.httpClientBuilder(http(Resolver.trust(connection)));
    builder.endpointOverride(URI.create(target.endpoint()));
    builder.region(Region.of(service.signingRegion(connection, target.region())));
    builder.credentialsProvider(new Lazy(signer));
    return builder.build();
  }

  /**
   * The HTTP client of every SDK client the build side makes: the JDK's URL connection, trusting
   * the JVM's default authorities or exactly a CA bundle's (read now, so that a bad bundle fails
   * before any call).
   *
   * @throws dev.crossrole.client.ClientException of kind CONFIGURATION when the bundle cannot be
   *     used
   */
  public static UrlConnectionHttpClient.Builder http(Trust trust) {
    UrlConnectionHttpClient.Builder http = UrlConnectionHttpClient.builder();
    if (trust instanceof Trust.Bundle bundle) {
      TrustManager[] managers = CaBundle.trustManagers(bundle);
      http.tlsTrustManagersProvider(() -> managers);
    }
    return http;
  }

  /** The signer's keys, resolved on the first request only: a cached login needs none. */
  private static final class Lazy implements AwsCredentialsProvider {
    private final RoleAssumer signer;
    private AwsCredentials resolved;

    Lazy(RoleAssumer signer) {
      this.signer = signer;
    }

    @Override
    public synchronized AwsCredentials resolveCredentials() {
      if (resolved == null) {
        SourceKeys keys = signer.signingKeys();
        resolved =
            keys.sessionToken()
                .<AwsCredentials>map(
                    t ->
                        AwsSessionCredentials.create(keys.accessKeyId(), keys.secretAccessKey(), t))
                .orElseGet(
                    () -> AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey()));
      }
      return resolved;
    }
  }
}
