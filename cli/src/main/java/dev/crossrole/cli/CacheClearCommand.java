package dev.crossrole.cli;

import dev.crossrole.cli.internal.ClientExit;
import dev.crossrole.client.AwsConnection;
import dev.crossrole.client.CacheDirectory;
import dev.crossrole.client.ClientException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code crossrole cache clear}: empties the whole cache root (STS credentials, registry tokens).
 */
@Command(
    name = "clear",
    mixinStandardHelpOptions = true,
    versionProvider = CrossroleCommand.VersionProvider.class,
    description =
        "Removes every cached credential and token: $CROSSROLE_CACHE_DIR, else"
            + " $XDG_CACHE_HOME/crossrole, else ~/.cache/crossrole.")
public final class CacheClearCommand implements Callable<Integer> {
  private final Map<String, String> environment;
  private final Path home;

  @Spec CommandSpec spec;

  /** The command in this process's environment. */
  public CacheClearCommand() {
    this(System.getenv(), AwsConnection.home(System.getenv()));
  }

  /** The command in a chosen environment and home directory. */
  public CacheClearCommand(Map<String, String> environment, Path home) {
    this.environment = Objects.requireNonNull(environment, "environment");
    this.home = Objects.requireNonNull(home, "home");
  }

  @Override
  public Integer call() {
    Path root = CacheDirectory.root(environment, home);
    try {
      int removed = CacheDirectory.clear(root);
      spec.commandLine().getOut().printf("Removed %d cached file(s) from %s%n", removed, root);
      return ClientExit.OK;
    } catch (ClientException e) {
      spec.commandLine().getErr().println(ClientExit.line("cache clear", e));
      return ClientExit.of(e);
    }
  }
}
