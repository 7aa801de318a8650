package dev.crossrole.client;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A way-2 profile: {@code profile} assumes {@code roleArn} with {@code externalId}, using the keys
 * of {@code sourceProfile}, against {@code endpointUrl} (AWS's own when empty) in {@code region},
 * trusting the authorities of {@code caBundle} (an absolute path; the JVM's or the system's when
 * empty). With {@code sourceKeys} the source profile is (re)written with them; without, it must
 * exist.
 */
public record ProfileSetup(
    String profile,
    String roleArn,
    String externalId,
    String sourceProfile,
    Optional<String> region,
    Optional<String> endpointUrl,
    Optional<Path> caBundle,
    Optional<SourceKeys> sourceKeys) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.+@=,-]+");

  public ProfileSetup {
    requireName(profile, "profile");
    requireName(sourceProfile, "source profile");
    requireValue(roleArn, "role ARN");
    requireValue(externalId, "external id");
    Objects.requireNonNull(region, "region").ifPresent(r -> requireValue(r, "region"));
    Objects.requireNonNull(endpointUrl, "endpointUrl").ifPresent(u -> requireValue(u, "endpoint"));
    // A relative path would mean another file from another working directory.
    caBundle =
        Objects.requireNonNull(caBundle, "caBundle").map(p -> p.toAbsolutePath().normalize());
    caBundle.ifPresent(p -> requireValue(p.toString(), "CA bundle path"));
    Objects.requireNonNull(sourceKeys, "sourceKeys");
    if (profile.equals(sourceProfile)) {
      throw ClientException.of(
          ClientException.Kind.CONFIGURATION,
          "the profile and its source profile must differ: '" + profile + "' would assume itself");
    }
  }

  /** The source profile's name when none is given: the profile's, with {@code -source}. */
  public static String defaultSourceProfile(String profile) {
    return profile + "-source";
  }

  /** A builder for the profile {@code profile}. */
  public static Builder builder(String profile, String roleArn, String externalId) {
    return new Builder(profile, roleArn, externalId);
  }

  private static void requireName(String name, String what) {
    Objects.requireNonNull(name, what);
    if (!NAME.matcher(name).matches()) {
      throw ClientException.of(
          ClientException.Kind.CONFIGURATION,
          "invalid " + what + " name '" + name + "': letters, digits and _.+@=,- only");
    }
  }

  /** A value on one line of an INI file: not empty, no line break, no leading or trailing space. */
  private static void requireValue(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isEmpty()
        || !value.strip().equals(value)
        || value.contains("\n")
        || value.contains("\r")) {
      throw ClientException.of(
          ClientException.Kind.CONFIGURATION, "invalid " + what + ": one line, no outer spaces");
    }
  }

  /** Builds a {@link ProfileSetup}; the source profile defaults to the profile's name + -source. */
  public static final class Builder {
    private final String profile;
    private final String roleArn;
    private final String externalId;
    private String sourceProfile;
    private Optional<String> region = Optional.empty();
    private Optional<String> endpointUrl = Optional.empty();
    private Optional<Path> caBundle = Optional.empty();
    private Optional<SourceKeys> sourceKeys = Optional.empty();

    private Builder(String profile, String roleArn, String externalId) {
      this.profile = profile;
      this.roleArn = roleArn;
      this.externalId = externalId;
      this.sourceProfile = defaultSourceProfile(profile);
    }

    public Builder sourceProfile(String name) {
      this.sourceProfile = Objects.requireNonNull(name, "sourceProfile");
      return this;
    }

    public Builder region(String region) {
      this.region = Optional.of(region);
      return this;
    }

    public Builder endpointUrl(String url) {
      this.endpointUrl = Optional.of(url);
      return this;
    }

    /** The CA bundle the profile's calls trust ({@code ca_bundle}), made absolute. */
    public Builder caBundle(Path file) {
      this.caBundle = Optional.of(file);
      return this;
    }

    public Builder sourceKeys(SourceKeys keys) {
      this.sourceKeys = Optional.of(keys);
      return this;
    }

    public ProfileSetup build() {
      return new ProfileSetup(
          profile, roleArn, externalId, sourceProfile, region, endpointUrl, caBundle, sourceKeys);
    }
  }
}
