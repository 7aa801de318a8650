package dev.crossrole.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code bin/crossrole server} process, started with the given arguments and variables (over this
 * JVM's environment without its AWS variables) and returned once it printed its ready line. Its
 * stderr goes to {@code DATA.err} beside its data directory.
 */
final class ServerProcess implements AutoCloseable {
  private static final Path BIN = Path.of("..", "bin", "crossrole").toAbsolutePath().normalize();
  private static final Pattern READY = Pattern.compile("ready on (http://[^ ]+)");

  private final Process process;
  private final Path data;
  private final String endpoint;

  private ServerProcess(Process process, Path data, String endpoint) {
    this.process = process;
    this.data = data;
    this.endpoint = endpoint;
  }

  /** Starts {@code crossrole server --port 0 --data DATA ARGS} and waits for its ready line. */
  static ServerProcess start(Path data, Map<String, String> environment, String... args) {
    List<String> command = new ArrayList<>(List.of(BIN.toString(), "server", "--port", "0"));
    command.addAll(List.of("--data", data.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
    builder.environment().putAll(environment);
    Path err = data.resolveSibling(data.getFileName() + ".err");
    builder.redirectError(err.toFile());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + BIN, e);
    }
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    // The first line is the ready line; a server that fails to start closes stdout instead.
    CompletableFuture<String> ready =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return out.readLine();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    try {
      String line = ready.get(120, TimeUnit.SECONDS);
      Matcher m = READY.matcher(line == null ? "" : line);
      if (!m.find()) {
        process.destroyForcibly();
        throw new IllegalStateException("no ready line: " + line + "\n" + Files.readString(err));
      }
      return new ServerProcess(process, data, m.group(1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException | IOException e) {
      process.destroyForcibly();
      throw new IllegalStateException("server in " + data + " did not start", e);
    }
  }

  String endpoint() {
    return endpoint;
  }

  /** The variables that make the AWS CLI sign as the root of {@code account} on this node. */
  Map<String, String> profile(String account) {
    return Map.of(
        "AWS_CONFIG_FILE", data.resolve("config").toString(),
        "AWS_SHARED_CREDENTIALS_FILE", data.resolve("credentials").toString(),
        "AWS_PROFILE", account);
  }

  /** Stops the server as an operator does (SIGTERM) and waits for it. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
