package dev.crossrole.cli;

import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The root {@code crossrole} as the commands a build calls on every step see it: it knows only
 * them. Picocli builds (and instantiates) every subcommand of a root up front, and the full root's
 * server and policy commands load hundreds of classes that {@code crossrole assume} from a warm
 * cache never uses. {@link Main} picks this root when the first argument names one of these
 * commands; their help, errors and behaviour are the same under either root.
 */
@Command(
    name = "crossrole",
    mixinStandardHelpOptions = true,
    versionProvider = CrossroleCommand.VersionProvider.class,
    subcommands = {AssumeCommand.class, CacheCommand.class})
final class BuildSideCommand implements Callable<Integer> {
  /** The subcommands this root serves. */
  static final Set<String> NAMES = Set.of("assume", "cache");

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
