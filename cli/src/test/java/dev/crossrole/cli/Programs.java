package dev.crossrole.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs real programs (the launcher, the AWS CLI, skopeo) the way a build does, with an environment
 * of the test's making: no AWS variable of the machine, HOME and the given variables. Every command
 * line it ran is kept, so that a test can show a secret was on none of them.
 */
final class Programs {
  static final Path BIN = Path.of("..", "bin").toAbsolutePath().normalize();

  /** What one run printed and returned. */
  record Result(int exitCode, String out, String err) {}

  private final Map<String, String> environment;
  private final List<List<String>> commandLines = new ArrayList<>();

  /** Programs run with {@code environment} over the machine's (AWS_* removed). */
  Programs(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /** Runs {@code command} with {@code stdin} and these variables over the programs' own. */
  Result run(Map<String, String> extra, String stdin, String... command) {
    commandLines.add(List.of(command));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("AWS_") || k.equals("REGISTRY_AUTH_FILE"));
    env.remove("DOCKER_CONFIG");
    env.remove("XDG_RUNTIME_DIR");
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.putAll(environment);
    env.putAll(extra);
    try {
      Process p = builder.start();
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().close();
      // Both streams read at once: a full stderr pipe would block the program before it exits.
      var err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
      String out = readAll(p.getInputStream());
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish in 120 s");
      }
      return new Result(p.exitValue(), out, err.join());
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command[0], e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code bin/crossrole ARGS}. */
  Result crossrole(Map<String, String> extra, String... args) {
    return run(extra, "", prefixed(BIN.resolve("crossrole").toString(), args));
  }

  /** {@code aws ARGS}. */
  Result aws(Map<String, String> extra, String... args) {
    return run(extra, "", prefixed("aws", args));
  }

  /** Every command line run so far. */
  List<List<String>> commandLines() {
    return List.copyOf(commandLines);
  }

  static String[] prefixed(String first, String... rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  private static String readAll(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
