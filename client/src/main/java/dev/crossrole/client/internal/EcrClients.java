package dev.crossrole.client.internal;

import dev.crossrole.client.AwsConnection;
import dev.crossrole.client.CacheDirectory;
import dev.crossrole.client.Caching;
import dev.crossrole.client.EcrSettings;
import dev.crossrole.client.RoleAssumer;
import dev.crossrole.client.SourceKeys;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * ECR clients of the SDK for {@link EcrSettings}: the endpoint and region {@link Resolver} resolves
 * for ECR, signed with the keys {@link RoleAssumer} finds for the connection's profile (a role
 * profile's role assumed at its own STS endpoint and cached like {@code assume}'s). An explicit
 * endpoint is ECR's only: the role is assumed where the profile says.
 */
public final class EcrClients {
  private EcrClients() {}

  /** A client for {@code settings}; the caller closes it. */
  public static EcrClient create(EcrSettings settings) {
    AwsConnection connection = settings.connection();
    Target target = Resolver.resolve(connection, Service.ECR);
    RoleAssumer signer =
        RoleAssumer.create(
            connection.withoutEndpointUrl(),
            Caching.onDisk(
                CacheDirectory.root(connection.environment(), connection.home()),
                Caching.DEFAULT_REFRESH_WINDOW),
            settings.clock());
    return EcrClient.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .endpointOverride(URI.create(target.endpoint()))
        .region(Region.of(target.region()))
        .credentialsProvider(new Lazy(signer))
        .build();
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
