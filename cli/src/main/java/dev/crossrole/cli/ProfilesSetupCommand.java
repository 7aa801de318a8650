package dev.crossrole.cli;

import dev.crossrole.cli.internal.ClientExit;
import dev.crossrole.cli.internal.UserEnvironment;
import dev.crossrole.client.AwsProfiles;
import dev.crossrole.client.ClientException;
import dev.crossrole.client.ProfileSetup;
import dev.crossrole.client.SourceKeys;
import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code crossrole profiles setup}: the way-2 profile in {@code ~/.aws/config} and its source
 * profile's keys in {@code ~/.aws/credentials}, as an edit that keeps everything else and changes
 * nothing when run again.
 */
@Command(
    name = "setup",
    mixinStandardHelpOptions = true,
    versionProvider = CrossroleCommand.VersionProvider.class,
    description = {
      "Writes a profile that assumes --role-arn with --external-id into the AWS config file"
          + " (AWS_CONFIG_FILE, else ~/.aws/config), and its source profile's keys into the"
          + " credentials file (AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials).",
      "Only the keys it owns change; other profiles, comments and settings are kept, and running it"
          + " again changes nothing. Both files are readable by their owner only.",
      "Then: aws --profile PROFILE sts get-caller-identity"
    })
public final class ProfilesSetupCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--profile", required = true, paramLabel = "NAME", description = "The profile.")
  String profile;

  @Option(
      names = "--role-arn",
      required = true,
      paramLabel = "ARN",
      description = "The role the profile assumes.")
  String roleArn;

  @Option(
      names = "--external-id",
      required = true,
      paramLabel = "ID",
      description = "The ExternalId the role's trust policy demands.")
  String externalId;

  @Option(
      names = "--source-profile",
      paramLabel = "NAME",
      description =
          "The profile holding the keys the role is assumed with (default PROFILE-source).")
  String sourceProfile;

  @Option(
      names = "--from-env",
      description =
          "Write the source profile's keys from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and"
              + " AWS_SESSION_TOKEN (when set). Without it the source profile must exist, or, on a"
              + " terminal, its keys are asked for.")
  boolean fromEnv;

  @Option(names = "--region", paramLabel = "REGION", description = "The profile's region.")
  String region;

  @Option(
      names = "--endpoint-url",
      paramLabel = "URL",
      description = "The profile's endpoint (crossrole's URL); AWS's own when left out.")
  String endpointUrl;

  @Option(
      names = "--ca-bundle",
      paramLabel = "FILE",
      description =
          "The profile's ca_bundle, as an absolute path: the PEM file of the authorities its"
              + " calls trust (crossrole server --tls self-signed's DIR/ca.pem).")
  Path caBundle;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      Map<String, String> environment = UserEnvironment.variables();
      AwsProfiles files = AwsProfiles.locate(environment, UserEnvironment.home());
      ProfileSetup.Builder setup = ProfileSetup.builder(profile, roleArn, externalId);
      String source =
          sourceProfile != null ? sourceProfile : ProfileSetup.defaultSourceProfile(profile);
      setup.sourceProfile(source);
      Optional.ofNullable(region).ifPresent(setup::region);
      Optional.ofNullable(endpointUrl).ifPresent(setup::endpointUrl);
      Optional.ofNullable(caBundle).ifPresent(setup::caBundle);
      if (fromEnv) {
        setup.sourceKeys(SourceKeys.fromEnvironment(environment));
      } else if (!files.exists(source)) {
        prompted(source).ifPresent(setup::sourceKeys);
      }
      List<Path> written = files.setup(setup.build());
      report(out, files.config(), written);
      report(out, files.credentials(), written);
      out.flush();
      return ClientExit.OK;
    } catch (ClientException e) {
      spec.commandLine().getErr().println(ClientExit.line("profiles setup", e));
      return ClientExit.of(e);
    }
  }

  private static void report(PrintWriter out, Path file, List<Path> written) {
    out.println((written.contains(file) ? "updated " : "unchanged ") + file);
  }

  /**
   * The source profile's keys, asked for on the terminal (the secret without echo); empty without a
   * terminal, so that the setup fails with what to do instead of waiting for input.
   */
  private static Optional<SourceKeys> prompted(String source) {
    Console console = System.console();
    if (console == null) {
      return Optional.empty();
    }
    String id = console.readLine("AWS access key id for profile %s: ", source);
    char[] secret = console.readPassword("AWS secret access key: ");
    if (id == null || secret == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new SourceKeys(id.strip(), new String(secret).strip(), Optional.empty()));
    } finally {
      Arrays.fill(secret, '\0');
    }
  }
}
