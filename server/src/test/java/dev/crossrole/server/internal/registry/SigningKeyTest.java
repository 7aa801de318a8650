package dev.crossrole.server.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import dev.crossrole.core.SealedSigningKey;
import dev.crossrole.core.crypto.MasterKey;
import dev.crossrole.core.crypto.SecretBox;
import java.nio.file.Path;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The registry signing key: sealing, libtrust key ids, and signatures any ES256 verifier takes. */
class SigningKeyTest {
  @TempDir Path dir;

  private SecretBox box() {
    return MasterKey.load(dir, Map.of()).secretBox(SigningKey.SECRET_BOX_PURPOSE);
  }

  static Stream<Arguments> base32() {
    // RFC 4648's test vectors, without padding.
    return Stream.of(
        Arguments.of("base32_empty_empty", "", ""),
        Arguments.of("base32_f_MY", "f", "MY"),
        Arguments.of("base32_fo_MZXQ", "fo", "MZXQ"),
        Arguments.of("base32_foo_MZXW6", "foo", "MZXW6"),
        Arguments.of("base32_foob_MZXW6YQ", "foob", "MZXW6YQ"),
        Arguments.of("base32_fooba_MZXW6YTB", "fooba", "MZXW6YTB"),
        Arguments.of("base32_foobar_MZXW6YTBOI", "foobar", "MZXW6YTBOI"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("base32")
  void base32_rfc4648Vector_encoded(String name, String input, String expected) {
    assertThat(SigningKey.Base32.encode(input.getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
        .isEqualTo(expected);
  }

  @Test
  void open_sealedKey_sameKeyIdAndCertificate() {
    SealedSigningKey sealed = SigningKey.generate(box(), Instant.now());

    SigningKey key = SigningKey.open(sealed, box());

    assertThat(key.keyId()).isEqualTo(sealed.id()).matches("([A-Z2-7]{4}:){11}[A-Z2-7]{4}");
    assertThat(key.keyId())
        .isEqualTo(SigningKey.libtrustKeyId((ECPublicKey) key.certificate().getPublicKey()));
    assertThat(key.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----\n");
    assertThat(sealed.sealedPrivateKey()).doesNotContain("PRIVATE");
    assertThat(key.toString()).doesNotContain(sealed.sealedPrivateKey());
  }

  @Test
  void open_otherMasterKey_refused(@TempDir Path other) {
    SealedSigningKey sealed = SigningKey.generate(box(), Instant.now());
    SecretBox wrong = MasterKey.load(other, Map.of()).secretBox(SigningKey.SECRET_BOX_PURPOSE);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SigningKey.open(sealed, wrong))
        .isInstanceOf(RuntimeException.class);
  }

  @Test
  void issue_manyTokens_everySignatureVerifiesWithTheCertificate() throws Exception {
    SigningKey key = SigningKey.open(SigningKey.generate(box(), Instant.now()), box());
    RegistryTokens tokens = new RegistryTokens(key, Clock.systemUTC());
    ECDSAVerifier verifier = new ECDSAVerifier((ECPublicKey) key.certificate().getPublicKey());
    // Enough tokens that some signatures have an R or S with leading zero bytes.
    for (int i = 0; i < 600; i++) {
      String token =
          tokens
              .issue(
                  "arn:aws:iam::111111111111:user/u" + i,
                  List.of(
                      new RegistryTokens.Access("repository", "111111111111/a", List.of("pull"))),
                  Instant.now().plus(1, ChronoUnit.HOURS))
              .token();
      SignedJWT jwt = SignedJWT.parse(token);
      assertThat(jwt.verify(verifier)).as("token %d", i).isTrue();
      assertThat(jwt.getHeader().getKeyID()).isEqualTo(key.keyId());
    }
  }
}
