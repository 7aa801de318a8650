package dev.crossrole.client;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What decides where STS is and whose keys sign the call: the command line's explicit choices and
 * the environment the AWS SDKs read ({@code AWS_PROFILE}, {@code AWS_REGION}, {@code
 * AWS_ENDPOINT_URL_STS}, {@code AWS_ENDPOINT_URL}, {@code AWS_CONFIG_FILE}, {@code
 * AWS_SHARED_CREDENTIALS_FILE}, {@code AWS_ACCESS_KEY_ID}, …) with the home directory that {@code
 * ~/.aws} is under. The environment is a value here, so tests and embedders choose it.
 */
public record StsConnection(
    Optional<String> endpointUrl,
    Optional<String> region,
    Optional<String> sourceProfile,
    Map<String, String> environment,
    Path home) {
  public StsConnection {
    Objects.requireNonNull(endpointUrl, "endpointUrl");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(sourceProfile, "sourceProfile");
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

  @Override
  public String toString() {
    // The environment may hold the source's secret key: never print it.
    return "StsConnection[endpointUrl="
        + endpointUrl
        + ", region="
        + region
        + ", sourceProfile="
        + sourceProfile
        + "]";
  }

  /** Builds a {@link StsConnection}; everything not set comes from the environment. */
  public static final class Builder {
    private final Map<String, String> environment;
    private final Path home;
    private String endpointUrl;
    private String region;
    private String sourceProfile;

    private Builder(Map<String, String> environment, Path home) {
      this.environment = Objects.requireNonNull(environment, "environment");
      this.home = Objects.requireNonNull(home, "home");
    }

    /** The STS endpoint, over every configured one ({@code --endpoint-url}). */
    public Builder endpointUrl(String endpointUrl) {
      this.endpointUrl = Objects.requireNonNull(endpointUrl, "endpointUrl");
      return this;
    }

    /** The region, over the environment's and the profile's ({@code --region}). */
    public Builder region(String region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /**
     * The profile whose credentials sign the call and whose configuration is read, instead of the
     * SDK's default chain ({@code --source-profile}).
     */
    public Builder sourceProfile(String sourceProfile) {
      this.sourceProfile = Objects.requireNonNull(sourceProfile, "sourceProfile");
      return this;
    }

    public StsConnection build() {
      return new StsConnection(
          Optional.ofNullable(endpointUrl),
          Optional.ofNullable(region),
          Optional.ofNullable(sourceProfile),
          environment,
          home);
    }
  }
}
