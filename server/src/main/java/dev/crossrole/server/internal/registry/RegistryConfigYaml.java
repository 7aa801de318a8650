package dev.crossrole.server.internal.registry;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The configuration file of a CNCF distribution registry ({@code docker-registry}) that trusts
 * crossrole's tokens: filesystem storage with deletes enabled, token authentication against
 * crossrole's endpoint, and optionally a notification endpoint for its push events. Without one it
 * holds no secret: the certificate is public, and the registry makes its own upload-state secret
 * when it starts. With one it holds the secret the registry proves its events with.
 */
public final class RegistryConfigYaml {
  private RegistryConfigYaml() {}

  /**
   * Where the registry posts its events, and the secret it proves itself with. The secret makes the
   * configuration file itself secret: the server writes its child's readable by its owner only, and
   * {@code crossrole registry-config} tells the operator to keep its output so.
   */
  public record Notifications(URI url, String secret) {
    @Override
    public String toString() {
      return "Notifications[" + url + "]";
    }
  }

  /**
   * The YAML text, with a notification endpoint when {@code notifications} is given: the registry
   * posts manifest events there (blob events are left out), retrying while it is unreachable.
   *
   * @param listen the registry's {@code http.addr}, such as {@code 127.0.0.1:5000}
   * @param storage the directory the registry keeps images in
   * @param realm crossrole's token endpoint as clients reach it
   * @param certificate the PEM file of crossrole's token-signing certificate
   */
  public static String render(
      String listen,
      Path storage,
      URI realm,
      Path certificate,
      Optional<Notifications> notifications) {
    return "# A CNCF distribution registry (docker-registry) that accepts crossrole's tokens.\n"
        + "version: 0.1\n"
        + "log:\n"
        // The registry logs its notification endpoints' headers at info when it starts, and one
        // of those holds the events secret: with notifications, it logs warnings and errors only.
        + "  level: "
        + (notifications.isPresent() ? "warn" : "info")
        + "\n"
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
        + "\n"
        + notifications.map(RegistryConfigYaml::notifications).orElse("");
  }

  private static String notifications(Notifications n) {
    return "notifications:\n"
        + "  endpoints:\n"
        + "    - name: crossrole\n"
        + "      url: "
        + quote(n.url().toString())
        + "\n"
        + "      headers:\n"
        + "        Authorization: ["
        + quote("Bearer " + n.secret())
        + "]\n"
        + "      timeout: 5s\n"
        + "      threshold: 5\n"
        + "      backoff: 1s\n"
        + "      ignoredmediatypes:\n"
        + "        - application/octet-stream\n";
  }

  /** A YAML double-quoted scalar. */
  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
