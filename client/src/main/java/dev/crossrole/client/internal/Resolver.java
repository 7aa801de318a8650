package dev.crossrole.client.internal;

import dev.crossrole.client.AssumeRequest;
import dev.crossrole.client.AwsConnection;
import dev.crossrole.client.ClientException;
import dev.crossrole.client.ClientException.Kind;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves an {@link AwsConnection} to a {@link Target} for one service the way the AWS SDKs do,
 * without loading them. The endpoint: {@code --endpoint-url}, then (unless {@code
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS} or the profile's {@code ignore_configured_endpoint_urls})
 * {@code AWS_ENDPOINT_URL_<SERVICE>}, {@code AWS_ENDPOINT_URL}, the service's part of the profile's
 * {@code services} section, the profile's {@code endpoint_url}; else AWS's regional endpoint. The
 * region: {@code --region}, {@code AWS_REGION}, {@code AWS_DEFAULT_REGION}, the profile's, else
 * us-east-1. The profile: {@link AwsConnection#profileName()}.
 *
 * <p>The source: an explicit source profile's credentials (for a role profile, signing its role);
 * else a role profile's role with its {@code source_profile}; else, for an explicit profile, its
 * keys or what the SDK makes of it; else, as the SDK's default chain orders them, the environment's
 * keys, web identity (the SDK's), the profile's keys, the rest of the SDK's chain.
 *
 * <p>The trust ({@link #trust}): {@code --ca-bundle}, {@code AWS_CA_BUNDLE}, the profile's {@code
 * ca_bundle}, else the JVM's default authorities.
 */
public final class Resolver {
  /** The region when nothing names one: STS answers everywhere, us-east-1 is AWS's first. */
  public static final String DEFAULT_REGION = "us-east-1";

  /** Profile properties that only the SDK can turn into credentials. */
  private static final Set<String> SDK_ONLY =
      Set.of(
          "role_arn",
          "credential_process",
          "sso_session",
          "sso_start_url",
          "web_identity_token_file",
          "login_session");

  private Resolver() {}

  /** The STS target of {@code connection}. */
  public static Target resolve(AwsConnection connection) {
    return resolve(connection, Service.STS);
  }

  /** The target of {@code connection} for {@code service}. */
  public static Target resolve(AwsConnection connection, Service service) {
    Map<String, String> env = connection.environment();
    AwsProfileFiles files = AwsProfileFiles.read(env, connection.home());
    String profileName = connection.profileName();
    boolean explicit = connection.profile().isPresent() || connection.sourceProfile().isPresent();
    Map<String, String> properties =
        explicit
            ? existing(connection, files, profileName)
            : files.profile(profileName).orElse(Map.of());
    connection
        .sourceProfile()
        .filter(s -> !s.equals(profileName))
        .ifPresent(s -> existing(connection, files, s));
    String region =
        connection
            .region()
            .or(() -> nonBlank(env.get("AWS_REGION")))
            .or(() -> nonBlank(env.get("AWS_DEFAULT_REGION")))
            .or(() -> nonBlank(properties.get("region")))
            .orElse(DEFAULT_REGION);
    String endpoint =
        connection
            .endpointUrl()
            .or(() -> configuredEndpoint(env, files, properties, service))
            .map(Resolver::checkedEndpoint)
            .orElseGet(() -> service.defaultEndpoint(region));
    return new Target(
        endpoint, region, profileName, source(connection, explicit, profileName, properties));
  }

  /**
   * The certificate authorities {@code connection}'s HTTPS calls trust, chosen as the AWS CLI
   * chooses them: {@code --ca-bundle}, else {@code AWS_CA_BUNDLE}, else the {@code ca_bundle} of
   * the profile acted as — for every call, a role profile's AssumeRole and its sources' included —,
   * else the JVM's default ones. Names the bundle only; {@link CaBundle} reads it.
   */
  public static Trust trust(AwsConnection connection) {
    if (connection.caBundle().isPresent()) {
      return new Trust.Bundle(connection.caBundle().get(), "--ca-bundle");
    }
    Optional<String> variable = nonBlank(connection.environment().get("AWS_CA_BUNDLE"));
    if (variable.isPresent()) {
      return bundle(variable.get(), "AWS_CA_BUNDLE");
    }
    String profile = connection.profileName();
    return AwsProfileFiles.read(connection.environment(), connection.home())
        .profile(profile)
        .flatMap(p -> nonBlank(p.get("ca_bundle")))
        .<Trust>map(file -> bundle(file, "ca_bundle of profile " + profile))
        .orElseGet(Trust.JvmDefault::new);
  }

  private static Trust.Bundle bundle(String file, String origin) {
    try {
      return new Trust.Bundle(Path.of(file), origin);
    } catch (InvalidPathException e) {
      throw ClientException.of(
          Kind.CONFIGURATION, "the CA bundle named by " + origin + " is not a file name", e);
    }
  }

  private static Map<String, String> existing(
      AwsConnection connection, AwsProfileFiles files, String name) {
    return files
        .profile(name)
        .orElseThrow(
            () ->
                ClientException.of(
                    Kind.CONFIGURATION,
                    "no profile "
                        + name
                        + " in "
                        + AwsProfileFiles.configFile(connection.environment(), connection.home())
                        + " or "
                        + AwsProfileFiles.credentialsFile(
                            connection.environment(), connection.home())));
  }

  private static Optional<String> configuredEndpoint(
      Map<String, String> env,
      AwsProfileFiles files,
      Map<String, String> profile,
      Service service) {
    if (isTrue(env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"))
        || isTrue(profile.get("ignore_configured_endpoint_urls"))) {
      return Optional.empty();
    }
    return nonBlank(env.get(service.variable()))
        .or(() -> nonBlank(env.get("AWS_ENDPOINT_URL")))
        .or(
            () ->
                nonBlank(profile.get("services"))
                    .flatMap(files::services)
                    .flatMap(s -> nonBlank(s.get(service.key() + ".endpoint_url"))))
        .or(() -> nonBlank(profile.get("endpoint_url")));
  }

  private static String checkedEndpoint(String endpoint) {
    try {
      URI uri = new URI(endpoint.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw badEndpoint(endpoint, null);
      }
      String text = uri.toString();
      return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    } catch (URISyntaxException e) {
      throw badEndpoint(endpoint, e);
    }
  }

  private static ClientException badEndpoint(String endpoint, Throwable cause) {
    return ClientException.of(
        Kind.CONFIGURATION,
        "the endpoint '" + endpoint + "' is not an http:// or https:// URL with a host",
        cause);
  }

  private static Target.Source source(
      AwsConnection connection, boolean explicit, String profileName, Map<String, String> profile) {
    Optional<String> signer = connection.sourceProfile().filter(s -> !s.equals(profileName));
    Optional<Target.RoleProfile> role = role(profileName, profile, signer);
    if (role.isPresent()) {
      return role.get();
    }
    if (signer.isPresent()) {
      // The profile acted as has no role of its own: the source profile's credentials sign.
      return Resolver.resolve(connection.actingAs(signer.get())).source();
    }
    if (explicit) {
      return profileKeys(profile).orElse(new Target.SdkProfile());
    }
    Map<String, String> env = connection.environment();
    Optional<String> id = nonBlank(env.get("AWS_ACCESS_KEY_ID"));
    Optional<String> secret = nonBlank(env.get("AWS_SECRET_ACCESS_KEY"));
    if (id.isPresent() && secret.isPresent()) {
      return new Target.StaticKeys(id.get(), secret.get(), nonBlank(env.get("AWS_SESSION_TOKEN")));
    }
    if (nonBlank(env.get("AWS_WEB_IDENTITY_TOKEN_FILE")).isPresent()) {
      return new Target.SdkDefaultChain();
    }
    return profileKeys(profile).orElse(new Target.SdkDefaultChain());
  }

  /**
   * The profile's own role when it names one and where its source credentials are: {@code signer},
   * else its {@code source_profile} (a {@code credential_source} is the SDK's to read).
   */
  private static Optional<Target.RoleProfile> role(
      String name, Map<String, String> profile, Optional<String> signer) {
    Optional<String> roleArn = nonBlank(profile.get("role_arn"));
    Optional<String> source = signer.or(() -> nonBlank(profile.get("source_profile")));
    if (roleArn.isEmpty() || source.isEmpty()) {
      return Optional.empty();
    }
    AssumeRequest.Builder request = AssumeRequest.builder(roleArn.get());
    nonBlank(profile.get("external_id")).ifPresent(request::externalId);
    nonBlank(profile.get("role_session_name")).ifPresent(request::sessionName);
    nonBlank(profile.get("duration_seconds"))
        .ifPresent(seconds -> request.duration(seconds(name, seconds)));
    return Optional.of(new Target.RoleProfile(request.build(), source.get()));
  }

  private static Duration seconds(String profile, String value) {
    try {
      return Duration.ofSeconds(Long.parseLong(value));
    } catch (NumberFormatException e) {
      throw ClientException.of(
          Kind.CONFIGURATION,
          "profile " + profile + ": duration_seconds is not a number of seconds",
          e);
    }
  }

  private static Optional<Target.Source> profileKeys(Map<String, String> profile) {
    if (SDK_ONLY.stream().anyMatch(profile::containsKey)) {
      return Optional.empty();
    }
    Optional<String> id = nonBlank(profile.get("aws_access_key_id"));
    Optional<String> secret = nonBlank(profile.get("aws_secret_access_key"));
    if (id.isEmpty() || secret.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Target.StaticKeys(id.get(), secret.get(), nonBlank(profile.get("aws_session_token"))));
  }

  private static boolean isTrue(String value) {
    return value != null && value.strip().equalsIgnoreCase("true");
  }

  private static Optional<String> nonBlank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }
}
