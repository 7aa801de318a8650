package dev.crossrole.cli;

import dev.crossrole.cli.internal.ClientExit;
import dev.crossrole.cli.internal.ControlOptions;
import dev.crossrole.client.ClientException;
import dev.crossrole.client.RoleControl;
import dev.crossrole.client.SessionRevocation;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code crossrole revoke-sessions --role-name R}: the inline policy AWS's console writes to revoke
 * a role's sessions, so that every session issued before now (or {@code --before}) is refused on
 * its next request, and so is every registry login obtained with one.
 */
@Command(
    name = "revoke-sessions",
    mixinStandardHelpOptions = true,
    versionProvider = CrossroleCommand.VersionProvider.class,
    description = {
      "Revokes a role's sessions as AWS's console does: writes the inline role policy "
          + RoleControl.REVOKE_POLICY_NAME
          + ", which denies every action to sessions whose aws:TokenIssueTime is earlier than"
          + " now (or --before); a second call replaces the time.",
      "Every session issued before then is refused on its next request, on every node and on"
          + " AWS, and so are the registry logins obtained with those sessions. New sessions work."
    })
public final class RevokeSessionsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ControlOptions control;

  @Option(
      names = "--role-name",
      required = true,
      paramLabel = "ROLE",
      description = "The role whose sessions to revoke.")
  String roleName;

  @Option(
      names = "--before",
      paramLabel = "TIME",
      description =
          "Revoke the sessions issued before this ISO-8601 instant (2025-01-31T12:00:00Z)"
              + " instead of now.")
  Instant before;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      SessionRevocation done =
          RoleControl.revokeSessions(
              control.settings(), roleName, before == null ? Clock.systemUTC().instant() : before);
      out.printf(
          "%s the inline policy %s of %s: sessions issued before %s are refused.%n",
          done.replaced() ? "Updated" : "Wrote", done.policyName(), done.roleArn(), done.before());
      out.flush();
      return ClientExit.OK;
    } catch (ClientException e) {
      spec.commandLine().getErr().println(ClientExit.line("revoke-sessions", e));
      return ClientExit.of(e);
    }
  }
}
