package dev.crossrole.cli.internal;

import dev.crossrole.client.ControlSettings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How the control commands reach IAM and as whom: the client commands' {@code --profile}, {@code
 * --source-profile}, {@code --endpoint-url} and {@code --region}, and {@code --account}.
 */
public final class ControlOptions {
  @Mixin ClientOptions client;

  @Option(
      names = "--account",
      paramLabel = "ACCOUNT",
      description =
          "The account the role is in: the credentials must be of this account (checked with STS"
              + " GetCallerIdentity before any change), else nothing is changed.")
  String account;

  /** The settings these options give, the SDK's usual environment for those left out. */
  public ControlSettings settings() {
    ControlSettings settings =
        ControlSettings.of(client.connection(UserEnvironment.variables(), UserEnvironment.home()));
    return account == null ? settings : settings.withAccount(account);
  }
}
