package dev.crossrole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/crossrole server} as a process: {@code --insecure-http} serves plain HTTP on every
 * address and says so on stderr; {@code --tls self-signed} serves HTTPS that the AWS CLI verifies
 * through the profiles the server wrote, with no other setup.
 */
class ServerTlsIT {
  private static final Path BIN = Path.of("..", "bin", "crossrole").toAbsolutePath().normalize();

  @Test
  void server_wildcardHostWithInsecureHttp_servesAndWarns(@TempDir Path data) throws Exception {
    Path stderr = data.resolve("server.err");
    Process server =
        start(
            stderr,
            "--host",
            "0.0.0.0",
            "--insecure-http",
            "--data",
            data.resolve("state").toString());
    try {
      String ready = readyLine(server);
      assertThat(ready).contains("ready on http://127.0.0.1:");
      stop(server);
      assertThat(Files.readString(stderr))
          .contains(
              "crossrole server: warning: --insecure-http: serving plain HTTP on 0.0.0.0; access"
                  + " keys, secrets and session tokens cross the network unencrypted");
    } finally {
      server.destroyForcibly();
    }
  }

  @Test
  void server_tlsSelfSigned_awsCliVerifiesThroughTheWrittenProfiles(@TempDir Path data)
      throws Exception {
    Path state = data.resolve("state");
    Process server =
        start(
            data.resolve("server.err"),
            "--tls",
            "self-signed",
            "--account",
            "ours=111111111111",
            "--data",
            state.toString());
    try {
      String ready = readyLine(server);
      assertThat(ready).contains("ready on https://127.0.0.1:", "(registry https://127.0.0.1:");
      assertThat(Files.readString(state.resolve("config")))
          .contains("ca_bundle = " + state.resolve("ca.pem"));

      ProcessBuilder aws =
          new ProcessBuilder("aws", "--profile", "ours", "sts", "get-caller-identity")
              .redirectErrorStream(true);
      Map<String, String> env = aws.environment();
      env.keySet().removeIf(k -> k.startsWith("AWS_"));
      env.put("AWS_CONFIG_FILE", state.resolve("config").toString());
      env.put("AWS_SHARED_CREDENTIALS_FILE", state.resolve("credentials").toString());
      env.put("HOME", data.toString());
      Process cli = aws.start();
      String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(cli.waitFor(120, TimeUnit.SECONDS)).isTrue();

      assertThat(cli.exitValue()).as(out).isZero();
      assertThat(out).contains("\"Arn\": \"arn:aws:iam::111111111111:root\"");
      stop(server);
    } finally {
      server.descendants().forEach(ProcessHandle::destroyForcibly);
      server.destroyForcibly();
    }
  }

  private static Process start(Path stderr, String... options) throws Exception {
    List<String> command = new ArrayList<>(List.of(BIN.toString(), "server", "--port", "0"));
    command.addAll(List.of(options));
    return new ProcessBuilder(command).redirectError(stderr.toFile()).start();
  }

  private static String readyLine(Process server) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    assertThat(line).as("the server's first line").isNotNull();
    return line;
  }

  private static void stop(Process server) throws InterruptedException {
    server.destroy();
    assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }
}
