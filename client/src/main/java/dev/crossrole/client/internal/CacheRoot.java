package dev.crossrole.client.internal;

import java.nio.file.Path;
import java.util.Map;

/**
 * The build side's local cache: {@code $CROSSROLE_CACHE_DIR}, else {@code
 * $XDG_CACHE_HOME/crossrole}, else {@code ~/.cache/crossrole}.
 */
public final class CacheRoot {
  private CacheRoot() {}

  /** The cache root for {@code environment} and the user's {@code home}. */
  public static Path of(Map<String, String> environment, Path home) {
    String explicit = environment.getOrDefault("CROSSROLE_CACHE_DIR", "");
    if (!explicit.isBlank()) {
      return Path.of(explicit);
    }
    String xdg = environment.getOrDefault("XDG_CACHE_HOME", "");
    return (xdg.isBlank() ? home.resolve(".cache") : Path.of(xdg)).resolve("crossrole");
  }
}
