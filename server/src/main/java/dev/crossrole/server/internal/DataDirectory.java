package dev.crossrole.server.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The server's data directory, private to the user the server runs as: it holds the master key, the
 * root keys' profiles, the embedded store (every policy, trust condition and key id) and the
 * registry's storage (the private repositories' layers, which other local users would otherwise
 * read past ECR's pull authorization).
 */
public final class DataDirectory {
  private static final Set<PosixFilePermission> GROUP_AND_OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private DataDirectory() {}

  /**
   * Creates {@code dir} owner-only (0700), or makes an existing one so, together with everything
   * below it: a directory an older version left 0755 with 0644 files in it is closed on the next
   * start. Symbolic links are neither followed nor changed.
   *
   * @return the permissions {@code dir} had when they were looser and have been tightened, for a
   *     log line saying so
   */
  public static Optional<String> prepare(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      createPrivateDirectory(dir);
      return Optional.empty();
    }
    if (!posix(dir)) {
      return Optional.empty();
    }
    Set<PosixFilePermission> before = Files.getPosixFilePermissions(dir);
    Optional<String> loosened =
        before.stream().anyMatch(GROUP_AND_OTHERS::contains)
            ? Optional.of(PosixFilePermissions.toString(before))
            : Optional.empty();
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attributes)
              throws IOException {
            restrict(d);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
              throws IOException {
            if (attributes.isRegularFile() || attributes.isDirectory()) {
              restrict(file);
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return loosened;
  }

  /**
   * Creates {@code dir} owner-only when it is new; missing parents above it are created as usual,
   * since they may lie outside the data directory.
   */
  public static Path createPrivateDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return dir;
    }
    Path parent = dir.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (!posix(dir)) {
      return Files.createDirectories(dir);
    }
    try {
      return Files.createDirectory(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (FileAlreadyExistsException e) {
      // Another process made it first; it is a directory or the caller's next step fails.
      return dir;
    }
  }

  private static void restrict(Path path) throws IOException {
    Set<PosixFilePermission> permissions =
        Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
    if (permissions.removeAll(GROUP_AND_OTHERS)) {
      Files.setPosixFilePermissions(path, permissions);
    }
  }

  private static boolean posix(Path path) throws IOException {
    Path existing = path;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    return existing != null
        && Files.getFileStore(existing).supportsFileAttributeView(PosixFileAttributeView.class);
  }
}
