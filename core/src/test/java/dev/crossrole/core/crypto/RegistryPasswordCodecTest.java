package dev.crossrole.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RegistryPasswordCodecTest {
  private static final KeyRing RING = Fixtures.ring("k1");
  private static final RegistryPasswordCodec CODEC = new RegistryPasswordCodec(RING);
  private static final Instant ISSUED = Instant.parse("2025-03-01T12:00:00.123Z");

  private static final RegistryPassword SESSION =
      new RegistryPassword(
          "arn:aws:sts::111111111111:assumed-role/OURTHINGBUILDROLE/build-42",
          Optional.of("AROAEXAMPLE000000001:build-42"),
          Optional.of("arn:aws:iam::111111111111:role/OURTHINGBUILDROLE"),
          Map.of("team", "platform"),
          "111111111111",
          "ASIAEXAMPLE000000001",
          Optional.of("{\"Version\":\"2012-10-17\",\"Statement\":[]}"),
          List.of(
              "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser",
              "arn:aws:iam::111111111111:policy/push-only"),
          Optional.of(ISSUED.minusSeconds(60)),
          Optional.of("builder-ci"),
          Set.of("team"),
          ISSUED,
          ISSUED.plusSeconds(3600));

  private static final RegistryPassword ROOT =
      new RegistryPassword(
          "arn:aws:iam::111111111111:root",
          Optional.empty(),
          Optional.empty(),
          Map.of(),
          "111111111111",
          "AKIAEXAMPLE000000001",
          Optional.empty(),
          List.of(),
          Optional.empty(),
          Optional.empty(),
          Set.of(),
          ISSUED,
          ISSUED.plusSeconds(12 * 3600));

  static Stream<Arguments> claims() {
    return Stream.of(Arguments.of("roleSession", SESSION), Arguments.of("rootLongTerm", ROOT));
  }

  @ParameterizedTest(name = "encodeThenDecode_{0}_sameClaims")
  @MethodSource("claims")
  void encodeThenDecode_claims_sameClaims(String name, RegistryPassword claims) {
    String password = CODEC.encode(claims);

    assertThat(password)
        .startsWith(RegistryPasswordCodec.PREFIX)
        .matches("crecr1\\.[A-Za-z0-9_-]+");
    assertThat(CODEC.decode(password)).contains(claims);
  }

  @Test
  void decode_afterRotation_olderKeyStillOpens() {
    String password = CODEC.encode(SESSION);
    RegistryPasswordCodec rotated = new RegistryPasswordCodec(RING.rotateTo(Fixtures.key("k2")));

    assertThat(rotated.decode(password)).contains(SESSION);
  }

  @Test
  void toString_claims_noSessionPolicy() {
    assertThat(SESSION.toString()).doesNotContain("Statement").contains("expires");
  }

  static Stream<Arguments> refusals() {
    String good = CODEC.encode(SESSION);
    String body = good.substring(RegistryPasswordCodec.PREFIX.length());
    byte[] raw = Base64.getUrlDecoder().decode(body);
    UnaryOperator<byte[]> flipLast =
        b -> {
          byte[] c = b.clone();
          c[c.length - 1] ^= 1;
          return c;
        };
    UnaryOperator<byte[]> flipMiddle =
        b -> {
          byte[] c = b.clone();
          c[c.length / 2] ^= 0x40;
          return c;
        };
    UnaryOperator<byte[]> otherKeyId =
        b -> {
          byte[] c = b.clone();
          c[2] = 'x';
          return c;
        };
    Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
    return Stream.of(
        Arguments.of("empty", ""),
        Arguments.of("prefixOnly", RegistryPasswordCodec.PREFIX),
        Arguments.of("noPrefix", body),
        Arguments.of("otherPrefix", "crecr2." + body),
        Arguments.of("notBase64", RegistryPasswordCodec.PREFIX + "***"),
        Arguments.of("truncated", good.substring(0, good.length() - 10)),
        Arguments.of(
            "tagFlipped", RegistryPasswordCodec.PREFIX + enc.encodeToString(flipLast.apply(raw))),
        Arguments.of(
            "ciphertextFlipped",
            RegistryPasswordCodec.PREFIX + enc.encodeToString(flipMiddle.apply(raw))),
        Arguments.of(
            "unknownKeyId",
            RegistryPasswordCodec.PREFIX + enc.encodeToString(otherKeyId.apply(raw))),
        Arguments.of("otherRing", new RegistryPasswordCodec(Fixtures.ring("k9")).encode(SESSION)),
        Arguments.of("sessionToken", new SessionTokenCodec(RING).encode(Fixtures.minimal())),
        Arguments.of("tooLong", RegistryPasswordCodec.PREFIX + "A".repeat(20_000)));
  }

  @ParameterizedTest(name = "decode_{0}_empty")
  @MethodSource("refusals")
  void decode_notAValidPassword_empty(String name, String password) {
    assertThat(CODEC.decode(password)).isEmpty();
  }

  @Test
  void isExpired_atAndAfterExpiry_true() {
    assertThat(SESSION.isExpired(SESSION.expiresAt().minusNanos(1))).isFalse();
    assertThat(SESSION.isExpired(SESSION.expiresAt())).isTrue();
  }
}
