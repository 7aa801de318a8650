package dev.crossrole.server.internal.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The configuration file of a CNCF distribution registry ({@code docker-registry}) that trusts
 * crossrole's tokens: filesystem storage with deletes enabled, token authentication against
 * crossrole's endpoint, and optionally a notification endpoint for its push events. Without one it
 * holds no secret: the certificate is public, and the registry makes its own upload-state secret
 * when it starts. With one it holds the secret the registry proves its events with. With TLS it
 * names the certificate and key files it serves HTTPS with (TLS 1.2 at least), not their contents.
 */
public final class RegistryConfigYaml {
  /**
   * Every string double-quoted, with YAML's escapes for quotes, backslashes and line breaks, so no
   * value (a path, a URL, the secret) can end its scalar and add keys; long values stay on one
   * line.
   */
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .disable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .disable(YAMLGenerator.Feature.SPLIT_LINES)
              .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
              .build());

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
   * @param tls the certificate and key files the registry serves HTTPS with, if it does
   */
  public static String render(
      String listen,
      Path storage,
      URI realm,
      Path certificate,
      Optional<Notifications> notifications,
      Optional<RegistryTls> tls) {
    ObjectNode config = YAML.createObjectNode();
    config.put("version", "0.1");
    ObjectNode log = config.putObject("log");
    // The registry logs its notification endpoints' headers at info when it starts, and one of
    // those holds the events secret: with notifications, it logs warnings and errors only.
    log.put("level", notifications.isPresent() ? "warn" : "info");
    log.put("formatter", "text");
    ObjectNode store = config.putObject("storage");
    store.putObject("filesystem").put("rootdirectory", storage.toAbsolutePath().toString());
    store.putObject("delete").put("enabled", true);
    store.putObject("cache").put("blobdescriptor", "inmemory");
    ObjectNode http = config.putObject("http");
    http.put("addr", listen);
    http.putObject("headers").putArray("X-Content-Type-Options").add("nosniff");
    tls.ifPresent(
        t -> {
          ObjectNode files = http.putObject("tls");
          files.put("certificate", t.certificateChain().toAbsolutePath().toString());
          files.put("key", t.privateKey().toAbsolutePath().toString());
          files.put("minimumtls", "tls1.2");
        });
    ObjectNode token = config.putObject("auth").putObject("token");
    token.put("realm", realm.toString());
    token.put("service", RegistryTokens.SERVICE);
    token.put("issuer", RegistryTokens.ISSUER);
    token.put("rootcertbundle", certificate.toAbsolutePath().toString());
    notifications.ifPresent(n -> notifications(config, n));
    try {
      return "# A CNCF distribution registry (docker-registry) that accepts crossrole's tokens.\n"
          + YAML.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings, numbers and booleans did not render", e);
    }
  }

  private static void notifications(ObjectNode config, Notifications n) {
    ObjectNode endpoint = config.putObject("notifications").putArray("endpoints").addObject();
    endpoint.put("name", "crossrole");
    endpoint.put("url", n.url().toString());
    endpoint.putObject("headers").putArray("Authorization").add("Bearer " + n.secret());
    endpoint.put("timeout", "5s");
    endpoint.put("threshold", 5);
    endpoint.put("backoff", "1s");
    endpoint.putArray("ignoredmediatypes").add("application/octet-stream");
  }
}
