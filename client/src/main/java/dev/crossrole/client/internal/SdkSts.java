package dev.crossrole.client.internal;

import dev.crossrole.client.AssumeRequest;
import dev.crossrole.client.AwsConnection;
import dev.crossrole.client.ClientException;
import dev.crossrole.client.ClientException.Kind;
import dev.crossrole.client.TemporaryCredentials;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.Tag;

/**
 * Everything that needs the AWS SDK: resolving source credentials only the SDK can, and the
 * AssumeRole call itself. Kept in one class so that a warm cache never loads the SDK.
 */
public final class SdkSts {
  private SdkSts() {}

  /**
   * The source's keys as the SDK resolves them, for a source {@link Resolver} could not read
   * itself.
   */
  public static Target.StaticKeys sourceKeys(Target target, Map<String, String> env, Path home) {
    if (target.source() instanceof Target.RoleProfile) {
      throw new IllegalArgumentException("a role profile's keys come from assuming its role");
    }
    AwsCredentialsProvider provider;
    if (target.source() instanceof Target.StaticKeys keys) {
      provider = StaticCredentialsProvider.create(sdkCredentials(keys));
    } else if (target.source() instanceof Target.SdkProfile) {
      provider =
          ProfileCredentialsProvider.builder()
              .profileFile(profileFile(env, home))
              .profileName(target.profile())
              .build();
    } else {
      provider =
          DefaultCredentialsProvider.builder()
              .profileFile(() -> profileFile(env, home))
              .profileName(target.profile())
              .build();
    }
    try {
      AwsCredentials credentials = provider.resolveCredentials();
      Optional<String> token =
          credentials instanceof AwsSessionCredentials session
              ? Optional.of(session.sessionToken())
              : Optional.empty();
      return new Target.StaticKeys(credentials.accessKeyId(), credentials.secretAccessKey(), token);
    } catch (SdkException e) {
      throw SdkFailures.of(e, "resolving the source credentials of profile " + target.profile());
    }
  }

  /**
   * AssumeRole at {@code target}'s endpoint, signed with {@code source}, trusting the certificate
   * authorities of {@code connection} (the one acted as, whichever profile {@code target} is).
   */
  public static TemporaryCredentials assume(
      AwsConnection connection,
      Target target,
      Target.StaticKeys source,
      AssumeRequest request,
      String sessionName) {
    ProfileFile profiles = profileFile(connection.environment(), connection.home());
    try (StsClient sts = client(target, source, profiles, Resolver.trust(connection))) {
      AssumeRoleResponse response = sts.assumeRole(call(request, sessionName));
      Credentials c = response.credentials();
      return new TemporaryCredentials(
          c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), c.expiration());
    } catch (SdkException e) {
      throw SdkFailures.of(e, "assuming " + request.roleArn());
    }
  }

  /** The shared config and credentials files that exist, for the SDK's own settings. */
  public static ProfileFile profileFile(Map<String, String> env, Path home) {
    ProfileFile.Aggregator files = ProfileFile.aggregator();
    for (Map.Entry<Path, ProfileFile.Type> file :
        List.of(
            Map.entry(AwsProfileFiles.configFile(env, home), ProfileFile.Type.CONFIGURATION),
            Map.entry(AwsProfileFiles.credentialsFile(env, home), ProfileFile.Type.CREDENTIALS))) {
      if (Files.isReadable(file.getKey())) {
        files.addFile(ProfileFile.builder().content(file.getKey()).type(file.getValue()).build());
      }
    }
    return files.build();
  }

  private static StsClient client(
      Target target, Target.StaticKeys source, ProfileFile profiles, Trust trust) {
    SdkHttpClient.Builder<?> http = SdkClients.http(trust);
    try {
      return StsClient.builder()
          .httpClientBuilder(http)
          // Always the endpoint the cache key names, so the call goes exactly there.
          .endpointOverride(URI.create(target.endpoint()))
          .region(Region.of(target.region()))
          .credentialsProvider(StaticCredentialsProvider.create(sdkCredentials(source)))
          .overrideConfiguration(
              o -> o.defaultProfileFile(profiles).defaultProfileName(target.profile()))
          .build();
    } catch (SdkException | IllegalArgumentException e) {
      throw ClientException.of(
          Kind.CONFIGURATION,
          "cannot set up STS at " + target.endpoint() + ": " + e.getMessage(),
          e);
    }
  }

  private static AssumeRoleRequest call(AssumeRequest request, String sessionName) {
    AssumeRoleRequest.Builder call =
        AssumeRoleRequest.builder()
            .roleArn(request.roleArn())
            .roleSessionName(sessionName)
            .durationSeconds((int) request.duration().toSeconds());
    request.externalId().ifPresent(call::externalId);
    request.sessionPolicy().ifPresent(call::policy);
    request.sourceIdentity().ifPresent(call::sourceIdentity);
    if (!request.tags().isEmpty()) {
      call.tags(
          request.tags().entrySet().stream()
              .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build())
              .toList());
    }
    return call.build();
  }

  private static AwsCredentials sdkCredentials(Target.StaticKeys keys) {
    return keys.sessionToken()
        .<AwsCredentials>map(
            token ->
                AwsSessionCredentials.create(keys.accessKeyId(), keys.secretAccessKey(), token))
        .orElseGet(() -> AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey()));
  }
}
