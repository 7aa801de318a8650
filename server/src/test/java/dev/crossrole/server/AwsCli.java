package dev.crossrole.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real AWS CLI against a server's profile files and captures what it prints. */
final class AwsCli {
  record Result(int exitCode, String out, String err) {}

  private final Path dataDirectory;

  AwsCli(Path dataDirectory) {
    this.dataDirectory = dataDirectory;
  }

  Result run(Map<String, String> extraEnv, String... args) {
    List<String> command = new ArrayList<>();
    command.add("aws");
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("AWS_"));
    env.put("AWS_CONFIG_FILE", dataDirectory.resolve("config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", dataDirectory.resolve("credentials").toString());
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    // The CLI caches assumed-role credentials under ~/.aws/cli/cache: keep each test's apart.
    env.put("HOME", dataDirectory.toString());
    env.putAll(extraEnv);
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      byte[] err = p.getErrorStream().readAllBytes();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("aws " + String.join(" ", args) + " did not finish");
      }
      return new Result(
          p.exitValue(),
          new String(out, StandardCharsets.UTF_8),
          new String(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run the AWS CLI (is `aws` on PATH?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
