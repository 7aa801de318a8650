package dev.crossrole.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crossrole.core.Account;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The slow-client attacks, run for real over loopback against a running server: hundreds of
 * connections that promise a body and go silent, or trickle it a byte at a time. Other clients'
 * health checks and signed calls keep being answered, within a client timeout of a few seconds; the
 * attackers are cut off with AWS's error; and none of it puts a stack trace in the log.
 */
class SlowClientsTest {
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(5);

  @TempDir Path data;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(CLIENT_TIMEOUT).build();
  private final List<Socket> attackers = new ArrayList<>();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private PrintStream stderr;

  @BeforeEach
  void captureLog() {
    // The server logs through SLF4J to stderr: what it says during an attack is what is checked.
    stderr = System.err;
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void release() throws IOException {
    for (Socket socket : attackers) {
      socket.close();
    }
    System.setErr(stderr);
    stderr.print(log.toString(StandardCharsets.UTF_8));
  }

  private CrossroleServer start(HttpLimits limits) {
    return CrossroleServer.start(
        ServerConfig.builder(data)
            .port(0)
            .account(new Account("ours", "111111111111"))
            .httpLimits(limits)
            .build());
  }

  /** Opens a connection whose request promises {@code Content-Length: 100000}, and sends a bit. */
  /** Every attacker's connection answered 408 RequestTimeout (within 15 s each). */
  private void assertEveryAttackerAnswered408() throws IOException {
    for (Socket socket : attackers) {
      socket.setSoTimeout(15_000);
      Optional<RawAnswer> answer = RawAnswer.read(socket);
      assertThat(answer).isPresent();
      assertThat(answer.get().status()).isEqualTo(408);
      assertThat(answer.get().body()).contains("<Code>RequestTimeout</Code>");
    }
  }

  /** Every attacker sending one more body byte each 100 ms, until closed. */
  private Trickle trickle(long initialDelayMillis) {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    executor.scheduleWithFixedDelay(
        () -> {
          for (Socket socket : attackers) {
            try {
              socket.getOutputStream().write('c');
              socket.getOutputStream().flush();
            } catch (IOException e) {
              // A connection the server closed: the others go on trickling.
            }
          }
        },
        initialDelayMillis,
        100,
        TimeUnit.MILLISECONDS);
    return new Trickle(executor);
  }

  /** A running trickle; {@link #stop} ends the sending and waits for the last round. */
  private record Trickle(ScheduledExecutorService executor) {
    void stop() {
      executor.shutdownNow();
      try {
        assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while stopping the trickle", e);
      }
    }
  }

  private Socket attacker(URI endpoint, String firstBytes) throws IOException {
    Socket socket = new Socket(endpoint.getHost(), endpoint.getPort());
    attackers.add(socket);
    String head =
        "POST / HTTP/1.1\r\nHost: "
            + endpoint.getAuthority()
            + "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + "Content-Length: 100000\r\n\r\n";
    socket.getOutputStream().write((head + firstBytes).getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    return socket;
  }

  /** GET /health answers 200 within the client timeout. */
  private void assertHealthAnswers(CrossroleServer server) throws Exception {
    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(URI.create(server.endpoint() + "/health"))
                .timeout(CLIENT_TIMEOUT)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
  }

  /** A signed STS GetCallerIdentity of another client answers 200 within the client timeout. */
  private void assertSignedCallAnswers(CrossroleServer server) throws Exception {
    RootSignedPost signer = new RootSignedPost(server, data);
    HttpResponse<String> identity =
        CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return signer.post(
                        "sts",
                        Map.of("content-type", "application/x-www-form-urlencoded; charset=utf-8"),
                        "Action=GetCallerIdentity&Version=2011-06-15");
                  } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                  }
                })
            .get(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(identity.statusCode()).isEqualTo(200);
    assertThat(identity.body()).contains("<Account>111111111111</Account>");
  }

  private void assertNoStackTraceLogged() {
    String logged = log.toString(StandardCharsets.UTF_8);
    assertThat(logged).doesNotContain("\tat ").doesNotContain("Exception");
  }

  @Test
  void silentBodies_othersAnswered_thenEachAnswered408AtIdleTimeout() throws Exception {
    try (CrossroleServer server = start(new HttpLimits(Duration.ofSeconds(2), 256, 1000))) {
      URI endpoint = URI.create(server.endpoint());
      for (int i = 0; i < 300; i++) {
        attacker(endpoint, "Action=Get");
      }

      assertHealthAnswers(server);
      assertSignedCallAnswers(server);
      assertHealthAnswers(server);

      assertEveryAttackerAnswered408();
      assertNoStackTraceLogged();
    }
  }

  @Test
  void tricklingBodies_noMinimumRate_othersAnswered() throws Exception {
    // Without the minimum rate the tricklers stay, so that they are there while others call.
    try (CrossroleServer server = start(new HttpLimits(Duration.ofSeconds(30), 0, 1000))) {
      URI endpoint = URI.create(server.endpoint());
      for (int i = 0; i < 250; i++) {
        attacker(endpoint, "A");
      }
      Trickle trickle = trickle(0);
      try {
        assertHealthAnswers(server);
        assertSignedCallAnswers(server);
        assertHealthAnswers(server);
      } finally {
        trickle.stop();
      }
      assertNoStackTraceLogged();
    }
  }

  @Test
  void tricklingBodies_belowMinimumRate_answered408() throws Exception {
    try (CrossroleServer server = start(new HttpLimits(Duration.ofSeconds(30), 256, 1000))) {
      URI endpoint = URI.create(server.endpoint());
      for (int i = 0; i < 250; i++) {
        attacker(endpoint, "A");
      }
      Trickle trickle = trickle(100);
      try {
        assertHealthAnswers(server);
        assertEveryAttackerAnswered408();
      } finally {
        trickle.stop();
      }
      assertNoStackTraceLogged();
    }
  }

  @Test
  void droppedConnections_answeredNothing_noStackTraceLogged() throws Exception {
    try (CrossroleServer server = start(HttpLimits.DEFAULT)) {
      URI endpoint = URI.create(server.endpoint());
      for (int i = 0; i < 50; i++) {
        Socket socket = attacker(endpoint, "Action=Get");
        // Reset rather than close: the server finds the connection gone while reading the body.
        socket.setSoLinger(true, 0);
        socket.close();
      }

      assertHealthAnswers(server);
      assertSignedCallAnswers(server);
      assertNoStackTraceLogged();
      assertThat(Files.exists(data.resolve("credentials"))).isTrue();
    }
  }
}
