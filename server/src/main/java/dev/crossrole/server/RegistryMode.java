package dev.crossrole.server;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Which container registry stands behind crossrole's ECR: {@code auto} starts {@code
 * docker-registry} as a child of the server when it is installed, {@code off} runs without one, a
 * URL names a registry run elsewhere (configured with {@code crossrole registry-config}).
 */
public sealed interface RegistryMode {

  /** Start {@code docker-registry} from the PATH as a child, or run without one when absent. */
  record Auto() implements RegistryMode {}

  /** No registry. */
  record Off() implements RegistryMode {}

  /**
   * A registry run elsewhere, trusting crossrole's tokens, at {@code url}; it posts its push events
   * with the stored events secret when {@code crossrole registry-config} configured it to.
   */
  record External(URI url) implements RegistryMode {
    public External {
      Objects.requireNonNull(url, "url");
      if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
          || url.getHost() == null) {
        throw new IllegalArgumentException("a registry URL is http(s)://HOST[:PORT], got " + url);
      }
    }
  }

  /**
   * Reads {@code auto}, {@code off} or an {@code http(s)://} URL, as {@code --registry} takes it.
   *
   * @throws IllegalArgumentException for anything else
   */
  static RegistryMode parse(String text) {
    Objects.requireNonNull(text, "text");
    switch (text.toLowerCase(Locale.ROOT)) {
      case "auto":
        return new Auto();
      case "off":
        return new Off();
      default:
        try {
          return new External(URI.create(text));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "expected auto, off or an http(s):// URL, got " + text, e);
        }
    }
  }
}
