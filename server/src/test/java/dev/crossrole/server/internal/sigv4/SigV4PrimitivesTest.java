package dev.crossrole.server.internal.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The canonical forms and small value types on their own. */
class SigV4PrimitivesTest {

  @ParameterizedTest(name = "canonicalUri_{0}_normalized_{1}")
  @CsvSource(
      delimiterString = " -> ",
      value = {
        "/ -> /",
        "'' -> /",
        "// -> /",
        "/a/b/../c -> /a/c",
        "/a/./b/ -> /a/b/",
        "/a/. -> /a/",
        "/.. -> /",
        "/a%20b -> /a%2520b",
        "/a b -> /a%20b",
        "/~user/-_. -> /~user/-_.",
        "/a:b@c -> /a%3Ab%40c",
        "/%2F -> /%252F",
        "relative/path -> /relative/path",
      })
  void canonicalUri_normalizedAndEncodedTwice(String raw, String expected) {
    assertThat(SigV4.canonicalUri(raw, true)).isEqualTo(expected);
  }

  @Test
  void canonicalUri_notNormalized_keepsDotsAndSlashes() {
    assertThat(SigV4.canonicalUri("//a/./b/../", false)).isEqualTo("//a/./b/../");
    assertThat(SigV4.canonicalUri("", false)).isEqualTo("/");
  }

  @ParameterizedTest(name = "canonicalQueryString_{0}")
  @CsvSource(
      delimiterString = " -> ",
      value = {
        "'' -> ''",
        "b=2&a=1 -> a=1&b=2",
        "a=2&a=1&a=10 -> a=1&a=10&a=2",
        "flag -> flag=",
        "a=&b -> a=&b=",
        "&&a=1&& -> a=1",
        "a=x+y -> a=x%2By",
        "a=x%20y -> a=x%20y",
        "a=x%2fy -> a=x%2Fy",
        "a=%zz -> a=%25zz",
        "a=100% -> a=100%25",
        "%E1%88%B4=v -> %E1%88%B4=v",
        "Z=1&a=1&_=1 -> Z=1&_=1&a=1",
        "a=b=c -> a=b%3Dc",
      })
  void canonicalQueryString_decodedSortedEncoded(String raw, String expected) {
    assertThat(SigV4.canonicalQueryString(raw, false)).isEqualTo(expected);
  }

  @Test
  void canonicalQueryString_presigned_leavesOutSignatureOnly() {
    assertThat(
            SigV4.canonicalQueryString(
                "X-Amz-Signature=abc&X-Amz-Date=1&x-amz-signature=kept", true))
        .isEqualTo("X-Amz-Date=1&x-amz-signature=kept");
    assertThat(SigV4.canonicalQueryString("X-Amz-Signature=abc", false))
        .isEqualTo("X-Amz-Signature=abc");
  }

  @Test
  void canonicalHeaders_trimsCollapsesAndJoinsInOrderReceived() {
    RequestHeaders headers =
        RequestHeaders.builder()
            .add("Host", " example.com ")
            .add("My-Header", "  a \t b  ")
            .add("MY-HEADER", "c")
            .add("Unsigned", "x")
            .add("Empty", "   ")
            .build();

    assertThat(SigV4.canonicalHeaders(headers, List.of("empty", "host", "my-header")))
        .isEqualTo("empty:\nhost:example.com\nmy-header:a b,c\n");
  }

