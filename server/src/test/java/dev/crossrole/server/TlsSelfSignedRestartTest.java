package dev.crossrole.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crossrole.core.Account;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code --tls self-signed} across restarts: the authority and the certificate are reused while
 * they fit, so clients keep trusting the same {@code ca.pem}; a new host, or a certificate near its
 * end, gets a new certificate from the same authority; an authority near its own end is made anew.
 * The keys stay readable by their owner only.
 */
class TlsSelfSignedRestartTest {
  @TempDir Path data;

  static Stream<Arguments> restarts() {
    return Stream.of(
        Arguments.of(
            "sameHost_reusesAuthorityAndCertificate", "127.0.0.1", Duration.ZERO, true, true),
        Arguments.of(
            "otherHost_newCertificateSameAuthority", "127.0.0.2", Duration.ZERO, true, false),
        Arguments.of(
            "certificateNearItsEnd_newCertificateSameAuthority",
            "127.0.0.1",
            Duration.ofDays(340),
            true,
            false),
        Arguments.of(
            "authorityNearItsEnd_newAuthorityAndCertificate",
            "127.0.0.1",
            Duration.ofDays(3300),
            false,
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("restarts")
  void restart_selfSigned_reusesWhatStillFits(
      String name,
      String secondHost,
      Duration later,
      boolean sameAuthority,
      boolean sameCertificate)
      throws Exception {
    OffsetClock clock = new OffsetClock();
    start("127.0.0.1", clock).close();
    String authority = Files.readString(data.resolve("ca.pem"));
    String chain = Files.readString(data.resolve("tls/server.pem"));

    clock.set(later);
    try (CrossroleServer server = start(secondHost, clock)) {
      assertThat(server.endpoint()).startsWith("https://" + secondHost + ":");
    }

    String authorityAfter = Files.readString(data.resolve("ca.pem"));
    String chainAfter = Files.readString(data.resolve("tls/server.pem"));
    assertThat(authorityAfter.equals(authority)).as("same authority").isEqualTo(sameAuthority);
    assertThat(chainAfter.equals(chain)).as("same certificate").isEqualTo(sameCertificate);
    List<X509Certificate> served = certificates(chainAfter);
    assertThat(served.get(1)).isEqualTo(certificates(authorityAfter).get(0));
    served.get(0).verify(served.get(1).getPublicKey());
    assertThat(served.get(0).getSubjectAlternativeNames().stream().map(n -> n.get(1).toString()))
        .contains("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1", secondHost);
    assertThat(served.get(0).getNotAfter().toInstant())
        .isAfter(clock.instant().plus(Duration.ofDays(300)));
    for (String key : List.of("tls/ca-key.pem", "tls/server-key.pem")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(key))))
          .as(key)
          .isEqualTo("rw-------");
    }
  }

  private CrossroleServer start(String host, OffsetClock clock) {
    return CrossroleServer.start(
        ServerConfig.builder(data)
            .host(host)
            .port(0)
            .account(new Account("ours", "111111111111"))
            .tls(new TlsMode.SelfSigned())
            .build(),
        clock);
  }

  private static List<X509Certificate> certificates(String pem) throws Exception {
    return CertificateFactory.getInstance("X.509")
        .generateCertificates(
            new ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
        .stream()
        .map(X509Certificate.class::cast)
        .toList();
  }
}
