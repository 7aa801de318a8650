package dev.crossrole.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code crossrole ecr}: the build side's registry commands. */
@Command(
    name = "ecr",
    mixinStandardHelpOptions = true,
    versionProvider = CrossroleCommand.VersionProvider.class,
    description = "Log in to ECR registries, on crossrole or on AWS.",
    subcommands = {EcrLoginCommand.class})
public final class EcrCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
