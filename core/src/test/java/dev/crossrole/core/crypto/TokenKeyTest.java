package dev.crossrole.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TokenKeyTest {
  private static final MasterKey MASTER = MasterKey.generate();
  private static final SecretBox BOX = MASTER.secretBox(SecretBox.SESSION_TOKEN_KEYS);

  @Test
  void generate_twice_givesDistinctIdsAndMaterialCreatedToTheSecond() {
    TokenKey a = TokenKey.generate(Fixtures.ISSUED);
    TokenKey b = TokenKey.generate(Fixtures.ISSUED);

    assertThat(a.id()).matches("[a-z2-7]{8}").isNotEqualTo(b.id());
    assertThat(a.material()).hasSize(32).isNotEqualTo(b.material());
    assertThat(a.created()).isEqualTo(Instant.parse("2025-03-01T12:00:00Z"));
  }

  @Test
  void successorOf_sameSecondAsPredecessor_createdASecondLaterWithTheIdOfThatPredecessor() {
    TokenKey first = TokenKey.generate(Instant.parse("2025-03-01T12:00:00.2Z"));

    TokenKey next =
        TokenKey.successorOf(first.id(), first.created(), Instant.parse("2025-03-01T12:00:00.7Z"));
    TokenKey again =
        TokenKey.successorOf(first.id(), first.created(), Instant.parse("2025-03-01T12:00:00.9Z"));

    assertThat(next.created()).isEqualTo(Instant.parse("2025-03-01T12:00:01Z"));
    assertThat(next.id()).isEqualTo(again.id()).isNotEqualTo(first.id());
  }

  @Test
  void successorOf_laterSecond_createdThenToTheSecond() {
    TokenKey next =
        TokenKey.successorOf(
            "k1", Instant.parse("2025-03-01T12:00:00Z"), Instant.parse("2025-03-02T08:30:15.4Z"));

    assertThat(next.created()).isEqualTo(Instant.parse("2025-03-02T08:30:15Z"));
  }

  @Test
  void sealThenOpen_asStored_returnsTheSameKey() {
    TokenKey key = TokenKey.generate(Fixtures.ISSUED);

    String sealed = key.seal(BOX);

    assertThat(TokenKey.open(key.id(), key.created(), sealed, BOX)).isEqualTo(key);
    assertThat(sealed).doesNotContain(Base64.getUrlEncoder().encodeToString(key.material()));
  }

  @Test
  void open_createdLostSubSecondPrecisionInStore_stillOpens() {
    TokenKey key = new TokenKey("k1", new byte[32], Instant.parse("2025-03-01T12:00:00.5Z"));
    String sealed = key.seal(BOX);

    TokenKey opened = TokenKey.open("k1", Instant.parse("2025-03-01T12:00:00Z"), sealed, BOX);

    assertThat(opened.material()).isEqualTo(key.material());
  }

  static Stream<Arguments> wrongRows() {
    TokenKey key = TokenKey.generate(Fixtures.ISSUED);
    String sealed = key.seal(BOX);
    return Stream.of(
        Arguments.of("other id", "other", key.created(), sealed, BOX),
        Arguments.of("re-dated", key.id(), key.created().plusSeconds(1), sealed, BOX),
        Arguments.of(
            "access key box",
            key.id(),
            key.created(),
            sealed,
            MASTER.secretBox(SecretBox.ACCESS_KEY_SECRETS)),
        Arguments.of(
            "other master key",
            key.id(),
            key.created(),
            sealed,
            MasterKey.generate().secretBox(SecretBox.SESSION_TOKEN_KEYS)),
        Arguments.of(
            "a sealed access key secret",
            key.id(),
            key.created(),
            BOX.seal(new byte[32], "AKIAEXAMPLE234567ABC"),
            BOX));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wrongRows")
  void open_rowNotSealedForThisIdAndTime_failsAsTampered(
      String name, String id, Instant created, String sealed, SecretBox box) {
    CryptoException e =
        catchThrowableOfType(CryptoException.class, () -> TokenKey.open(id, created, sealed, box));

    assertThat(e.kind()).isEqualTo(CryptoException.Kind.TAMPERED_SECRET);
  }

  @Test
  void open_authenticMaterialOfWrongLength_failsAsTampered() {
    String sealed = BOX.seal(new byte[16], "crossrole/session-token-key/k1/0");

    CryptoException e =
        catchThrowableOfType(
            CryptoException.class, () -> TokenKey.open("k1", Instant.EPOCH, sealed, BOX));

    assertThat(e.kind()).isEqualTo(CryptoException.Kind.TAMPERED_SECRET);
  }

  @Test
  void material_mutatingCopies_doesNotChangeTheKey() {
    byte[] original = new byte[32];
    TokenKey key = new TokenKey("k1", original, Fixtures.ISSUED);

    original[0] = 1;
    key.material()[1] = 1;

    assertThat(key.material()).isEqualTo(new byte[32]);
  }

  @Test
  void toString_anyKey_redactsMaterial() {
    byte[] material = new byte[32];
    material[0] = (byte) 0xAB;
    TokenKey key = new TokenKey("k1", material, Fixtures.ISSUED);

    assertThat(key.toString())
        .contains("k1")
        .contains("redacted")
        .doesNotContain(Base64.getEncoder().encodeToString(material).substring(0, 8))
        .doesNotContainIgnoringCase(HexFormat.of().formatHex(material).substring(0, 8))
        .doesNotContain("[B@");
  }

  static Stream<Arguments> badKeys() {
    return Stream.of(
        Arguments.of("empty id", "", new byte[32]),
        Arguments.of("id with a slash", "a/b", new byte[32]),
        Arguments.of("id of 33 characters", "a".repeat(33), new byte[32]),
        Arguments.of("non-ASCII id", "clé", new byte[32]),
        Arguments.of("16-byte material", "k1", new byte[16]));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badKeys")
  void constructor_badIdOrMaterial_isRefused(String name, String id, byte[] material) {
    assertThatThrownBy(() -> new TokenKey(id, material, Fixtures.ISSUED))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void equals_sameFields_equalAndSameHash() {
    TokenKey a = new TokenKey("k1", new byte[32], Fixtures.ISSUED);
    TokenKey b = new TokenKey("k1", new byte[32], Fixtures.ISSUED);
    byte[] other = new byte[32];
    other[31] = 1;

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(new TokenKey("k1", other, Fixtures.ISSUED));
  }
}
