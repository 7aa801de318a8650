package dev.crossrole.cli;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/** Entry point of the {@code crossrole} command. */
public final class Main {
  /** Exit code for a failure that is a defect of crossrole, not of its input (EX_SOFTWARE). */
  public static final int EXIT_INTERNAL = 70;

  private Main() {}

  public static void main(String[] args) {
    PrintWriter out =
        new PrintWriter(
            new BufferedWriter(
                new OutputStreamWriter(
                    new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8),
                1 << 16));
    PrintWriter err =
        new PrintWriter(
            new OutputStreamWriter(
                new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8),
            true);
    int code = commandLine(System.in, args).setOut(out).setErr(err).execute(args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * The {@code crossrole} command line, reading standard input from {@code stdin} wherever a file
   * argument is {@code -}. Callers set its output and error writers and execute it.
   */
  public static CommandLine commandLine(InputStream stdin) {
    return commandLine(stdin, System.getenv());
  }

  /**
   * The {@code crossrole} command line as {@link #commandLine(InputStream)}, its commands reading
   * {@code environment} instead of the process's environment.
   */
  public static CommandLine commandLine(InputStream stdin, Map<String, String> environment) {
    return handlingFailures(
        new CommandLine(new CrossroleCommand(), new CommandFactory(stdin, environment)));
  }

  /**
   * The command line for {@code args}: the build-side root when they start with one of its
   * commands, which then starts without building the server's and the policy tools' commands.
   */
  static CommandLine commandLine(InputStream stdin, String[] args) {
    if (args.length > 0 && BuildSideCommand.NAMES.contains(args[0])) {
      return handlingFailures(
          new CommandLine(new BuildSideCommand(), new CommandFactory(stdin, System.getenv())));
    }
    return commandLine(stdin);
  }

  private static CommandLine handlingFailures(CommandLine cli) {
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine
              .getErr()
              .println(
                  "crossrole: internal error: "
                      + e.getClass().getSimpleName()
                      + (e.getMessage() == null ? "" : ": " + e.getMessage()));
          return EXIT_INTERNAL;
        });
    return cli;
  }
}
