package dev.crossrole.server.internal.sigv4;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Signs requests with the AWS SDK for Java v2's own SigV4 signer, and turns the result into the
 * {@link SignedRequest} a server would build from what arrives on the wire.
 */
final class SdkSigning {
  static final String ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  static final String REGION = "us-east-1";

  private SdkSigning() {}

  /** What to sign. */
  record Spec(
      String method,
      String uri,
      Map<String, String> headers,
      String body,
      String service,
      Instant signedAt,
      Optional<String> sessionToken,
      Optional<Duration> presignedFor,
      Consumer<SignRequest.Builder<AwsCredentialsIdentity>> extra) {

    static Spec post(String service, String body, Instant signedAt) {
      return new Spec(
          "POST",
          "http://127.0.0.1:4747/",
          Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
          body,
          service,
          signedAt,
          Optional.empty(),
          Optional.empty(),
          b -> {});
    }

    Spec withMethod(String newMethod, String newUri) {
      return new Spec(
          newMethod, newUri, headers, body, service, signedAt, sessionToken, presignedFor, extra);
    }

    Spec withHeaders(Map<String, String> newHeaders) {
      return new Spec(
          method, uri, newHeaders, body, service, signedAt, sessionToken, presignedFor, extra);
    }

    Spec withSessionToken(String token) {
      return new Spec(
          method, uri, headers, body, service, signedAt, Optional.of(token), presignedFor, extra);
    }

    Spec presigned(Duration validity) {
      return new Spec(
          method,
          uri,
          headers,
          body,
          service,
          signedAt,
          sessionToken,
          Optional.of(validity),
          extra);
    }

    Spec with(Consumer<SignRequest.Builder<AwsCredentialsIdentity>> more) {
      return new Spec(
          method, uri, headers, body, service, signedAt, sessionToken, presignedFor, more);
    }
  }

  /** Signs with the SDK and returns the request as the server receives it at {@code receivedAt}. */
  static SignedRequest sign(Spec spec, Instant receivedAt) {
    SdkHttpRequest.Builder http =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.fromValue(spec.method()))
            .uri(URI.create(spec.uri()));
    spec.headers().forEach(http::putHeader);
    AwsCredentialsIdentity identity =
        spec.sessionToken().isPresent()
            ? AwsSessionCredentialsIdentity.create(ACCESS_KEY_ID, SECRET, spec.sessionToken().get())
            : AwsCredentialsIdentity.create(ACCESS_KEY_ID, SECRET);
    software.amazon.awssdk.http.auth.spi.signer.SignedRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r -> {
                  r.identity(identity)
                      .request(http.build())
                      .payload(ContentStreamProvider.fromUtf8String(spec.body()))
                      .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, spec.service())
                      .putProperty(AwsV4HttpSigner.REGION_NAME, REGION)
                      .putProperty(
                          AwsV4HttpSigner.SIGNING_CLOCK,
                          Clock.fixed(spec.signedAt(), ZoneOffset.UTC));
                  spec.presignedFor()
                      .ifPresent(
                          validity ->
                              r.putProperty(
                                      AwsV4HttpSigner.AUTH_LOCATION,
                                      AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                                  .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, validity));
                  spec.extra().accept(r);
                });
    SdkHttpRequest request = signed.request();
    RequestHeaders.Builder headers = RequestHeaders.builder();
    request.forEachHeader((name, values) -> values.forEach(value -> headers.add(name, value)));
    if (!request.firstMatchingHeader("Host").isPresent()) {
      headers.add("Host", request.host() + (request.port() == 80 ? "" : ":" + request.port()));
    }
    byte[] body = signed.payload().map(SdkSigning::readAll).orElse(new byte[0]);
    return SignedRequest.builder()
        .method(request.method().name())
        .rawPath(request.encodedPath().isEmpty() ? "/" : request.encodedPath())
        .rawQuery(request.encodedQueryParameters().orElse(""))
        .headers(headers.build())
        .body(body)
        .receivedAt(receivedAt)
        .build();
  }

  private static byte[] readAll(ContentStreamProvider provider) {
    try (InputStream in = provider.newStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