  @Test
  void signingKey_awsDocumentationExample() {
    byte[] key =
        SigV4.signingKey(
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".getBytes(StandardCharsets.UTF_8),
            new CredentialScope("20120215", "us-east-1", "iam"));

    assertThat(SigV4.hex(key))
        .isEqualTo("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
  }

  @Test
  void stringToSign_hasAlgorithmDateScopeAndHash() {
    assertThat(
            SigV4.stringToSign(
                "20150830T123600Z", new CredentialScope("20150830", "us-east-1", "iam"), ""))
        .isEqualTo(
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\n"
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void unhex_rejectsOddAndNonHex() {
    assertThat(SigV4.unhex("0aFf")).containsExactly(0x0a, 0xff);
    assertThat(SigV4.unhex("abc")).isEmpty();
    assertThat(SigV4.unhex("zz")).isEmpty();
  }

  @Test
  void signingSecret_toStringNeverShowsSecret() {
    SigningSecret<String> fromString = SigningSecret.of("s3cr3tValue", "alice");
    SigningSecret<String> fromChars = SigningSecret.of("s3cr3tValue".toCharArray(), "alice");

    assertThat(fromString.toString()).doesNotContain("s3cr3t").contains("alice");
    assertThat(fromChars.toString()).doesNotContain("s3cr3t");
    assertThat(fromChars.secretUtf8()).isEqualTo(fromString.secretUtf8());
  }

  @Test
  void requestHeaders_caseInsensitiveAndToStringWithoutValues() {
    RequestHeaders headers =
        RequestHeaders.builder()
            .add("Authorization", "AWS4-HMAC-SHA256 Signature=secretish")
            .add("X-Amz-Security-Token", "token-value")
            .add("x-amz-security-token", "second")
            .build();

    assertThat(headers.all("X-AMZ-SECURITY-TOKEN")).containsExactly("token-value", "second");
    assertThat(headers.first("authorization")).isPresent();
    assertThat(headers.toString()).doesNotContain("token-value").doesNotContain("secretish");
    assertThat(headers.with("Authorization", List.of()).contains("authorization")).isFalse();
  }

  @Test
  void signedRequest_toStringShowsQueryNamesNotValues() {
    SignedRequest request =
        SignedRequest.builder()
            .method("GET")
            .target("/?X-Amz-Security-Token=session-token-value&X-Amz-Signature=abcdef")
            .header("X-Amz-Security-Token", "header-token-value")
            .receivedAt(Instant.EPOCH)
            .build();

    assertThat(request.toString())
        .contains("X-Amz-Security-Token&X-Amz-Signature")
        .doesNotContain("session-token-value")
        .doesNotContain("header-token-value")
        .doesNotContain("abcdef");
  }

  @Test
  void verifiedRequest_toStringHidesToken() {
    VerifiedRequest<String> verified =
        new VerifiedRequest<>(
            "ASIAEXAMPLE",
            new CredentialScope("20260301", "us-east-1", "sts"),
            List.of("host"),
            Optional.of("session-token-value"),
            "who",
            Instant.EPOCH,
            VerifiedRequest.AuthLocation.HEADER,
            true,
            List.of(
                new VerifiedRequest.QueryParameter(
                    "X-Amz-Security-Token".getBytes(StandardCharsets.UTF_8),
                    "query-token-value".getBytes(StandardCharsets.UTF_8))));

    assertThat(verified.toString())
        .doesNotContain("session-token-value")
        .doesNotContain("query-token-value")
        .contains("ASIAEXAMPLE");
  }

  @Test
  void payload_ofSha256Hex_validatesAndLowerCases() {
    String hash = SigV4.sha256Hex(new byte[0]);
    assertThat(Payload.ofSha256Hex(hash.toUpperCase()).sha256Hex()).isEqualTo(hash);
    assertThat(Payload.of(new byte[0]).sha256Hex()).isEqualTo(hash);
    assertThatThrownBy(() -> Payload.ofSha256Hex("abc"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void signingKeyCache_boundedAndKeyedBySecretAndScope() {
    SigningKeyCache cache = new SigningKeyCache(2);
    byte[] secretA = "secret-a".getBytes(StandardCharsets.UTF_8);
    byte[] secretB = "secret-b".getBytes(StandardCharsets.UTF_8);
    CredentialScope sts = new CredentialScope("20260301", "us-east-1", "sts");
    CredentialScope iam = new CredentialScope("20260301", "us-east-1", "iam");

    byte[] first = cache.signingKey(secretA, sts);
    assertThat(cache.signingKey(secretA, sts)).isEqualTo(first);
    assertThat(cache.signingKey(secretB, sts)).isNotEqualTo(first);
    assertThat(cache.signingKey(secretA, iam)).isNotEqualTo(first);

    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.hits()).isEqualTo(1);
    assertThat(cache.misses()).isEqualTo(3);
    assertThat(first).isEqualTo(SigV4.signingKey(secretA, sts));
  }

  @Test
  void builder_withoutServices_refused() {
    assertThatThrownBy(() -> SigV4Verifier.builder((id, token) -> Optional.empty()).build())
        .isInstanceOf(IllegalStateException.class);
    assertThat(
            SigV4Verifier.builder((id, token) -> Optional.<SigningSecret<String>>empty())
                .services(Set.of("sts"))
                .build())
        .isNotNull();
  }
}
