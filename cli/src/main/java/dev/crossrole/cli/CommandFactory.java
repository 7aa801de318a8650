package dev.crossrole.cli;

import java.io.InputStream;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine;

/**
 * Creates the subcommands, handing the ones that read files the standard input to use for -, and
 * the ones that read the environment the environment to read.
 */
final class CommandFactory implements CommandLine.IFactory {
  private final InputStream stdin;
  private final Map<String, String> environment;
  private final CommandLine.IFactory defaults = CommandLine.defaultFactory();

  CommandFactory(InputStream stdin, Map<String, String> environment) {
    this.stdin = Objects.requireNonNull(stdin, "stdin");
    this.environment = Map.copyOf(environment);
  }

  @Override
  public <K> K create(Class<K> cls) throws Exception {
    if (cls == PolicyEvalCommand.class) {
      return cls.cast(new PolicyEvalCommand(stdin));
    }
    if (cls == PolicyLintCommand.class) {
      return cls.cast(new PolicyLintCommand(stdin));
    }
    if (cls == DemoCommand.class) {
      return cls.cast(new DemoCommand(environment));
    }
    if (cls == DockerCredentialCommand.class) {
      return cls.cast(new DockerCredentialCommand(stdin));
    }
    return defaults.create(cls);
  }
}
