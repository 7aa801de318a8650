package dev.crossrole.cli.internal;

import dev.crossrole.server.ServerConfig;
import dev.crossrole.server.TlsMode;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code crossrole server}'s TLS options: {@code --tls self-signed}, {@code --tls-cert} with {@code
 * --tls-key}, or plain HTTP, which needs {@code --insecure-http} on an address other than loopback.
 */
public final class TlsOptions {
  private static final String SELF_SIGNED = "self-signed";

  @Option(
      names = "--tls",
      paramLabel = SELF_SIGNED,
      description =
          "Serve HTTPS with a certificate authority kept under --data (DIR/ca.pem, written into"
              + " the profiles as ca_bundle) and a certificate it signs for localhost, 127.0.0.1,"
              + " ::1 and --host; both are reused at the next start.")
  String tls;

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description = "Serve HTTPS with this PEM certificate chain (the server's certificate first).")
  Path certificate;

  @Option(
      names = "--tls-key",
      paramLabel = "FILE",
      description = "The PEM private key (RSA or EC, unencrypted) of --tls-cert's certificate.")
  Path key;

  @Option(
      names = "--insecure-http",
      description =
          "Serve plain HTTP on an address other than loopback: keys, secrets and session tokens"
              + " then cross the network readable.")
  boolean insecureHttp;

  /**
   * The mode the options ask for on {@code host}.
   *
   * @throws ParameterException when they contradict one another, or ask for plain HTTP on an
   *     address other than loopback without {@code --insecure-http}
   */
  public TlsMode mode(CommandLine command, String host) {
    Optional<TlsMode> encrypted = encrypted(command);
    if (encrypted.isPresent()) {
      if (insecureHttp) {
        throw new ParameterException(
            command, "--insecure-http is for plain HTTP; it cannot be given with TLS");
      }
      return encrypted.get();
    }
    if (insecureHttp) {
      return new TlsMode.InsecureHttp();
    }
    if (!TlsMode.isLoopback(host)) {
      throw new ParameterException(command, ServerConfig.plainHttpRefused(host));
    }
    return new TlsMode.Off();
  }

  /**
   * The warning the server prints when it serves plain HTTP because {@code --insecure-http} asked
   * it to.
   */
  public Optional<String> warning(String host) {
    return insecureHttp
        ? Optional.of(
            "crossrole server: warning: --insecure-http: serving plain HTTP on "
                + host
                + "; access keys, secrets and session tokens cross the network unencrypted")
        : Optional.empty();
  }

  private Optional<TlsMode> encrypted(CommandLine command) {
    if (tls != null && !tls.equals(SELF_SIGNED)) {
      throw new ParameterException(
          command, "Invalid --tls '" + tls + "': the one value is " + SELF_SIGNED);
    }
    if (tls != null && (certificate != null || key != null)) {
      throw new ParameterException(
          command, "--tls self-signed and --tls-cert/--tls-key are alternatives; give one");
    }
    if ((certificate == null) != (key == null)) {
      throw new ParameterException(command, "--tls-cert and --tls-key go together; give both");
    }
    if (tls != null) {
      return Optional.of(new TlsMode.SelfSigned());
    }
    return certificate == null
        ? Optional.empty()
        : Optional.of(new TlsMode.PemFiles(certificate, key));
  }
}
