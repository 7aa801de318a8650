package dev.crossrole.client.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.crossrole.client.ClientException;
import dev.crossrole.client.CredentialSource;
import dev.crossrole.client.TemporaryCredentials;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.temporal.ChronoUnit;

/**
 * Answers the container-credentials request of the AWS SDKs: a GET on the secret path with the
 * token as the Authorization header gets {@code AccessKeyId}, {@code SecretAccessKey}, {@code
 * Token} and {@code Expiration} (ISO-8601, whole seconds, as ECS writes it) as JSON. No token is
 * 401, a wrong one 403; a failure to get credentials is 500 with AWS-style {@code code} and {@code
 * message}, which the SDKs report.
 */
public final class ContainerCredentialsHandler implements HttpHandler {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CredentialSource source;
  private final String path;
  private final byte[] token;

  public ContainerCredentialsHandler(CredentialSource source, String path, String token) {
    this.source = source;
    this.path = path;
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      if (authorization == null) {
        answer(exchange, 401, error("Unauthorized", "no Authorization header"));
      } else if (!MessageDigest.isEqual(token, authorization.getBytes(StandardCharsets.UTF_8))) {
        answer(exchange, 403, error("Forbidden", "the Authorization token is wrong"));
      } else if (!path.equals(exchange.getRequestURI().getRawPath())) {
        answer(exchange, 404, error("NotFound", "no credentials at this path"));
      } else if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "GET");
        answer(exchange, 405, error("MethodNotAllowed", "only GET"));
      } else {
        answerCredentials(exchange);
      }
    }
  }

  private void answerCredentials(HttpExchange exchange) throws IOException {
    TemporaryCredentials credentials;
    try {
      credentials = source.credentials();
    } catch (ClientException e) {
      answer(
          exchange,
          500,
          error(
              e.awsCode().orElse(e.kind().name()), "crossrole could not renew: " + e.getMessage()));
      return;
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("AccessKeyId", credentials.accessKeyId());
    body.put("SecretAccessKey", credentials.secretAccessKey());
    body.put("Token", credentials.sessionToken());
    body.put("Expiration", credentials.expiration().truncatedTo(ChronoUnit.SECONDS).toString());
    answer(exchange, 200, body);
  }

  private static ObjectNode error(String code, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.put("code", code);
    body.put("message", message);
    return body;
  }

  private static void answer(HttpExchange exchange, int status, ObjectNode body)
      throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
