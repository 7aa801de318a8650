package dev.crossrole.cli;

import dev.crossrole.cli.internal.CaseRunner;
import dev.crossrole.cli.internal.Inputs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code crossrole policy eval --cases FILE}: evaluates authorization cases offline. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    versionProvider = CrossroleCommand.VersionProvider.class,
    description = {
      "Evaluate authorization requests against IAM policies, as AWS decides them.",
      "",
      "Reads JSON lines, one case each: {\"id\", \"request\": {\"principal\", \"action\","
          + " \"resource\", \"resourceAccount\"?, \"context\"?}, \"identityPolicies\","
          + " \"resourcePolicy\"?, \"permissionsBoundary\"?, \"sessionPolicy\"?}. Writes one"
          + " JSON line each: {\"id\", \"decision\": allowed|explicitDeny|implicitDeny,"
          + " \"reason\"?, \"statements\", \"lacking\"}, or {\"id\", \"line\", \"error\":"
          + " {\"code\", \"message\", \"policy\"?}} for a line that is not a valid case."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every case was evaluated",
      "1:some line was not a valid case (see its error line)",
      "2:usage error, or the cases could not be read"
    })
public final class PolicyEvalCommand implements Callable<Integer> {
  private final InputStream stdin;

  @Spec CommandSpec spec;

  @Option(
      names = "--cases",
      required = true,
      paramLabel = "FILE",
      description = "The cases, one JSON object a line; - reads standard input.")
  String cases;

  PolicyEvalCommand(InputStream stdin) {
    this.stdin = stdin;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CaseRunner.Summary summary;
    try (BufferedReader in = Inputs.reader(cases, stdin)) {
      summary = new CaseRunner().run(in, out);
    } catch (Inputs.InputException e) {
      err.println("crossrole: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      out.flush();
      err.println("crossrole: " + cases + ": cannot read: " + e.getMessage());
      return 2;
    }
    if (summary.outputFailed()) {
      err.println("crossrole: cannot write the results");
      return 1;
    }
    if (summary.failed() > 0) {
      err.println(
          "crossrole: "
              + summary.failed()
              + " of "
              + summary.cases()
              + " case lines could not be evaluated (see their error lines)");
      return 1;
    }
    return 0;
  }
}
