package dev.crossrole.client.internal;

import dev.crossrole.client.ClientException;
import dev.crossrole.client.ClientException.Kind;
import dev.crossrole.client.StsConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves a {@link StsConnection} to a {@link Target} the way the AWS SDKs do, without loading
 * them. The endpoint: {@code --endpoint-url}, then (unless {@code
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS} or the profile's {@code ignore_configured_endpoint_urls})
 * {@code AWS_ENDPOINT_URL_STS}, {@code AWS_ENDPOINT_URL}, the {@code sts} part of the profile's
 * {@code services} section, the profile's {@code endpoint_url}; else AWS's regional endpoint. The
 * region: {@code --region}, {@code AWS_REGION}, {@code AWS_DEFAULT_REGION}, the profile's, else
 * us-east-1. The profile: {@code --source-profile}, {@code AWS_PROFILE}, else {@code default}.
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

  /** The target of {@code connection}. */
  public static Target resolve(StsConnection connection) {
    Map<String, String> env = connection.environment();
    AwsProfiles files = AwsProfiles.read(env, connection.home());
    String profileName =
        connection.sourceProfile().or(() -> nonBlank(env.get("AWS_PROFILE"))).orElse("default");
    Optional<Map<String, String>> profile = files.profile(profileName);
    if (connection.sourceProfile().isPresent() && profile.isEmpty()) {
      throw ClientException.of(
          Kind.CONFIGURATION,
          "no profile "
              + profileName
              + " in "
              + AwsProfiles.configFile(env, connection.home())
              + " or "
              + AwsProfiles.credentialsFile(env, connection.home()));
    }
    Map<String, String> properties = profile.orElse(Map.of());
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
            .or(() -> configuredEndpoint(env, files, properties))
            .map(Resolver::checkedEndpoint)
            .orElseGet(() -> defaultEndpoint(region));
    return new Target(endpoint, region, profileName, source(connection, env, properties));
  }

  private static Optional<String> configuredEndpoint(
      Map<String, String> env, AwsProfiles files, Map<String, String> profile) {
    if (isTrue(env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"))
        || isTrue(profile.get("ignore_configured_endpoint_urls"))) {
      return Optional.empty();
    }
    return nonBlank(env.get("AWS_ENDPOINT_URL_STS"))
        .or(() -> nonBlank(env.get("AWS_ENDPOINT_URL")))
        .or(
            () ->
                nonBlank(profile.get("services"))
                    .flatMap(files::services)
                    .flatMap(s -> nonBlank(s.get("sts.endpoint_url"))))
        .or(() -> nonBlank(profile.get("endpoint_url")));
  }

  /** AWS's own regional STS endpoint, as the SDK resolves it for {@code region}. */
  static String defaultEndpoint(String region) {
    String domain = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
    return "https://sts." + region + "." + domain;
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
      StsConnection connection, Map<String, String> env, Map<String, String> profile) {
    if (connection.sourceProfile().isPresent()) {
      return profileKeys(profile).orElse(new Target.SdkProfile());
    }
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
