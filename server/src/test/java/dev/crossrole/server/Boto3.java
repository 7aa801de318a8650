package dev.crossrole.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Python program with boto3 against a server's profile files (and nothing of the machine's
 * own AWS settings) and reads what it printed as JSON.
 */
final class Boto3 {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Boto3() {}

  /**
   * Runs {@code python3 args…} with the profiles of the server whose data directory is {@code data}
   * and {@code extraEnv}; it must end within {@code timeout} and exit 0. {@code name} names the run
   * in failures and its output files.
   */
  static JsonNode run(
      Path data, String name, Duration timeout, Map<String, String> extraEnv, String... args)
      throws IOException, InterruptedException {
    Path home = Files.createDirectories(data.resolve("home"));
    Path stdout = data.resolve(name + ".out");
    Path stderr = data.resolve(name + ".err");
    List<String> command = new ArrayList<>();
    command.add("python3");
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("AWS_"));
    env.put("AWS_CONFIG_FILE", data.resolve("config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", data.resolve("credentials").toString());
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    // botocore keeps caches under ~/.aws: this run's stay in its own home.
    env.put("HOME", home.toString());
    env.putAll(extraEnv);
    Process p = pb.start();
    if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(name + " did not finish in " + timeout);
    }
    assertThat(p.exitValue())
        .as(name + " exit code; stderr:\n" + Files.readString(stderr, StandardCharsets.UTF_8))
        .isZero();
    return JSON.readTree(Files.readString(stdout, StandardCharsets.UTF_8));
  }

  /** Runs the script {@code resource} of the test resources (see {@link #run}). */
  static JsonNode runScript(
      Path data, String resource, Duration timeout, Map<String, String> extraEnv)
      throws IOException, InterruptedException {
    Path script;
    try {
      script = Path.of(Boto3.class.getResource(resource).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return run(data, script.getFileName().toString(), timeout, extraEnv, script.toString());
  }
}
