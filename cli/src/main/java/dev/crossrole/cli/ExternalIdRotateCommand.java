package dev.crossrole.cli;

import dev.crossrole.cli.internal.ClientExit;
import dev.crossrole.cli.internal.ControlOptions;
import dev.crossrole.cli.internal.DurationConverter;
import dev.crossrole.client.ClientException;
import dev.crossrole.client.ExternalIdRotation;
import dev.crossrole.client.RoleControl;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code crossrole external-id rotate --role-name R [--new ID] [--grace 1h]}: the trust policy
 * requires a new ExternalId, the old one accepted during the grace by a statement that ends then.
 */
@Command(
    name = "rotate",
    mixinStandardHelpOptions = true,
    versionProvider = CrossroleCommand.VersionProvider.class,
    description = {
      "Rotates the ExternalId a role's trust policy requires (GetRole, UpdateAssumeRolePolicy):"
          + " every statement with an sts:ExternalId condition requires the new id; a copy"
          + " accepting the old id with DateLessThan aws:CurrentTime keeps it working until the"
          + " grace ends, by policy alone, so it holds on every node and on AWS.",
      "Grace statements of earlier rotations that have ended are removed. Prints what the BUILD"
          + " side must change."
    })
public final class ExternalIdRotateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ControlOptions control;

  @Option(
      names = "--role-name",
      required = true,
      paramLabel = "ROLE",
      description = "The role whose trust policy to change.")
  String roleName;

  @Option(
      names = "--new",
      paramLabel = "ID",
      description =
          "The new ExternalId (2-1224 of letters, digits and +=,.@:/-_). Default: 32 random"
              + " letters and digits.")
  String newId;

  @Option(
      names = "--grace",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "How long the old id is still accepted: 1h, 15m, 90s, 0 (default: 1h).")
  Duration grace = Duration.ofHours(1);

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      ExternalIdRotation done =
          RoleControl.rotateExternalId(
              control.settings(),
              roleName,
              Optional.ofNullable(newId),
              grace,
              Clock.systemUTC().instant());
      out.printf("Rotated the ExternalId of %s.%n", done.roleArn());
      out.printf("New ExternalId: %s%n", done.newExternalId());
      out.printf(
          "The BUILD side must now assume the role with --external-id %s (external_id in its"
              + " profile).%n",
          done.newExternalId());
      String old = String.join(", ", done.oldExternalIds());
      out.println(
          done.oldAcceptedUntil()
              .map(until -> "The old ExternalId (" + old + ") is accepted until " + until + ".")
              .orElse("The old ExternalId (" + old + ") is no longer accepted."));
      if (done.expiredGraceRemoved() > 0) {
        out.printf(
            "Removed %d grace statement(s) of earlier rotations that had ended.%n",
            done.expiredGraceRemoved());
      }
      out.flush();
      return ClientExit.OK;
    } catch (ClientException e) {
      spec.commandLine().getErr().println(ClientExit.line("external-id rotate", e));
      return ClientExit.of(e);
    }
  }
}
