package dev.crossrole.server.internal.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.crossrole.server.internal.sigv4.VerifiedRequest.AuthLocation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Requests signed by botocore (the AWS CLI's and boto3's signer), captured in {@code
 * sigv4/botocore-signed.tsv} by {@code sigv4/botocore_signed.py}: each is accepted at its own date,
 * and rejected with one signature character flipped.
 */
class SigV4BotocoreTest {
  private static final Instant SIGNED_AT = Instant.parse("2026-03-01T10:00:00Z");
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  private final SigV4Verifier<String> verifier =
      SigV4Verifier.<String>builder(
              (accessKeyId, token) -> {
                boolean known =
                    accessKeyId.equals("AKIAIOSFODNN7EXAMPLE") && token.isEmpty()
                        || accessKeyId.equals("ASIAIOSFODNN7EXAMPLE")
                            && token.equals(Optional.of("tok/en+=="));
                return known
                    ? Optional.of(SigningSecret.of(SECRET, accessKeyId))
                    : Optional.empty();
              })
          .services(Set.of("iam", "sts", "ecr"))
          .build();

  @Test
  void fixture_hasEveryCapturedRequest() throws IOException {
    assertThat(rows())
        .extracting(row -> row[0])
        .containsExactly(
            "sts-post",
            "iam-post-session",
            "iam-get-odd-path",
            "sts-presigned-session",
            "ecr-json");
  }

  @TestFactory
  Stream<DynamicTest> botocoreSigned() throws IOException {
    return rows().stream()
        .flatMap(
            row -> {
              SignedRequest request = request(row);
              return Stream.of(
                  dynamicTest(
                      row[0] + "_verify_accepted",
                      () -> {
                        VerifiedRequest<String> verified = verifier.verify(request);
                        assertThat(verified.signedAt()).isEqualTo(SIGNED_AT);
                        assertThat(verified.principal()).isEqualTo(verified.accessKeyId());
                        assertThat(verified.location())
                            .isEqualTo(
                                row[0].contains("presigned")
                                    ? AuthLocation.QUERY
                                    : AuthLocation.HEADER);
                      }),
                  dynamicTest(
                      row[0] + "_signatureFlipped_signatureDoesNotMatch",
                      () ->
                          SigV4VectorsTest.assertRejected(
                              verifier,
                              flipSignature(request),
                              AuthError.SIGNATURE_DOES_NOT_MATCH)));
            });
  }

  private static List<String[]> rows() throws IOException {
    try (InputStream in =
        SigV4BotocoreTest.class.getResourceAsStream("/sigv4/botocore-signed.tsv")) {
      assertThat(in).as("sigv4/botocore-signed.tsv on the test classpath").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .map(line -> line.split("\t", -1))
          .toList();
    }
  }

  private static SignedRequest request(String[] row) {
    RequestHeaders.Builder headers = RequestHeaders.builder();
    for (String header : row[5].split("\u001f")) {
      int colon = header.indexOf(':');
      headers.add(header.substring(0, colon), header.substring(colon + 1));
    }
    return SignedRequest.builder()
        .method(row[1])
        .rawPath(row[2])
        .rawQuery(row[3])
        .headers(headers.build())
        .body(Base64.getDecoder().decode(row[4]))
        .receivedAt(SIGNED_AT.plusSeconds(30))
        .build();
  }

  private static SignedRequest flipSignature(SignedRequest request) {
    Optional<String> authorization = request.headers().first("Authorization");
    if (authorization.isPresent()) {
      return request.toBuilder()
          .headers(
              request
                  .headers()
                  .with(
                      "Authorization", List.of(SigV4VectorsTest.flipLastChar(authorization.get()))))
          .build();
    }
    String query = request.rawQuery();
    int at = query.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length();
    int end = query.indexOf('&', at) < 0 ? query.length() : query.indexOf('&', at);
    return request.toBuilder()
        .rawQuery(
            query.substring(0, at)
                + SigV4VectorsTest.flipLastChar(query.substring(at, end))
                + query.substring(end))
        .build();
  }
}
