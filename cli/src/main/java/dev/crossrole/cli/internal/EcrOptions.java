package dev.crossrole.cli.internal;

import dev.crossrole.client.EcrSettings;
import java.net.URI;
import picocli.CommandLine.Option;

/**
 * How the registry commands reach ECR: {@code --profile}, {@code --endpoint-url}, {@code --region}.
 */
public final class EcrOptions {
  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description =
          "The profile whose credentials ask for the token; one with role_arn assumes its role."
              + " Default: AWS_PROFILE, else the SDK's credential chain.")
  String profile;

  @Option(
      names = "--endpoint-url",
      paramLabel = "URL",
      description =
          "ECR's endpoint (crossrole's URL). Default: AWS_ENDPOINT_URL_ECR, AWS_ENDPOINT_URL, the"
              + " profile's endpoint_url, else AWS's.")
  URI endpointUrl;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description = "The region. Default: AWS_REGION, AWS_DEFAULT_REGION or the profile's.")
  String region;

  /** The settings these options give, the SDK's defaults for those left out. */
  public EcrSettings settings() {
    EcrSettings settings = EcrSettings.defaults();
    if (profile != null) {
      settings = settings.withProfile(profile);
    }
    if (endpointUrl != null) {
      settings = settings.withEndpoint(endpointUrl);
    }
    if (region != null) {
      settings = settings.withRegion(region);
    }
    return settings;
  }
}
