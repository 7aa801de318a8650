package dev.crossrole.server.internal.registry;

import java.net.URI;
import java.nio.file.Path;

/**
 * The configuration file of a CNCF distribution registry ({@code docker-registry}) that trusts
 * crossrole's tokens: filesystem storage with deletes enabled, token authentication against
 * crossrole's endpoint. It holds no secret: the certificate is public, and the registry makes its
 * own upload-state secret when it starts.
 */
public final class RegistryConfigYaml {
  private RegistryConfigYaml() {}

  /**
   * The YAML text.
   *
   * @param listen the registry's {@code http.addr}, such as {@code 127.0.0.1:5000}
   * @param storage the directory the registry keeps images in
   * @param realm crossrole's token endpoint as clients reach it
   * @param certificate the PEM file of crossrole's token-signing certificate
   */
  public static String render(String listen, Path storage, URI realm, Path certificate) {
    return "# A CNCF distribution registry (docker-registry) that accepts crossrole's tokens.\n"
        + "version: 0.1\n"
        + "log:\n"
        + "  level: info\n"
        + "  formatter: text\n"
        + "storage:\n"
        + "  filesystem:\n"
        + "    rootdirectory: "
        + quote(storage.toAbsolutePath().toString())
        + "\n"
        + "  delete:\n"
        + "    enabled: true\n"
        + "  cache:\n"
        + "    blobdescriptor: inmemory\n"
        + "http:\n"
        + "  addr: "
        + quote(listen)
        + "\n"
        + "  headers:\n"
        + "    X-Content-Type-Options: [nosniff]\n"
        + "auth:\n"
        + "  token:\n"
        + "    realm: "
        + quote(realm.toString())
        + "\n"
        + "    service: "
        + quote(RegistryTokens.SERVICE)
        + "\n"
        + "    issuer: "
        + quote(RegistryTokens.ISSUER)
        + "\n"
        + "    rootcertbundle: "
        + quote(certificate.toAbsolutePath().toString())
        + "\n";
  }

  /** A YAML double-quoted scalar. */
  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
