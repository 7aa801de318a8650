package dev.crossrole.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossrole.core.Account;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code --tls-cert}/{@code --tls-key}: the server serves the operator's certificate chain, whose
 * key comes in any PEM form OpenSSL writes, and the AWS CLI verifies it against the operator's
 * authority; a key that is not the certificate's, an encrypted one or a missing file stops the
 * start with a message naming the file.
 */
class TlsPemFilesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path data;
  @TempDir Path certificates;

  static Stream<Arguments> forms() {
    return Stream.of(
        Arguments.of("rsaKey_pkcs8", "RSA", TestCertificates.KeyForm.PKCS8, "BEGIN PRIVATE KEY"),
        Arguments.of(
            "rsaKey_pkcs1", "RSA", TestCertificates.KeyForm.TRADITIONAL, "BEGIN RSA PRIVATE KEY"),
        Arguments.of("ecKey_pkcs8", "EC", TestCertificates.KeyForm.PKCS8, "BEGIN PRIVATE KEY"),
        Arguments.of(
            "ecKey_sec1", "EC", TestCertificates.KeyForm.TRADITIONAL, "BEGIN EC PRIVATE KEY"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forms")
  void pemFiles_keyForm_awsCliVerifiesAgainstTheOperatorsAuthority(
      String name, String algorithm, TestCertificates.KeyForm form, String header)
      throws Exception {
    TestCertificates.Made made = TestCertificates.write(certificates, algorithm, form);
    assertThat(Files.readString(made.key())).contains(header);

    try (CrossroleServer server = start(new TlsMode.PemFiles(made.chain(), made.key()))) {
      assertThat(server.endpoint()).startsWith("https://127.0.0.1:");
      // The operator's authority is theirs to distribute: the profiles name none.
      assertThat(Files.readString(data.resolve("config"))).doesNotContain("ca_bundle");
      AwsCli aws = new AwsCli(data);
      AwsCli.Result trusted =
          aws.run(
              Map.of("AWS_CA_BUNDLE", made.authority().toString()),
              "--profile",
              "ours",
              "sts",
              "get-caller-identity");
      // One attempt: the CLI retries a failed handshake, which would fail alike.
      AwsCli.Result untrusted =
          aws.run(
              Map.of("AWS_MAX_ATTEMPTS", "1"), "--profile", "ours", "sts", "get-caller-identity");

      assertThat(trusted.exitCode()).as(trusted.err()).isZero();
      assertThat(JSON.readTree(trusted.out()).get("Arn").asText())
          .isEqualTo("arn:aws:iam::111111111111:root");
      assertThat(untrusted.exitCode()).isNotZero();
      assertThat(untrusted.err()).contains("CERTIFICATE_VERIFY_FAILED");
    }
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of(
            "keyOfAnotherCertificate_refused",
            (UnaryOperator<TestCertificates.Made>)
                m -> withFreshKey(m, TestCertificates.KeyForm.PKCS8),
            "is not the key of the first certificate in"),
        Arguments.of(
            "encryptedKey_refused",
            (UnaryOperator<TestCertificates.Made>)
                m -> withFreshKey(m, TestCertificates.KeyForm.ENCRYPTED),
            "holds an encrypted private key"),
        Arguments.of(
            "missingCertificate_refused",
            (UnaryOperator<TestCertificates.Made>)
                m ->
                    new TestCertificates.Made(
                        m.authority(), m.chain().resolveSibling("none.pem"), m.key()),
            "no TLS certificate file"),
        Arguments.of(
            "keyFileWithoutKey_refused",
            (UnaryOperator<TestCertificates.Made>)
                m -> new TestCertificates.Made(m.authority(), m.chain(), m.authority()),
            "holds no PEM private key"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void pemFiles_unusable_startRefusedNamingTheFile(
      String name, UnaryOperator<TestCertificates.Made> spoil, String message) throws Exception {
    TestCertificates.Made made =
        spoil.apply(TestCertificates.write(certificates, "EC", TestCertificates.KeyForm.PKCS8));

    assertThatThrownBy(() -> start(new TlsMode.PemFiles(made.chain(), made.key())).close())
        .isInstanceOf(ServerException.class)
        .hasMessageStartingWith("cannot start: ")
        .hasMessageContaining(message)
        .hasMessageNotContaining("BEGIN");
  }

  private CrossroleServer start(TlsMode tls) {
    return CrossroleServer.start(
        ServerConfig.builder(data)
            .port(0)
            .account(new Account("ours", "111111111111"))
            .tls(tls)
            .build());
  }

  /** The same chain with a key of no certificate's, written in {@code form}. */
  private static TestCertificates.Made withFreshKey(
      TestCertificates.Made made, TestCertificates.KeyForm form) {
    try {
      Path key = made.key().resolveSibling("fresh-" + form + "-key.pem");
      Files.writeString(
          key, TestCertificates.key(TestCertificates.keyPair("EC").getPrivate(), form));
      return new TestCertificates.Made(made.authority(), made.chain(), key);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
