package dev.crossrole.core.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Base64;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SecretBoxTest {
  private static final MasterKey MASTER = MasterKey.generate();
  private static final SecretBox BOX = MASTER.secretBox(SecretBox.ACCESS_KEY_SECRETS);
  private static final String OWNER = "AKIAEXAMPLE234567ABC";

  static Stream<Arguments> plaintexts() {
    return Stream.of(
        Arguments.of("empty", ""),
        Arguments.of("secret access key", Fixtures.SECRET),
        Arguments.of("unicode", "clé secrète 🔑 鍵"),
        Arguments.of("64 KiB", "x".repeat(SecretBox.MAX_PLAINTEXT)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plaintexts")
  void sealThenOpen_sameOwner_returnsPlaintext(String name, String plaintext) {
    String sealed = BOX.sealText(plaintext, OWNER);

    assertThat(BOX.openText(sealed, OWNER)).isEqualTo(plaintext);
    assertThat(Base64.getUrlDecoder().decode(sealed))
        .hasSize(1 + 12 + plaintext.getBytes(UTF_8).length + 16)
        .startsWith(SecretBox.VERSION);
  }

  @Test
  void seal_samePlaintextTwice_differsAndHidesPlaintext() {
    String a = BOX.sealText(Fixtures.SECRET, OWNER);
    String b = BOX.sealText(Fixtures.SECRET, OWNER);

    assertThat(a).isNotEqualTo(b).doesNotContain(Fixtures.SECRET).doesNotContain("wJalrX");
  }

  static Stream<Arguments> wrongOpeners() {
    String sealed = BOX.sealText(Fixtures.SECRET, OWNER);
    return Stream.of(
        Arguments.of("other owner", sealed, BOX, "AKIAOTHER2345672ABCD"),
        Arguments.of("owner with a suffix", sealed, BOX, OWNER + " "),
        Arguments.of("empty owner", sealed, BOX, ""),
        Arguments.of(
            "other purpose", sealed, MASTER.secretBox(SecretBox.SESSION_TOKEN_KEYS), OWNER),
        Arguments.of(
            "other master key",
            sealed,
            MasterKey.generate().secretBox(SecretBox.ACCESS_KEY_SECRETS),
            OWNER));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wrongOpeners")
  void open_wrongOwnerPurposeOrKey_failsAsTampered(
      String name, String sealed, SecretBox box, String owner) {
    CryptoException e = catchThrowableOfType(CryptoException.class, () -> box.open(sealed, owner));

    assertThat(e.kind()).isEqualTo(CryptoException.Kind.TAMPERED_SECRET);
    assertThat(e.getMessage()).doesNotContain(Fixtures.SECRET);
  }

  @Test
  void open_anyByteFlipped_failsAsTampered() {
    byte[] sealed = Base64.getUrlDecoder().decode(BOX.sealText(Fixtures.SECRET, OWNER));
    for (int i = 0; i < sealed.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] altered = sealed.clone();
        altered[i] ^= (byte) (1 << bit);
        String text = Base64.getUrlEncoder().withoutPadding().encodeToString(altered);
        assertThatThrownBy(() -> BOX.open(text, OWNER))
            .as("byte %d bit %d", i, bit)
            .isInstanceOf(CryptoException.class)
            .extracting(t -> ((CryptoException) t).kind())
            .isEqualTo(CryptoException.Kind.TAMPERED_SECRET);
      }
    }
  }

  @Test
  void open_everyTruncation_failsAsTampered() {
    String sealed = BOX.sealText(Fixtures.SECRET, OWNER);
    for (int n = 0; n < sealed.length(); n++) {
      String truncated = sealed.substring(0, n);
      assertThatThrownBy(() -> BOX.open(truncated, OWNER))
          .as("first %d characters", n)
          .isInstanceOf(CryptoException.class);
    }
  }

  @Test
  void open_randomInput_onlyEverTamperedSecret() {
    Random random = new Random(20250301L);
    for (int i = 0; i < 3000; i++) {
      String input = randomInput(random);
      CryptoException e = catchThrowableOfType(CryptoException.class, () -> BOX.open(input, OWNER));
      assertThat(e).as("input %s", input).isNotNull();
      assertThat(e.kind()).isEqualTo(CryptoException.Kind.TAMPERED_SECRET);
    }
  }

  @Test
  void seal_overMaximum_isRefused() {
    assertThatThrownBy(() -> BOX.seal(new byte[SecretBox.MAX_PLAINTEXT + 1], OWNER))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toString_box_showsPurposeNotKey() {
    assertThat(BOX.toString()).isEqualTo("SecretBox[purpose=access-key-secrets, key=<redacted>]");
  }

  @Test
  void secretBox_blankPurpose_isRefused() {
    assertThatThrownBy(() -> MASTER.secretBox(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  /** Random base64url text of a plausible length, or random characters, or random bytes. */
  static String randomInput(Random random) {
    int kind = random.nextInt(3);
    int length = random.nextInt(120);
    if (kind == 0) {
      byte[] b = new byte[length];
      random.nextBytes(b);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < length; i++) {
      s.append(kind == 1 ? (char) (32 + random.nextInt(95)) : (char) random.nextInt(0x10000));
    }
    return s.toString();
  }
}
