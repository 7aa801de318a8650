package dev.crossrole.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real AWS CLI against a server's profile files and captures what it prints. */
final class AwsCli {
  record Result(int exitCode, String out, String err) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dataDirectory;

  AwsCli(Path dataDirectory) {
    this.dataDirectory = dataDirectory;
  }

  /**
   * Runs a call that must succeed and returns what it printed as JSON (an empty object when it
   * printed nothing).
   */
  JsonNode ok(String... args) throws JsonProcessingException {
    Result r = run(Map.of(), args);
    assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.err()).isZero();
    return r.out().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.out());
  }

  /** Runs a call as {@code profile} of the server's profile files. */
  Result asProfile(String profile, String... args) {
    return run(Map.of(), prefixed("--profile", profile, args));
  }

  /**
   * Runs a call signed with {@code keys} (see {@link #keys}) at {@code endpoint}, which no profile
   * names for it.
   */
  Result withKeys(Map<String, String> keys, String endpoint, String... args) {
    return run(keys, prefixed("--endpoint-url", endpoint, args));
  }

  /** {@code option value args…}. */
  static String[] prefixed(String option, String value, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = option;
    all[1] = value;
    System.arraycopy(args, 0, all, 2, args.length);
    return all;
  }

  /**
   * The environment that makes the CLI sign with the keys of an {@code AccessKey} or {@code
   * Credentials} element (with its session token, when it has one), in us-east-1.
   */
  static Map<String, String> keys(JsonNode keys) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AWS_ACCESS_KEY_ID", keys.get("AccessKeyId").asText());
    env.put("AWS_SECRET_ACCESS_KEY", keys.get("SecretAccessKey").asText());
    if (keys.has("SessionToken")) {
      env.put("AWS_SESSION_TOKEN", keys.get("SessionToken").asText());
    }
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    return env;
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
