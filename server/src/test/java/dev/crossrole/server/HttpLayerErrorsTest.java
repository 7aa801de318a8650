package dev.crossrole.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crossrole.core.Account;
import java.net.URI;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the HTTP layer answers for requests that never make it to a service, sent over a plain
 * socket: AWS's error documents with a 4xx for the client's faults, never Jetty's HTML page, and no
 * header naming the server software.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpLayerErrorsTest {
  @TempDir static Path data;
  private CrossroleServer server;
  private String host;
  private int port;

  @BeforeAll
  void setUp() {
    server =
        CrossroleServer.start(
            ServerConfig.builder(data)
                .port(0)
                .account(new Account("ours", "111111111111"))
                .build());
    URI endpoint = URI.create(server.endpoint());
    host = endpoint.getHost();
    port = endpoint.getPort();
  }

  @AfterAll
  void tearDown() {
    server.close();
  }

  private String head(String method, String target, String... headers) {
    return method
        + " "
        + target
        + " HTTP/1.1\r\nHost: "
        + host
        + ":"
        + port
        + "\r\n"
        + String.join("", Stream.of(headers).map(h -> h + "\r\n").toList())
        + "\r\n";
  }

  @Test
  void queryPost_bodyShorterThanContentLength_400IncompleteBody() throws Exception {
    RawAnswer answer =
        RawAnswer.exchangeHalfClosed(
            host,
            port,
            head(
                    "POST",
                    "/",
                    "Content-Type: application/x-www-form-urlencoded",
                    "Content-Length: 100")
                + "Action=Get");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body())
        .contains("<ErrorResponse")
        .contains("<Code>IncompleteBody</Code>")
        .contains("<Type>Sender</Type>");
  }

  @Test
  void jsonPost_bodyShorterThanContentLength_400IncompleteBodyException() throws Exception {
    RawAnswer answer =
        RawAnswer.exchangeHalfClosed(
            host,
            port,
            head(
                    "POST",
                    "/",
                    "Content-Type: application/x-amz-json-1.1",
                    "X-Amz-Target: AmazonEC2ContainerRegistry_V20150921.DescribeRepositories",
                    "Content-Length: 100")
                + "{\"repo");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body()).contains("\"__type\":\"IncompleteBodyException\"");
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("requestLineGarbage", "GARBAGE\r\n\r\n", 400, "MalformedHttpRequestException"),
        Arguments.of(
            "headerSectionTooLarge",
            "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n",
            431,
            "RequestHeaderSectionTooLarge"),
        Arguments.of(
            "badUriEncoding",
            "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n",
            400,
            "MalformedHttpRequestException"),
        Arguments.of(
            "unsupportedVersion",
            "GET / HTTP/7.0\r\nHost: x\r\n\r\n",
            400,
            "MalformedHttpRequestException"),
        Arguments.of(
            "badContentLength",
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n",
            400,
            "MalformedHttpRequestException"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedRequest_awsErrorDocumentNotHtml(
      String name, String request, int status, String code) throws Exception {
    RawAnswer answer = RawAnswer.exchange(host, port, request);

    assertThat(answer.status()).isEqualTo(status);
    assertThat(answer.headers().get("content-type")).startsWith("text/xml");
    assertThat(answer.body())
        .startsWith("<ErrorResponse")
        .contains("<Code>" + code + "</Code>")
        .doesNotContainIgnoringCase("<html")
        .doesNotContainIgnoringCase("jetty");
    assertThat(answer.headers()).doesNotContainKeys("server", "x-powered-by");
  }

  @Test
  void health_noServerHeader() throws Exception {
    RawAnswer answer = RawAnswer.exchange(host, port, head("GET", "/health", "Connection: close"));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.headers()).doesNotContainKeys("server", "x-powered-by");
  }
}
