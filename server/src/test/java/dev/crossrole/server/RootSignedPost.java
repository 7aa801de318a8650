package dev.crossrole.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crossrole.server.internal.sigv4.CredentialScope;
import dev.crossrole.server.internal.sigv4.RequestHeaders;
import dev.crossrole.server.internal.sigv4.SigV4;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * POSTs signed by hand with the first account's root key from a server's {@code DIR/credentials}:
 * for bad-input tests, whose bodies no client library would send. Built from the {@link SigV4}
 * steps that the official vectors check.
 */
final class RootSignedPost {
  private final HttpClient http = HttpClient.newHttpClient();
  private final URI uri;
  private final String keyId;
  private final String secret;

  RootSignedPost(CrossroleServer server, Path data) throws IOException {
    this.uri = URI.create(server.endpoint() + "/");
    String credentials = Files.readString(data.resolve("credentials"));
    this.keyId = field(credentials, "aws_access_key_id");
    this.secret = field(credentials, "aws_secret_access_key");
  }

  private static String field(String ini, String name) {
    Matcher m = Pattern.compile(name + " = (\\S+)").matcher(ini);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  /**
   * Sends {@code body} to {@code service} with {@code headers} (lower-case names, such as {@code
   * content-type}), each signed along with {@code host} and {@code x-amz-date}.
   */
  HttpResponse<String> post(String service, Map<String, String> headers, String body)
      throws IOException, InterruptedException {
    byte[] payload = body.getBytes(StandardCharsets.UTF_8);
    String amzDate = SigV4.amzDate(Instant.now());
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put("host", uri.getHost() + ":" + uri.getPort());
    all.put("x-amz-date", amzDate);
    RequestHeaders.Builder canonicalHeaders = RequestHeaders.builder();
    all.forEach(canonicalHeaders::add);
    List<String> signed = new ArrayList<>(all.keySet());
    signed.sort(null);
    CredentialScope scope = new CredentialScope(amzDate.substring(0, 8), "us-east-1", service);
    String canonical =
        SigV4.canonicalRequest(
            "POST",
            "/",
            "",
            SigV4.canonicalHeaders(canonicalHeaders.build(), signed),
            String.join(";", signed),
            SigV4.sha256Hex(payload));
    String signature =
        SigV4.signature(
            SigV4.signingKey(secret.getBytes(StandardCharsets.UTF_8), scope),
            SigV4.stringToSign(amzDate, scope, canonical));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri);
    all.forEach(
        (name, value) -> {
          if (!name.equals("host")) {
            request.header(name, value);
          }
        });
    request.header(
        "authorization",
        SigV4.ALGORITHM
            + " Credential="
            + keyId
            + "/"
            + scope.value()
            + ", SignedHeaders="
            + String.join(";", signed)
            + ", Signature="
            + signature);
    return http.send(
        request.POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
