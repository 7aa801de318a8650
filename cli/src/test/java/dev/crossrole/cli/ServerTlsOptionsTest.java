package dev.crossrole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code crossrole server}'s TLS options refused before anything starts: plain HTTP beyond loopback
 * without {@code --insecure-http}, and options that contradict one another. Each is a usage error
 * (exit 2) saying what to give instead, and leaves the data directory untouched.
 */
class ServerTlsOptionsTest {
  @TempDir Path data;

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of(
            "wildcardHost_plainHttp_needsInsecureHttp",
            new String[] {"--host", "0.0.0.0"},
            "0.0.0.0 is not loopback: give --tls self-signed or --tls-cert and --tls-key, or"
                + " --insecure-http"),
        Arguments.of(
            "ipv6Wildcard_plainHttp_needsInsecureHttp",
            new String[] {"--host", "::"},
            ":: is not loopback"),
        Arguments.of(
            "tls_unknownValue_refused",
            new String[] {"--tls", "self"},
            "Invalid --tls 'self': the one value is self-signed"),
        Arguments.of(
            "tlsCert_withoutKey_refused",
            new String[] {"--tls-cert", "chain.pem"},
            "--tls-cert and --tls-key go together"),
        Arguments.of(
            "tlsKey_withoutCert_refused",
            new String[] {"--tls-key", "key.pem"},
            "--tls-cert and --tls-key go together"),
        Arguments.of(
            "selfSigned_andPemFiles_refused",
            new String[] {"--tls", "self-signed", "--tls-cert", "c.pem", "--tls-key", "k.pem"},
            "are alternatives"),
        Arguments.of(
            "insecureHttp_withTls_refused",
            new String[] {"--tls", "self-signed", "--insecure-http"},
            "--insecure-http is for plain HTTP"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void server_tlsOptions_usageError(String name, String[] options, String message)
      throws Exception {
    Path dir = data.resolve("state");
    String[] args = new String[options.length + 5];
    args[0] = "server";
    args[1] = "--port";
    args[2] = "0";
    args[3] = "--data";
    args[4] = dir.toString();
    System.arraycopy(options, 0, args, 5, options.length);

    Cli.Result r = Cli.run(args);

    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains(message).contains("Usage:");
    assertThat(Files.exists(dir)).isFalse();
  }
}
