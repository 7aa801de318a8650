package dev.crossrole.client;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The build side's local cache: {@code $CROSSROLE_CACHE_DIR}, else {@code
 * $XDG_CACHE_HOME/crossrole}, else {@code ~/.cache/crossrole}. STS credentials live under {@code
 * sts/}, registry tokens under {@code ecr/}; directories are 0700 and files 0600.
 */
public final class CacheDirectory {
  private CacheDirectory() {}

  /** The cache root for {@code environment} and {@code home}. */
  public static Path root(Map<String, String> environment, Path home) {
    String explicit = environment.get("CROSSROLE_CACHE_DIR");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    String xdg = environment.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "crossrole");
    }
    return home.resolve(".cache").resolve("crossrole");
  }

  /**
   * Removes everything under {@code root} (the root itself stays); answers how many files went.
   *
   * @throws ClientException of kind CONFIGURATION when something cannot be removed
   */
  public static int clear(Path root) {
    if (!Files.isDirectory(root)) {
      return 0;
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(root)) {
      paths = walk.filter(p -> !p.equals(root)).sorted(Comparator.reverseOrder()).toList();
    } catch (IOException e) {
      throw cannot(root, e);
    }
    int files = 0;
    for (Path path : paths) {
      try {
        boolean file = !Files.isDirectory(path);
        Files.delete(path);
        files += file ? 1 : 0;
      } catch (NoSuchFileException e) {
        // Removed meanwhile by another clear: the goal is met.
      } catch (DirectoryNotEmptyException e) {
        // A concurrent build wrote an entry after the walk: it stays, and is valid.
      } catch (IOException e) {
        throw cannot(path, e);
      }
    }
    return files;
  }

  private static ClientException cannot(Path path, IOException e) {
    return ClientException.of(
        ClientException.Kind.CONFIGURATION,
        "cannot clear the cache at " + path + ": " + e.getClass().getSimpleName(),
        e);
  }
}
