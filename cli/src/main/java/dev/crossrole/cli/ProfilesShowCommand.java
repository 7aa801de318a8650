package dev.crossrole.cli;

import dev.crossrole.cli.internal.ClientExit;
import dev.crossrole.cli.internal.UserEnvironment;
import dev.crossrole.client.AwsProfiles;
import dev.crossrole.client.ClientException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code crossrole profiles show}: the AWS profiles with their secrets hidden. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    versionProvider = CrossroleCommand.VersionProvider.class,
    description = {
      "Prints the profiles of the AWS config and credentials files, secrets hidden: a secret"
          + " access key shows its last four characters, session tokens nothing.",
      "With --profile, that profile and the source profiles it assumes its role with."
    })
public final class ProfilesShowCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--profile", paramLabel = "NAME", description = "Show this profile only.")
  String profile;

  @Override
  public Integer call() {
    try {
      AwsProfiles files = AwsProfiles.locate(UserEnvironment.variables(), UserEnvironment.home());
      spec.commandLine().getOut().print(files.show(Optional.ofNullable(profile)));
      spec.commandLine().getOut().flush();
      return ClientExit.OK;
    } catch (ClientException e) {
      spec.commandLine().getErr().println(ClientExit.line("profiles show", e));
      return ClientExit.of(e);
    }
  }
}
