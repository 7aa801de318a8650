package dev.crossrole.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crossrole.client.ClientException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.stream.Stream;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A CA bundle read as the AWS CLI takes one, and every way it cannot be used reported as a
 * configuration failure that names the file and where it was named.
 */
class CaBundleTest {
  @TempDir Path dir;

  @Test
  void certificates_twoAuthoritiesWithComments_bothInOrder() throws IOException {
    Trust.Bundle bundle = new Trust.Bundle(twoAuthorities(), "--ca-bundle");

    assertThat(CaBundle.certificates(bundle))
        .extracting(c -> c.getSubjectX500Principal().getName())
        .containsExactly("CN=Test authority one", "CN=Test authority two");
  }

  @Test
  void trustManagers_twoAuthorities_trustThoseAlone() throws IOException {
    TrustManager[] managers =
        CaBundle.trustManagers(new Trust.Bundle(twoAuthorities(), "AWS_CA_BUNDLE"));

    X509Certificate[] issuers =
        Arrays.stream(managers)
            .map(X509TrustManager.class::cast)
            .flatMap(m -> Arrays.stream(m.getAcceptedIssuers()))
            .toArray(X509Certificate[]::new);
    assertThat(issuers)
        .extracting(c -> c.getSubjectX500Principal().getName())
        .containsExactlyInAnyOrder("CN=Test authority one", "CN=Test authority two");
  }

  /** name, the file's content (null: no file; DIR: a directory), the message's end. */
  static Stream<Arguments> unusable() {
    return Stream.of(
        Arguments.of("certificates_missingFile_configuration", null, "does not exist"),
        Arguments.of(
            "certificates_directory_configuration", "DIR", "is a directory, not a PEM file"),
        Arguments.of(
            "certificates_emptyFile_configuration",
            "",
            "holds no PEM certificate (-----BEGIN CERTIFICATE-----)"),
        Arguments.of(
            "certificates_privateKeyOnly_configuration",
            "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n"
                + "-----END PRIVATE KEY-----\n",
            "holds no PEM certificate (-----BEGIN CERTIFICATE-----)"),
        Arguments.of(
            "certificates_blockNotACertificate_configuration",
            "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n",
            "holds a certificate (number 1) that is not X.509"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unusable")
  void certificates_unusable(String name, String content, String message) throws IOException {
    Path file = dir.resolve("ca.pem");
    if ("DIR".equals(content)) {
      Files.createDirectory(file);
    } else if (content != null) {
      Files.writeString(file, content);
    }

    assertThatThrownBy(() -> CaBundle.certificates(new Trust.Bundle(file, "AWS_CA_BUNDLE")))
        .isInstanceOf(ClientException.class)
        .hasMessage("the CA bundle " + file + " (AWS_CA_BUNDLE) " + message)
        .extracting(e -> ((ClientException) e).kind())
        .isEqualTo(ClientException.Kind.CONFIGURATION);
  }

  private Path twoAuthorities() throws IOException {
    Path file = dir.resolve("two-authorities.pem");
    try (InputStream in = CaBundleTest.class.getResourceAsStream("two-authorities.pem")) {
      Files.copy(in, file);
    }
    return file;
  }
}
