package dev.crossrole.client;

import dev.crossrole.client.internal.AwsProfileFiles;
import dev.crossrole.client.internal.Resolver;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What decides where a service (STS, ECR) is and whose credentials sign the call: the command
 * line's explicit choices and the environment the AWS SDKs read ({@code AWS_PROFILE}, {@code
 * AWS_REGION}, {@code AWS_ENDPOINT_URL_STS}, {@code AWS_ENDPOINT_URL_ECR}, {@code
 * AWS_ENDPOINT_URL}, {@code AWS_CONFIG_FILE}, {@code AWS_SHARED_CREDENTIALS_FILE}, {@code
 * AWS_ACCESS_KEY_ID}, …) with the home directory that {@code ~/.aws} is under. The environment is a
 * value here, so tests and embedders choose it.
 *
 * <p>The profile ({@code --profile}, else {@code --source-profile}, else {@code AWS_PROFILE}, else
 * {@code default}) is the one acted as: its region and endpoint apply, and its credentials sign —
 * for a profile with {@code role_arn} and {@code source_profile}, its role's, assumed at its own
 * endpoint. The source profile ({@code --source-profile}) names whose credentials sign instead: for
 * a role profile it replaces the profile's {@code source_profile}.
 *
 * <p>HTTPS calls trust the certificate authorities of a CA bundle as the AWS CLI reads it ({@code
 * --ca-bundle}, else {@code AWS_CA_BUNDLE}, else the {@code ca_bundle} of the profile acted as),
 * for every call made for the connection, a role profile's AssumeRole included; without one, the
 * JVM's default authorities.
 */
public record AwsConnection(
    Optional<String> endpointUrl,
    Optional<String> region,
    Optional<String> profile,
    Optional<String> sourceProfile,
    Optional<Path> caBundle,
    Map<String, String> environment,
    Path home) {
  public AwsConnection {
    Objects.requireNonNull(endpointUrl, "endpointUrl");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(sourceProfile, "sourceProfile");
    Objects.requireNonNull(caBundle, "caBundle");
    environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
    Objects.requireNonNull(home, "home");
  }

  /** A connection read from this process's environment and home directory. */
  public static Builder fromProcess() {
    return builder(System.getenv(), home(System.getenv()));
  }

  /**
   * The home directory as the AWS SDKs find it: {@code HOME}, else {@code USERPROFILE}, else the
   * JVM's {@code user.home} (which ignores {@code HOME}).
   */
  public static Path home(Map<String, String> environment) {
    for (String variable : new String[] {"HOME", "USERPROFILE"}) {
      String value = environment.get(variable);
      if (value != null && !value.isBlank()) {
        return Path.of(value);
      }
    }
    return Path.of(System.getProperty("user.home"));
  }

  /** A connection read from {@code environment} and {@code home}. */
  public static Builder builder(Map<String, String> environment, Path home) {
    return new Builder(environment, home);
  }

  /** The profile acted as: {@code profile}, else the source profile, else {@code AWS_PROFILE}. */
  public String profileName() {
    return profile
        .or(() -> sourceProfile)
        .or(() -> Optional.ofNullable(environment.get("AWS_PROFILE")).filter(p -> !p.isBlank()))
        .map(String::strip)
        .orElse("default");
  }

  /**
   * A setting of the profile acted as ({@code region}, {@code endpoint_url}…), as its files hold
   * it; empty when the profile or the setting is missing.
   */
  public Optional<String> profileSetting(String key) {
    return AwsProfileFiles.read(environment, home)
        .profile(profileName())
        .flatMap(p -> Optional.ofNullable(p.get(key)))
        .filter(v -> !v.isBlank());
  }

  /**
   * The CA bundle whose authorities the connection's HTTPS calls trust: {@code --ca-bundle}, else
   * {@code AWS_CA_BUNDLE}, else the {@code ca_bundle} of the profile acted as; empty when none is
   * named and the JVM's default authorities are trusted. The file is read when a call is made.
   */
  public Optional<Path> effectiveCaBundle() {
    return Resolver.trust(this).bundle();
  }

  /** This connection with another region ({@code --region}). */
  public AwsConnection withRegion(String name) {
    return new AwsConnection(
        endpointUrl, Optional.of(name), profile, sourceProfile, caBundle, environment, home);
  }

  /** This connection without its explicit endpoint: the configured one applies. */
  public AwsConnection withoutEndpointUrl() {
    return new AwsConnection(
        Optional.empty(), region, profile, sourceProfile, caBundle, environment, home);
  }

  /** This connection acting as {@code name}, with its own source (for a role's source profile). */
  public AwsConnection actingAs(String name) {
    return new AwsConnection(
        endpointUrl, region, Optional.of(name), Optional.empty(), caBundle, environment, home);
  }

  @Override
  public String toString() {
    // The environment may hold the source's secret key: never print it.
    return "AwsConnection[endpointUrl="
        + endpointUrl
        + ", region="
        + region
        + ", profile="
        + profile
        + ", sourceProfile="
        + sourceProfile
        + ", caBundle="
        + caBundle
        + "]";
  }

  /** Builds an {@link AwsConnection}; everything not set comes from the environment. */
  public static final class Builder {
    private final Map<String, String> environment;
    private final Path home;
    private String endpointUrl;
    private String region;
    private String profile;
    private String sourceProfile;
    private Path caBundle;

    private Builder(Map<String, String> environment, Path home) {
      this.environment = Objects.requireNonNull(environment, "environment");
      this.home = Objects.requireNonNull(home, "home");
    }

    /** The endpoint, over every configured one ({@code --endpoint-url}). */
    public Builder endpointUrl(String endpointUrl) {
      this.endpointUrl = Objects.requireNonNull(endpointUrl, "endpointUrl");
      return this;
    }

    /** The region, over the environment's and the profile's ({@code --region}). */
    public Builder region(String region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /** The profile acted as, over {@code AWS_PROFILE} ({@code --profile}). */
    public Builder profile(String profile) {
      this.profile = Objects.requireNonNull(profile, "profile");
      return this;
    }

    /**
     * The profile whose credentials sign the call instead of the SDK's default chain or the role
     * profile's {@code source_profile}; without {@link #profile}, also the profile whose region and
     * endpoint apply ({@code --source-profile}).
     */
    public Builder sourceProfile(String sourceProfile) {
      this.sourceProfile = Objects.requireNonNull(sourceProfile, "sourceProfile");
      return this;
    }

    /**
     * The CA bundle (PEM, one or more certificates) whose authorities alone HTTPS calls trust, over
     * {@code AWS_CA_BUNDLE} and the profile's {@code ca_bundle} ({@code --ca-bundle}).
     */
    public Builder caBundle(Path caBundle) {
      this.caBundle = Objects.requireNonNull(caBundle, "caBundle");
      return this;
    }

    public AwsConnection build() {
      return new AwsConnection(
          Optional.ofNullable(endpointUrl),
          Optional.ofNullable(region),
          Optional.ofNullable(profile),
          Optional.ofNullable(sourceProfile),
          Optional.ofNullable(caBundle),
          environment,
          home);
    }
  }
}
