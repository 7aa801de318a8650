package dev.crossrole.server.internal.sigv4;

import static dev.crossrole.server.internal.sigv4.SdkSigning.ACCESS_KEY_ID;
import static dev.crossrole.server.internal.sigv4.SdkSigning.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.crossrole.server.internal.sigv4.SdkSigning.Spec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Garbage in, the verifier's own exception out: random Authorization headers, dates, queries and
 * paths never produce anything but a {@link SignatureException} with a bounded message that holds
 * no secret; random byte flips of a validly signed request are rejected unless they leave the
 * canonical request unchanged.
 */
class SigV4FuzzTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final String BODY = "Action=GetCallerIdentity&Version=2011-06-15";
  private static final List<String> PIECES =
      List.of(
          "AWS4-HMAC-SHA256",
          "AWS4-HMAC-SHA256 ",
          "Credential=",
          ACCESS_KEY_ID,
          "/20260301/us-east-1/sts/aws4_request",
          "/20260301/",
          "us-east-1",
          "sts",
          "aws4_request",
          "SignedHeaders=",
          "host;x-amz-date",
          "host",
          ";",
          "Signature=",
          "0123456789abcdef".repeat(4),
          ",",
          ", ",
          " ",
          "=",
          "/",
          "\t",
          "%",
          "%zz",
          "%E1%88",
          "\u0000",
          "\u1234",
          "\uD83D\uDE00",
          "\"",
          "'",
          "\r\n",
          "Bearer ",
          "AWS ",
          "X-Amz-Date=",
          "20260301T100000Z");

  private static final SigV4Verifier<String> VERIFIER =
      SigV4Verifier.<String>builder(
              (id, token) ->
                  id.equals(ACCESS_KEY_ID)
                      ? Optional.of(SigningSecret.of(SECRET, "builder"))
                      : Optional.empty())
          .services(Set.of("sts", "iam"))
          .build();

  @Test
  void verify_randomAuthorizationHeaders_onlySignatureExceptions() {
    Random random = new Random(0x5167_4a11L);
    for (int i = 0; i < 20_000; i++) {
      SignedRequest.Builder request =
          SignedRequest.builder()
              .method(random.nextBoolean() ? "POST" : "GET")
              .target(random.nextInt(4) == 0 ? garbage(random) : "/")
              .header("Host", "127.0.0.1:4747")
              .header("Authorization", garbage(random))
              .receivedAt(NOW)
              .body(BODY.getBytes(StandardCharsets.UTF_8));
      switch (random.nextInt(4)) {
        case 0 -> request.header("X-Amz-Date", "20260301T100000Z");
        case 1 -> request.header("X-Amz-Date", garbage(random));
        case 2 -> request.header("Date", garbage(random));
        default -> {}
      }
      if (random.nextInt(5) == 0) {
        request.header("X-Amz-Security-Token", garbage(random));
      }
      if (random.nextInt(5) == 0) {
        request.header("x-amz-content-sha256", garbage(random));
      }
      expectOnlySignatureException(request.build());
    }
  }

  @Test
  void verify_randomPresignedQueries_onlySignatureExceptions() {
    Random random = new Random(0x9e37_79b9L);
    List<String> names =
        List.of(
            "X-Amz-Algorithm",
            "X-Amz-Credential",
            "X-Amz-Date",
            "X-Amz-Expires",
            "X-Amz-SignedHeaders",
            "X-Amz-Signature",
            "X-Amz-Security-Token",
            "X-Amz-Content-Sha256",
            "Action");
    for (int i = 0; i < 20_000; i++) {
      StringBuilder query = new StringBuilder();
      int parameters = random.nextInt(9);
      for (int p = 0; p < parameters; p++) {
        if (query.length() > 0) {
          query.append(random.nextInt(10) == 0 ? "&&" : "&");
        }
        query.append(
            random.nextInt(6) == 0 ? garbage(random) : names.get(random.nextInt(names.size())));
        if (random.nextInt(8) != 0) {
          query.append('=').append(garbage(random));
        }
      }
      SignedRequest request =
          SignedRequest.builder()
              .method("GET")
              .rawPath(random.nextInt(3) == 0 ? garbage(random) : "/")
              .rawQuery(query.toString())
              .header("Host", "127.0.0.1:4747")
              .receivedAt(NOW)
              .build();
      expectOnlySignatureException(request);
    }
  }

  @Test
  void verify_randomByteFlipsOfSignedRequest_rejectedUnlessCanonicallyEqual() {
    SignedRequest original = SdkSigning.sign(Spec.post("sts", BODY, NOW), NOW);
    SigningInput originalInput = VERIFIER.canonicalize(original);
    assertThat(VERIFIER.verify(original).principal()).isEqualTo("builder");
    Random random = new Random(0x0dd_ba11L);
    List<String> names = original.headers().names().stream().sorted().toList();
    int rejected = 0;
    for (int i = 0; i < 5_000; i++) {
      SignedRequest mutated;
      switch (random.nextInt(5)) {
        case 0 -> mutated = original.toBuilder().method(flip(random, original.method())).build();
        case 1 -> mutated = original.toBuilder().rawPath(flip(random, original.rawPath())).build();
        case 2 ->
            mutated =
                original.toBuilder()
                    .body(flip(random, BODY).getBytes(StandardCharsets.UTF_8))
                    .build();
        default -> {
          String name = names.get(random.nextInt(names.size()));
          String value = original.headers().first(name).orElseThrow();
          mutated =
              original.toBuilder()
                  .headers(original.headers().with(name, List.of(flip(random, value))))
                  .build();
        }
      }
      try {
        VERIFIER.verify(mutated);
        SigningInput input = VERIFIER.canonicalize(mutated);
        assertThat(input.canonicalRequest()).isEqualTo(originalInput.canonicalRequest());
        assertThat(input.signature()).isEqualToIgnoringCase(originalInput.signature());
      } catch (SignatureException e) {
        rejected++;
        assertSafe(e);
      }
    }
    assertThat(rejected).isGreaterThan(4_500);
  }

  private static void expectOnlySignatureException(SignedRequest request) {
    try {
      VERIFIER.verify(request);
      fail("accepted a garbage request: " + request);
    } catch (SignatureException e) {
      assertSafe(e);
    } catch (RuntimeException | Error e) {
      throw new AssertionError(
          "not a SignatureException for " + request.headers().all("Authorization"), e);
    }
  }

  private static void assertSafe(SignatureException e) {
    assertThat(e.getMessage()).doesNotContain(SECRET).hasSizeLessThan(1_000);
    assertThat(e.httpStatus()).isIn(400, 403);
  }

  private static String garbage(Random random) {
    StringBuilder out = new StringBuilder();
    int pieces = random.nextInt(12);
    for (int i = 0; i < pieces; i++) {
      if (random.nextInt(4) == 0) {
        int length = random.nextInt(6);
        for (int c = 0; c < length; c++) {
          out.append((char) random.nextInt(random.nextBoolean() ? 128 : 0xD800));
        }
      } else {
        out.append(PIECES.get(random.nextInt(PIECES.size())));
      }
    }
    return out.toString();
  }

  private static String flip(Random random, String value) {
    if (value.isEmpty()) {
      return "x";
    }
    char[] chars = value.toCharArray();
    int at = random.nextInt(chars.length);
    chars[at] = (char) (chars[at] ^ (1 << random.nextInt(7)));
    return new String(chars);
  }
}
