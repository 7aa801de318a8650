package dev.crossrole.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Whether the server speaks TLS, and with what certificate. Plain HTTP is for loopback: on any
 * other address keys, secrets and session tokens would cross the network readable, so there it
 * takes {@link InsecureHttp}, the operator's explicit choice.
 */
public sealed interface TlsMode {

  /** Plain HTTP, on a loopback address only (the default). */
  record Off() implements TlsMode {}

  /** Plain HTTP on whatever address, as {@code --insecure-http} asks. */
  record InsecureHttp() implements TlsMode {}

  /**
   * TLS with a certificate authority the server makes and keeps under its data directory ({@code
   * DIR/ca.pem}, named in the profiles as {@code ca_bundle}) and a certificate it signs for {@code
   * localhost}, {@code 127.0.0.1}, {@code ::1} and the host the server listens on.
   */
  record SelfSigned() implements TlsMode {}

  /**
   * TLS with the operator's certificate.
   *
   * @param certificateChain a PEM file: the server's certificate, then its issuers
   * @param privateKey a PEM file: the certificate's RSA or EC key, unencrypted
   */
  record PemFiles(Path certificateChain, Path privateKey) implements TlsMode {
    public PemFiles {
      Objects.requireNonNull(certificateChain, "certificateChain");
      Objects.requireNonNull(privateKey, "privateKey");
    }
  }

  /** Whether the server serves HTTPS in this mode. */
  default boolean encrypted() {
    return this instanceof SelfSigned || this instanceof PemFiles;
  }

  /**
   * Whether {@code host} is a loopback address, or a name whose every address is: plain HTTP there
   * stays on the machine. A wildcard ({@code 0.0.0.0}, {@code ::}) is not.
   */
  static boolean isLoopback(String host) {
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    try {
      InetAddress[] addresses = InetAddress.getAllByName(bare);
      return addresses.length > 0
          && Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress);
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
