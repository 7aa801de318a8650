package dev.crossrole.cli.internal;

import dev.crossrole.client.AwsConnection;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options every client command shares, with one meaning: {@code --profile}, {@code
 * --source-profile}, {@code --endpoint-url}, {@code --region}, {@code --ca-bundle}. What they leave
 * out comes from the SDK's usual environment ({@code AWS_PROFILE}, {@code
 * AWS_ENDPOINT_URL_<SERVICE>}, {@code AWS_ENDPOINT_URL}, {@code AWS_REGION}, {@code AWS_CA_BUNDLE},
 * the profile files).
 */
public final class ClientOptions {
  @Option(
      names = "--profile",
      paramLabel = "P",
      description =
          "The profile to act as (default AWS_PROFILE): its region and endpoint_url apply, and a"
              + " profile with role_arn and source_profile assumes its role at that endpoint."
              + " Without --role-arn, assume and exec hand out that role's credentials.")
  String profile;

  @Option(
      names = "--source-profile",
      paramLabel = "P",
      description =
          "The profile whose keys sign, instead of the SDK's default chain or the profile's"
              + " source_profile; without --profile, its region and endpoint_url apply.")
  String sourceProfile;

  @Option(
      names = "--endpoint-url",
      paramLabel = "URL",
      description =
          "The endpoint (crossrole's URL), over AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL and"
              + " the profile's. For ecr and docker-credential it is ECR's: a role is still"
              + " assumed where its profile says.")
  String endpointUrl;

  @Option(
      names = "--region",
      paramLabel = "R",
      description =
          "The region, over AWS_REGION, AWS_DEFAULT_REGION and the profile's (else us-east-1).")
  String region;

  @Option(
      names = "--ca-bundle",
      paramLabel = "FILE",
      description =
          "A PEM file of the certificate authorities to trust instead of the JVM's (crossrole"
              + " server --tls self-signed's DIR/ca.pem), over AWS_CA_BUNDLE and the profile's"
              + " ca_bundle.")
  Path caBundle;

  /** The connection these options give in {@code environment} and {@code home}. */
  public AwsConnection connection(Map<String, String> environment, Path home) {
    AwsConnection.Builder connection = AwsConnection.builder(environment, home);
    Optional.ofNullable(profile).ifPresent(connection::profile);
    Optional.ofNullable(sourceProfile).ifPresent(connection::sourceProfile);
    Optional.ofNullable(endpointUrl).ifPresent(connection::endpointUrl);
    Optional.ofNullable(region).ifPresent(connection::region);
    Optional.ofNullable(caBundle).ifPresent(connection::caBundle);
    return connection.build();
  }

  /** Whether a profile is named, by {@code --profile} or {@code AWS_PROFILE}. */
  public boolean namesProfile(Map<String, String> environment) {
    return profile != null || !environment.getOrDefault("AWS_PROFILE", "").isBlank();
  }

  /** {@code --endpoint-url}, when given. */
  public Optional<String> endpointUrl() {
    return Optional.ofNullable(endpointUrl);
  }

  /** {@code --region}, when given. */
  public Optional<String> region() {
    return Optional.ofNullable(region);
  }
}
