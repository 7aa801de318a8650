package dev.crossrole.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Runs the {@code crossrole} command line in process, capturing its output and exit code. */
final class Cli {
  private Cli() {}

  /** What one run printed and returned. */
  record Result(int exitCode, String out, String err) {
    /** The non-empty lines of standard output. */
    List<String> lines() {
      return out.lines().filter(l -> !l.isEmpty()).toList();
    }
  }

  static Result withStdin(String stdin, String... args) {
    return run(stdin, System.getenv(), args);
  }

  /** Runs with {@code environment} as the commands' environment instead of the process's. */
  static Result withEnvironment(Map<String, String> environment, String... args) {
    return run("", environment, args);
  }

  private static Result run(String stdin, Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.commandLine(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), environment)
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  static Result run(String... args) {
    return withStdin("", args);
  }
}
