package dev.crossrole.cli;

import dev.crossrole.cli.internal.Version;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The root command: {@code crossrole}. */
@Command(
    name = "crossrole",
    mixinStandardHelpOptions = true,
    versionProvider = CrossroleCommand.VersionProvider.class,
    description = "A self-hostable identity plane that speaks and enforces AWS IAM, STS and ECR.",
    subcommands = {
      PolicyCommand.class,
      ServerCommand.class,
      RegistryConfigCommand.class,
      KeysCommand.class,
      AuditCommand.class,
      AssumeCommand.class,
      CacheCommand.class,
      ExecCommand.class,
      DemoCommand.class,
      ProfilesCommand.class,
      EcrCommand.class,
      DockerCredentialCommand.class,
      RevokeSessionsCommand.class,
      ExternalIdCommand.class,
      AccessCommand.class
    })
public final class CrossroleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }

  /** {@code crossrole <project version>}, from the build. */
  static final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"crossrole " + Version.current()};
    }
  }
}
