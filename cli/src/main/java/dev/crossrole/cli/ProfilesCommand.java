package dev.crossrole.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code crossrole profiles}: AWS profiles that assume a role with an ExternalId (way 2). */
@Command(
    name = "profiles",
    mixinStandardHelpOptions = true,
    versionProvider = CrossroleCommand.VersionProvider.class,
    description =
        "Write and show AWS profiles that assume a role with an ExternalId, for the AWS CLI and"
            + " every SDK.",
    subcommands = {ProfilesSetupCommand.class, ProfilesShowCommand.class})
public final class ProfilesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
