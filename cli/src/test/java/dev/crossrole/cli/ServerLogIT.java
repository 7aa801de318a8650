package dev.crossrole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code bin/crossrole server} logs, as a process: its start is the one ready line, with no
 * logging-library warning and no migration chatter on stderr, and clients that drop their
 * connections halfway through a request leave nothing there but the access line of each.
 */
class ServerLogIT {
  private static final Path BIN = Path.of("..", "bin", "crossrole").toAbsolutePath().normalize();
  private static final Pattern ENDPOINT = Pattern.compile("ready on (http://[^ ]+)");
  private static final Pattern ACCESS_REFUSAL =
      Pattern.compile(" INFO access - request requestId=\"[-0-9a-f]+\" .* status=\"4\\d\\d\" ");

  @Test
  void server_startAndDroppedClients_stderrQuiet(@TempDir Path data) throws Exception {
    Path stderr = data.resolve("server.err");
    Process server =
        new ProcessBuilder(
                BIN.toString(),
                "server",
                "--port",
                "0",
                "--data",
                data.resolve("state").toString(),
                "--registry",
                "off")
            .redirectError(stderr.toFile())
            .start();
    try {
      String ready;
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
        ready = out.readLine();
        assertThat(ready).contains("ready on http://127.0.0.1:");
        Matcher m = ENDPOINT.matcher(ready);
        assertThat(m.find()).isTrue();
        URI endpoint = URI.create(m.group(1));
        for (int i = 0; i < 20; i++) {
          try (Socket dropped = new Socket(endpoint.getHost(), endpoint.getPort())) {
            dropped
                .getOutputStream()
                .write(
                    ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nAction=Get")
                        .getBytes(StandardCharsets.US_ASCII));
            dropped.setSoLinger(true, 0);
          }
        }
        HttpResponse<String> health =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(endpoint.resolve("/health"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);

        server.destroy();
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      String logged = Files.readString(stderr);
      // bin/crossrole's own build notice is not the server's log; each dropped request has its
      // access line, a refusal (IncompleteBody or RequestTimeout), and nothing else is said.
      assertThat(
              logged
                  .lines()
                  .filter(line -> !line.startsWith("crossrole: building"))
                  .filter(line -> !ACCESS_REFUSAL.matcher(line).find()))
          .as(logged)
          .isEmpty();
    } finally {
      server.destroyForcibly();
    }
  }
}
