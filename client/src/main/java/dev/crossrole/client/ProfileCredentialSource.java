package dev.crossrole.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Temporary credentials of a way-2 profile: one whose {@code role_arn}, {@code source_profile} and
 * {@code external_id} tell the SDKs to assume a role with the source profile's keys. The role is
 * assumed by {@link RoleAssumer} at the endpoint the SDKs would use for that profile ({@code
 * AWS_ENDPOINT_URL_STS}, {@code AWS_ENDPOINT_URL}, the profile's {@code endpoint_url}) unless an
 * endpoint is given, cached as {@link Builder#caching} says, and assumed again inside the refresh
 * window before the session expires.
 *
 * <p>A profile without {@code role_arn} is refused: its long-term keys are what a build must not be
 * handed.
 */
public final class ProfileCredentialSource implements CredentialSource {
  /**
   * How long before expiry the credentials are renewed by default: more than the 15 minutes before
   * expiry at which the SDKs ask a container endpoint again, so that they get a fresh session
   * rather than the same one on every call.
   */
  public static final Duration DEFAULT_REFRESH_WINDOW = Duration.ofMinutes(20);

  private final AwsConnection connection;
  private final CredentialSource refreshing;

  private ProfileCredentialSource(AwsConnection connection, CredentialSource refreshing) {
    this.connection = connection;
    this.refreshing = refreshing;
  }

  @Override
  public TemporaryCredentials credentials() {
    return refreshing.credentials();
  }

  /** The profile's {@code region}, which a command run with its credentials should use too. */
  public Optional<String> region() {
    return connection.profileSetting("region");
  }

  /**
   * The profile's {@code endpoint_url}, which a command run with its credentials should use too.
   */
  public Optional<String> endpointUrl() {
    return connection.profileSetting("endpoint_url");
  }

  /** A builder for the profile {@code profileName}. */
  public static Builder builder(String profileName) {
    return new Builder(profileName);
  }

  /** The profile, where its files are, and how the credentials are cached and renewed. */
  public static final class Builder {
    private final String profileName;
    private Map<String, String> environment = System.getenv();
    private URI endpoint;
    private String sourceProfile;
    private Path caBundle;
    private Clock clock = Clock.systemUTC();
    private Caching caching = Caching.off(DEFAULT_REFRESH_WINDOW);

    private Builder(String profileName) {
      this.profileName = Objects.requireNonNull(profileName, "profileName");
    }

    /**
     * The environment to read {@code AWS_CONFIG_FILE}, {@code AWS_SHARED_CREDENTIALS_FILE}, {@code
     * AWS_REGION}, {@code AWS_DEFAULT_REGION}, {@code AWS_CA_BUNDLE} and {@code HOME} from; the
     * process's by default.
     */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(environment);
      return this;
    }

    /** The STS endpoint, overriding the environment's and the profile's. */
    public Builder endpoint(URI endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    /** The profile whose credentials sign, instead of the profile's {@code source_profile}. */
    public Builder sourceProfile(String sourceProfile) {
      this.sourceProfile = Objects.requireNonNull(sourceProfile, "sourceProfile");
      return this;
    }

    /**
     * The CA bundle whose authorities alone the STS calls trust, over {@code AWS_CA_BUNDLE} and the
     * profile's {@code ca_bundle}.
     */
    public Builder caBundle(Path caBundle) {
      this.caBundle = Objects.requireNonNull(caBundle, "caBundle");
      return this;
    }

    /** The clock that decides when the credentials are near their expiry. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Whether the credentials are kept on disk, and the refresh window; by default not kept,
     * renewed {@link #DEFAULT_REFRESH_WINDOW} before expiry.
     */
    public Builder caching(Caching caching) {
      this.caching = Objects.requireNonNull(caching, "caching");
      return this;
    }

    /**
     * Reads the profile and answers its source; the role is first assumed on the first call.
     *
     * @throws ClientException of kind CONFIGURATION when the profile is unknown or names no role
     */
    public ProfileCredentialSource build() {
      AwsConnection.Builder connection =
          AwsConnection.builder(environment, AwsConnection.home(environment)).profile(profileName);
      Optional.ofNullable(endpoint).map(URI::toString).ifPresent(connection::endpointUrl);
      Optional.ofNullable(sourceProfile).ifPresent(connection::sourceProfile);
      Optional.ofNullable(caBundle).ifPresent(connection::caBundle);
      AwsConnection built = connection.build();
      RoleAssumer assumer = RoleAssumer.create(built, caching, clock);
      return new ProfileCredentialSource(built, assumer.profileSource(assumer.profileRole()));
    }
  }
}
