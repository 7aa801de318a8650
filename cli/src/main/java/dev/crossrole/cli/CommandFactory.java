package dev.crossrole.cli;

import java.io.InputStream;
import java.util.Objects;
import picocli.CommandLine;

/** Creates the subcommands, handing the ones that read files the standard input to use for -. */
final class CommandFactory implements CommandLine.IFactory {
  private final InputStream stdin;
  private final CommandLine.IFactory defaults = CommandLine.defaultFactory();

  CommandFactory(InputStream stdin) {
    this.stdin = Objects.requireNonNull(stdin, "stdin");
  }

  @Override
  public <K> K create(Class<K> cls) throws Exception {
    if (cls == PolicyEvalCommand.class) {
      return cls.cast(new PolicyEvalCommand(stdin));
    }
    if (cls == PolicyLintCommand.class) {
      return cls.cast(new PolicyLintCommand(stdin));
    }
    if (cls == DockerCredentialCommand.class) {
      return cls.cast(new DockerCredentialCommand(stdin));
    }
    return defaults.create(cls);
  }
}
