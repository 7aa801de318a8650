package dev.crossrole.client.internal;

import dev.crossrole.client.ClientException;
import dev.crossrole.client.ClientException.Kind;
import dev.crossrole.client.TemporaryCredentials;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The role a way-2 profile names, assumed with its source profile's credentials.
 *
 * <p>The SDK's own profile provider is not used for the AssumeRole call: it builds its STS client
 * for the default profile, so a named profile's {@code endpoint_url} (which points at crossrole)
 * would be ignored and the call would go to AWS. Here the STS client is configured for the named
 * profile, and the source profile's credentials still come from the SDK's provider (static keys,
 * {@code credential_process}, a chained role…).
 */
public final class ProfileRole {
  private static final String SOURCE_PROFILE = "source_profile";
  private static final String EXTERNAL_ID = "external_id";
  private static final String SESSION_NAME = "role_session_name";
  private static final String DURATION = "duration_seconds";

  private final String profileName;
  private final Profile profile;
  private final String roleArn;
  private final StsClient sts;

  private ProfileRole(String profileName, Profile profile, String roleArn, StsClient sts) {
    this.profileName = profileName;
    this.profile = profile;
    this.roleArn = roleArn;
    this.sts = sts;
  }

  /** Reads {@code profileName} from the profile files {@code environment} names. */
  public static ProfileRole read(
      String profileName, Map<String, String> environment, Optional<URI> endpoint) {
    ProfileFile files = profileFile(environment);
    Profile profile =
        files
            .profile(profileName)
            .orElseThrow(
                () ->
                    ClientException.of(
                        Kind.CONFIGURATION, "no profile " + profileName + " in the AWS config"));
    String roleArn =
        profile
            .property(ProfileProperty.ROLE_ARN)
            .orElseThrow(
                () ->
                    ClientException.of(
                        Kind.CONFIGURATION,
                        "profile "
                            + profileName
                            + " names no role_arn: only a role's temporary credentials are handed"
                            + " to a command"));
    String source =
        profile
            .property(SOURCE_PROFILE)
            .orElseThrow(
                () ->
                    ClientException.of(
                        Kind.CONFIGURATION,
                        "profile " + profileName + " names no source_profile for its role"));
    StsClient sts =
        StsClient.builder()
            .region(region(environment, profile))
            .credentialsProvider(
                ProfileCredentialsProvider.builder().profileFile(files).profileName(source).build())
            .overrideConfiguration(o -> o.defaultProfileFile(files).defaultProfileName(profileName))
            .applyMutation(b -> endpoint.ifPresent(b::endpointOverride))
            .build();
    return new ProfileRole(profileName, profile, roleArn, sts);
  }

  /** The profile's {@code region}. */
  public Optional<String> region() {
    return profile.property(ProfileProperty.REGION);
  }

  /** The profile's {@code endpoint_url}. */
  public Optional<String> endpointUrl() {
    return profile.property(ProfileProperty.ENDPOINT_URL);
  }

  /** Assumes the role now; {@code clock} names the session when the profile does not. */
  public TemporaryCredentials assume(Clock clock) {
    AssumeRoleRequest.Builder request =
        AssumeRoleRequest.builder()
            .roleArn(roleArn)
            .roleSessionName(
                profile
                    .property(SESSION_NAME)
                    .orElse("crossrole-" + clock.instant().getEpochSecond()));
    profile.property(EXTERNAL_ID).ifPresent(request::externalId);
    profile
        .property(DURATION)
        .map(v -> seconds(profileName, v))
        .ifPresent(request::durationSeconds);
    try {
      Credentials c = sts.assumeRole(request.build()).credentials();
      return new TemporaryCredentials(
          c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), c.expiration());
    } catch (SdkException e) {
      throw SdkFailures.of(e, "assuming " + roleArn + " for profile " + profileName);
    }
  }

  private static Integer seconds(String profileName, String value) {
    try {
      return Integer.valueOf(value.trim());
    } catch (NumberFormatException e) {
      throw ClientException.of(
          Kind.CONFIGURATION,
          "profile " + profileName + ": duration_seconds is not a number of seconds",
          e);
    }
  }

  private static Region region(Map<String, String> environment, Profile profile) {
    // The SDK's region chain would ask the instance metadata service last: never from a build.
    return Optional.ofNullable(environment.get("AWS_REGION"))
        .or(() -> Optional.ofNullable(environment.get("AWS_DEFAULT_REGION")))
        .or(() -> profile.property(ProfileProperty.REGION))
        .map(Region::of)
        .orElse(Region.US_EAST_1);
  }

  private static ProfileFile profileFile(Map<String, String> environment) {
    Path home = Path.of(environment.getOrDefault("HOME", System.getProperty("user.home")));
    Path config =
        Optional.ofNullable(environment.get("AWS_CONFIG_FILE"))
            .map(Path::of)
            .orElse(home.resolve(".aws/config"));
    Path credentials =
        Optional.ofNullable(environment.get("AWS_SHARED_CREDENTIALS_FILE"))
            .map(Path::of)
            .orElse(home.resolve(".aws/credentials"));
    ProfileFile.Aggregator files = ProfileFile.aggregator();
    if (Files.isRegularFile(credentials)) {
      files.addFile(
          ProfileFile.builder().content(credentials).type(ProfileFile.Type.CREDENTIALS).build());
    }
    if (Files.isRegularFile(config)) {
      files.addFile(
          ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build());
    }
    return files.build();
  }
}
