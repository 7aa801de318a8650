package dev.crossrole.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AuthorizationMessageCodecTest {
  private static final KeyRing RING = Fixtures.ring("k1");
  private static final AuthorizationMessageCodec CODEC = new AuthorizationMessageCodec(RING);
  private static final String ACCOUNT = "111111111111";
  private static final String TEXT =
      "{\"allowed\":false,\"explicitDeny\":false,\"context\":{\"action\":\"iam:ListUsers\"}}";

  @Test
  void encodeThenDecode_sameAccount_returnsTheText() {
    String encoded = CODEC.encode(ACCOUNT, TEXT);

    assertThat(encoded).matches("[A-Za-z0-9_-]+");
    assertThat(CODEC.decode(ACCOUNT, encoded)).contains(TEXT);
  }

  @Test
  void encode_twice_differentBlobsBothDecode() {
    String a = CODEC.encode(ACCOUNT, TEXT);
    String b = CODEC.encode(ACCOUNT, TEXT);

    assertThat(a).isNotEqualTo(b);
    assertThat(CODEC.decode(ACCOUNT, b)).contains(TEXT);
  }

  @Test
  void decode_afterRotation_olderKeyStillOpens() {
    String encoded = CODEC.encode(ACCOUNT, TEXT);
    AuthorizationMessageCodec rotated =
        new AuthorizationMessageCodec(RING.rotateTo(Fixtures.key("k2")));

    assertThat(rotated.decode(ACCOUNT, encoded)).contains(TEXT);
    assertThat(rotated.decode(ACCOUNT, rotated.encode(ACCOUNT, TEXT))).contains(TEXT);
  }

  @Test
  void decode_largeText_compressedUnderStsLimit() {
    String big = "{\"conditions\":\"" + "aws:PrincipalTag/team=platform,".repeat(300) + "\"}";
    String encoded = CODEC.encode(ACCOUNT, big);

    assertThat(encoded.length()).isLessThan(AuthorizationMessageCodec.MAX_ENCODED_LENGTH);
    assertThat(CODEC.decode(ACCOUNT, encoded)).contains(big);
  }

  static Stream<Arguments> refusals() {
    String good = CODEC.encode(ACCOUNT, TEXT);
    byte[] raw = Base64.getUrlDecoder().decode(good);
    UnaryOperator<byte[]> flipLast =
        b -> {
          byte[] c = b.clone();
          c[c.length - 1] ^= 1;
          return c;
        };
    UnaryOperator<byte[]> flipBody =
        b -> {
          byte[] c = b.clone();
          c[c.length / 2] ^= 0x40;
          return c;
        };
    Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
    return Stream.of(
        Arguments.of("another account", "222222222222", good),
        Arguments.of("garbage text", ACCOUNT, "not a message"),
        Arguments.of("empty", ACCOUNT, ""),
        Arguments.of("tag flipped", ACCOUNT, enc.encodeToString(flipLast.apply(raw))),
        Arguments.of("body flipped", ACCOUNT, enc.encodeToString(flipBody.apply(raw))),
        Arguments.of("truncated", ACCOUNT, good.substring(0, good.length() / 2)),
        Arguments.of(
            "unknown key",
            ACCOUNT,
            new AuthorizationMessageCodec(Fixtures.ring("other")).encode(ACCOUNT, TEXT)),
        Arguments.of(
            "same key id, other material",
            ACCOUNT,
            new AuthorizationMessageCodec(Fixtures.ring("k1")).encode(ACCOUNT, TEXT)),
        Arguments.of(
            "a session token", ACCOUNT, new SessionTokenCodec(RING).encode(Fixtures.minimal())),
        Arguments.of("too long", ACCOUNT, "A".repeat(10_241)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void decode_untrustworthyInput_empty(String name, String account, String encoded) {
    assertThat(CODEC.decode(account, encoded)).isEmpty();
  }
}
