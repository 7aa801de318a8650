package dev.crossrole.cli.internal;

import dev.crossrole.client.ControlSettings;
import java.net.URI;
import picocli.CommandLine.Option;

/**
 * How the control commands reach IAM and as whom: {@code --profile}, {@code --endpoint-url}, {@code
 * --region}, {@code --account}.
 */
public final class ControlOptions {
  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description =
          "The profile whose credentials make the change (an admin of the role's account)."
              + " Default: AWS_PROFILE, else the SDK's credential chain.")
  String profile;

  @Option(
      names = "--endpoint-url",
      paramLabel = "URL",
      description =
          "IAM's endpoint (crossrole's URL). Default: AWS_ENDPOINT_URL_IAM, AWS_ENDPOINT_URL, the"
              + " profile's endpoint_url, else AWS's.")
  URI endpointUrl;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description =
          "The region to sign for. Default: us-east-1, where IAM signs (AWS's global IAM).")
  String region;

  @Option(
      names = "--account",
      paramLabel = "ACCOUNT",
      description =
          "The account the role is in: the credentials must be of this account (checked with STS"
              + " GetCallerIdentity before any change), else nothing is changed.")
  String account;

  /** The settings these options give, the SDK's defaults for those left out. */
  public ControlSettings settings() {
    ControlSettings settings = ControlSettings.defaults();
    if (profile != null) {
      settings = settings.withProfile(profile);
    }
    if (endpointUrl != null) {
      settings = settings.withEndpoint(endpointUrl);
    }
    if (region != null) {
      settings = settings.withRegion(region);
    }
    if (account != null) {
      settings = settings.withAccount(account);
    }
    return settings;
  }
}
