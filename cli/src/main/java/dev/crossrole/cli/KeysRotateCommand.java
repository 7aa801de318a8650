package dev.crossrole.cli;

import dev.crossrole.cli.internal.StoreOptions;
import dev.crossrole.server.KeyRotation;
import dev.crossrole.server.ServerConfig;
import dev.crossrole.server.ServerException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code crossrole keys rotate [--revoke-all]}: a new session-token key now; with {@code
 * --revoke-all} every other key is deleted, so every outstanding session, registry password and
 * authorization message is refused.
 */
@Command(
    name = "rotate",
    mixinStandardHelpOptions = true,
    versionProvider = CrossroleCommand.VersionProvider.class,
    description = {
      "Adds a new key for session tokens, registry passwords and encoded authorization messages."
          + " Every node seals with it within 5 minutes; the old keys still open what they sealed"
          + " until that expires.",
      "With --revoke-all, every other key is deleted: every outstanding session, registry"
          + " password and message is refused at once by a server running on --data, and by"
          + " every node of a --db store within a minute.",
      "Works on a running server (through its admin socket in --data) and on a stopped one."
    })
public final class KeysRotateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StoreOptions store;

  @Option(
      names = "--revoke-all",
      description =
          "Delete every other key: all outstanding session tokens, registry passwords and"
              + " authorization messages stop working.")
  boolean revokeAll;

  @Override
  public Integer call() {
    ServerConfig.Builder config = store.config();
    try {
      KeyRotation.Result done = KeyRotation.rotate(config.build(), revokeAll);
      if (revokeAll) {
        spec.commandLine()
            .getOut()
            .printf(
                "Token key %s is now the only one: %d older key(s) deleted, every outstanding"
                    + " session, registry password and authorization message is refused.%n",
                done.keyId(), done.revoked());
      } else {
        spec.commandLine()
            .getOut()
            .printf(
                "Token key %s added; it seals new tokens from %s. Older keys open what they"
                    + " sealed until it expires.%n",
                done.keyId(), done.sealsFrom());
      }
      spec.commandLine().getOut().flush();
      return 0;
    } catch (ServerException e) {
      spec.commandLine().getErr().println("crossrole keys rotate: " + e.getMessage());
      return 1;
    }
  }
}
