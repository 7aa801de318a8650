package dev.crossrole.server.internal.registry;

import java.nio.file.Path;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * How the registry child serves TLS: with the server's own certificate and key files, trusting the
 * server's certificates when it posts its events back, and how the server, as its client, trusts it
 * in turn.
 *
 * @param certificateChain the PEM file of the certificate chain the registry serves
 * @param privateKey the PEM file of its key
 * @param trustedPem the certificates the registry trusts when it calls the server, in PEM
 * @param client a client context trusting the registry's certificate
 */
public record RegistryTls(
    Path certificateChain, Path privateKey, String trustedPem, SSLContext client) {
  public RegistryTls {
    Objects.requireNonNull(certificateChain, "certificateChain");
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(trustedPem, "trustedPem");
    Objects.requireNonNull(client, "client");
  }

  @Override
  public String toString() {
    return "RegistryTls[" + certificateChain + "]";
  }
}
