package dev.crossrole.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The loopback container-credentials endpoint over raw HTTP: what it answers with and without the
 * token, that it asks its source on every request, and where it listens.
 */
class ContainerCredentialsEndpointTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final TemporaryCredentials FIRST =
      new TemporaryCredentials(
          "ASIAFIRST0000000000A", "secret-one", "token-one", Instant.parse("2030-01-01T10:00:00Z"));
  private static final TemporaryCredentials SECOND =
      new TemporaryCredentials(
          "ASIASECOND000000000B",
          "secret-two",
          "token-two",
          Instant.parse("2030-01-01T11:00:00.123Z"));

  private final Deque<TemporaryCredentials> served = new ArrayDeque<>(List.of(FIRST, SECOND));
  private ContainerCredentialsEndpoint endpoint;

  @BeforeEach
  void start() {
    endpoint =
        ContainerCredentialsEndpoint.start(
            () -> served.size() > 1 ? served.removeFirst() : served.getFirst());
  }

  @AfterEach
  void stop() {
    endpoint.close();
  }

  record Refusal(String name, Optional<String> token, String pathSuffix, int status) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Refusal> refusals() {
    return List.of(
        new Refusal("get_noToken_401", Optional.empty(), "", 401),
        new Refusal("get_wrongToken_403", Optional.of("not-the-token"), "", 403),
        new Refusal("get_emptyToken_403", Optional.of(""), "", 403),
        new Refusal("get_rightTokenOtherPath_404", Optional.of("RIGHT"), "x", 404));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void get_withoutTheTokenOrPath_refusedWithoutCredentials(Refusal c) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(endpoint.uri() + c.pathSuffix()));
    c.token()
        .map(t -> t.equals("RIGHT") ? endpoint.authorizationToken() : t)
        .ifPresent(t -> request.header("Authorization", t));

    HttpResponse<String> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(c.status());
    assertThat(response.body()).doesNotContain("ASIA", "secret-", "token-");
    assertThat(served).hasSize(2);
  }

  @Test
  void get_rightToken_answersTheSourcesCurrentCredentialsEachTime() throws Exception {
    JsonNode first = JSON.readTree(get().body());
    JsonNode second = JSON.readTree(get().body());

    assertThat(first.path("AccessKeyId").asText()).isEqualTo(FIRST.accessKeyId());
    assertThat(first.path("SecretAccessKey").asText()).isEqualTo("secret-one");
    assertThat(first.path("Token").asText()).isEqualTo("token-one");
    assertThat(first.path("Expiration").asText()).isEqualTo("2030-01-01T10:00:00Z");
    assertThat(second.path("AccessKeyId").asText()).isEqualTo(SECOND.accessKeyId());
    assertThat(second.path("Expiration").asText()).isEqualTo("2030-01-01T11:00:00Z");
  }

  @Test
  void post_rightToken_405() throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(endpoint.uri())
                .header("Authorization", endpoint.authorizationToken())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(405);
  }

  @Test
  void get_sourceFails_500WithTheCodeAndNoCredentials() throws Exception {
    endpoint.close();
    endpoint =
        ContainerCredentialsEndpoint.start(
            () -> {
              throw ClientException.refused("AccessDenied", "assuming the role: denied", null);
            });

    HttpResponse<String> response = get();

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(JSON.readTree(response.body()).path("code").asText()).isEqualTo("AccessDenied");
  }

  @Test
  void start_listensOn127001Only_randomPathAndToken() throws Exception {
    InetSocketAddress address = endpoint.address();

    assertThat(address.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(endpoint.uri().toString())
        .matches("http://127\\.0\\.0\\.1:" + address.getPort() + "/[A-Za-z0-9_-]{22}");
    assertThat(endpoint.authorizationToken()).matches("[A-Za-z0-9_-]{43}");
    assertThat(endpoint.toString()).doesNotContain(endpoint.authorizationToken());
    // Another loopback address of this machine: not listened on, so not bound to all addresses.
    InetAddress other = InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
    assertThatThrownBy(() -> new Socket(other, address.getPort()).close())
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void close_stopsServing() {
    URI uri = endpoint.uri();

    endpoint.close();

    assertThatThrownBy(
            () ->
                HTTP.send(
                    HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
  }

  private HttpResponse<String> get() throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(endpoint.uri())
            .header("Authorization", endpoint.authorizationToken())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
