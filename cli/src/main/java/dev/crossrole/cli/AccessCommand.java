package dev.crossrole.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossrole.cli.internal.AccessText;
import dev.crossrole.cli.internal.StoreOptions;
import dev.crossrole.core.AccessAnalysis;
import dev.crossrole.server.AccessReports;
import dev.crossrole.server.ServerException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code crossrole access --role-name R | --user U}: who may assume the role and what it may do, as
 * the server's store holds it now.
 */
@Command(
    name = "access",
    mixinStandardHelpOptions = true,
    versionProvider = CrossroleCommand.VersionProvider.class,
    description = {
      "Shows who may assume a role (each trust statement's principals with their unique ids and"
          + " whether they still exist, its conditions such as the ExternalId; for a principal of"
          + " another account, whether its own policies allow the AssumeRole) and what the role"
          + " or user may do on which resources (each statement of its inline and managed"
          + " policies and permissions boundary, with the policy it comes from).",
      "Reads the store of --data (through a running server's admin socket) or --db."
    })
public final class AccessCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Mixin StoreOptions store;

  @ArgGroup(multiplicity = "1")
  Whom whom;

  /** A role or a user. */
  static final class Whom {
    @Option(names = "--role-name", paramLabel = "ROLE", description = "The role to report on.")
    String role;

    @Option(names = "--user", paramLabel = "USER", description = "The user to report on.")
    String user;
  }

  @Option(
      names = "--account",
      paramLabel = "ACCOUNT",
      description = "The account it is in; default: the one account that has one of that name.")
  String account;

  @Option(names = "--json", description = "Print the report as one JSON document.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      AccessReports.Subject subject =
          whom.role != null
              ? new AccessReports.Subject(
                  AccessAnalysis.Kind.ROLE, whom.role, Optional.ofNullable(account))
              : new AccessReports.Subject(
                  AccessAnalysis.Kind.USER, whom.user, Optional.ofNullable(account));
      String report = AccessReports.json(store.config().build(), subject);
      if (json) {
        out.println(report);
      } else {
        AccessText.of(JSON.readTree(report)).forEach(out::println);
      }
      out.flush();
      return 0;
    } catch (ServerException e) {
      spec.commandLine().getErr().println("crossrole access: " + e.getMessage());
      return 1;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the report is not JSON", e);
    }
  }
}
