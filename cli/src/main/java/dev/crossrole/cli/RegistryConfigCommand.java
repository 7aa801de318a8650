package dev.crossrole.cli;

import dev.crossrole.cli.internal.StoreOptions;
import dev.crossrole.core.PrivateFiles;
import dev.crossrole.server.RegistrySetup;
import dev.crossrole.server.ServerConfig;
import dev.crossrole.server.ServerException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code crossrole registry-config}: prints the configuration of a {@code docker-registry} that
 * accepts crossrole's tokens and posts its push events to crossrole, and writes the certificate it
 * must trust. The configuration holds the events secret unless {@code --no-events} is given; it
 * goes to standard output only, never to standard error.
 */
@Command(
    name = "registry-config",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the YAML configuration of a docker-registry (CNCF distribution) that authenticates"
          + " with crossrole's tokens and posts its push events to crossrole, and writes the"
          + " token-signing certificate it trusts.",
      "The YAML holds the secret the registry sends with its events: write it with --output (a file"
          + " readable by its owner only), keep it readable by the registry only, or leave the"
          + " events out with --no-events.",
      "Run the registry with it, then 'crossrole server --registry URL' with the same --data"
          + " (or --db)."
    })
public final class RegistryConfigCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StoreOptions store;

  @Option(
      names = "--realm",
      paramLabel = "URL",
      description =
          "crossrole's token endpoint as registry clients reach it; the registry posts its events"
              + " to the same scheme, host and port, so it must reach crossrole there too (default"
              + " ${DEFAULT-VALUE}).")
  URI realm = URI.create("http://127.0.0.1:" + ServerConfig.DEFAULT_PORT + "/registry/token");

  @Option(
      names = "--no-events",
      description =
          "Leave out the notifications section (and so the secret): the registry posts no push"
              + " events, and images get the time ECR first lists them. By default it posts them"
              + " to /registry/events on --realm's scheme, host and port.")
  boolean noEvents;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description =
          "Write the YAML to FILE, readable and writable by its owner only (replacing the file),"
              + " instead of standard output.")
  Path output;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      description = "The registry's listening address (default ${DEFAULT-VALUE}).")
  String listen = "127.0.0.1:5000";

  @Option(
      names = "--storage",
      paramLabel = "DIR",
      description = "Where the registry keeps images (default DIR/registry/storage).")
  Path storage;

  @Option(
      names = "--certificate",
      paramLabel = "FILE",
      description =
          "Where to write the certificate the registry trusts (default"
              + " DIR/registry/token-signing.pem).")
  Path certificate;

  @Override
  public Integer call() {
    if (realm.getScheme() == null || realm.getHost() == null) {
      throw new ParameterException(spec.commandLine(), "Invalid --realm '" + realm + "'");
    }
    ServerConfig.Builder config = store.config();
    Path registryDir = store.data().resolve("registry");
    try {
      String yaml =
          RegistrySetup.configure(
              config.build(),
              realm,
              listen,
              storage != null ? storage : registryDir.resolve("storage"),
              certificate != null ? certificate : registryDir.resolve("token-signing.pem"),
              noEvents ? RegistrySetup.Events.NONE : RegistrySetup.Events.POSTED);
      if (output != null) {
        PrivateFiles.write(output, yaml);
      } else {
        spec.commandLine().getOut().print(yaml);
        spec.commandLine().getOut().flush();
      }
      return 0;
    } catch (ServerException e) {
      spec.commandLine().getErr().println("crossrole registry-config: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      spec.commandLine()
          .getErr()
          .println("crossrole registry-config: cannot write " + output + ": " + e.getMessage());
      return 1;
    }
  }
}
