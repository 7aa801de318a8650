package dev.crossrole.core;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Files and directories that only their owner may read: crossrole's data directory holds the master
 * key, the root keys' profiles, the embedded store (every policy, trust condition and key id) and
 * the registry's storage (the private repositories' layers, which other local users would otherwise
 * read past ECR's pull authorization), and whatever creates them would otherwise follow the
 * process's umask (0755 directories and 0644 files, usually).
 *
 * <p>On a file system without POSIX permissions, files and directories keep its own defaults.
 */
public final class PrivateFiles {
  private static final Set<PosixFilePermission> GROUP_AND_OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_DIRECTORY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FILE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private PrivateFiles() {}

  /**
   * Creates {@code dir} owner-only (0700), or makes an existing one so, together with everything
   * below it: a directory an older version left 0755 with 0644 files in it is closed on the next
   * start. Symbolic links are neither followed nor changed.
   *
   * @return the permissions {@code dir} had when they were looser and have been tightened, for a
   *     log line saying so
   */
  public static Optional<String> restrictTree(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      createDirectory(dir);
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
  public static Path createDirectory(Path dir) throws IOException {
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
      return Files.createDirectory(dir, OWNER_ONLY_DIRECTORY);
    } catch (FileAlreadyExistsException e) {
      // Another process made it first; it is a directory or the caller's next step fails.
      return dir;
    }
  }

  /**
   * Writes {@code text} to a new file beside {@code file}, created owner-only, and moves it into
   * place (atomically where the file system can): a secret is never in a file others can read, even
   * for a moment, a reader never sees half a file, and a file that existed is replaced whole.
   */
  public static void write(Path file, CharSequence text) throws IOException {
    Path target = file.toAbsolutePath();
    Path temporary =
        posix(target)
            ? Files.createTempFile(target.getParent(), ".crossrole-", ".tmp", OWNER_ONLY_FILE)
            : Files.createTempFile(target.getParent(), ".crossrole-", ".tmp");
    try {
      Files.writeString(temporary, text);
      try {
        Files.move(
            temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /**
   * Opens {@code file} for reading and writing, creating it owner-only when it does not exist, so
   * that what is written is never readable by others, even before a later {@link #restrict}.
   */
  public static FileChannel open(Path file) throws IOException {
    Set<StandardOpenOption> options =
        EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    return posix(file)
        ? FileChannel.open(file, options, OWNER_ONLY_FILE)
        : FileChannel.open(file, options);
  }

  /**
   * Takes every permission of the group and others off the regular files in {@code dir} whose names
   * start with {@code prefix} (a database and whatever its engine keeps beside it).
   */
  public static void restrictFiles(Path dir, String prefix) throws IOException {
    if (!posix(dir)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, prefix + "*")) {
      for (Path file : files) {
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          restrict(file);
        }
      }
    }
  }

  /** Takes every permission of the group and others off {@code path}, when it has any. */
  public static void restrict(Path path) throws IOException {
    Set<PosixFilePermission> permissions =
        Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
    if (permissions.removeAll(GROUP_AND_OTHERS)) {
      Files.setPosixFilePermissions(path, permissions);
    }
  }

  /** Whether the file system of {@code path}, or of its nearest existing parent, is POSIX. */
  private static boolean posix(Path path) throws IOException {
    Path existing = path.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    return existing != null
        && Files.getFileStore(existing).supportsFileAttributeView(PosixFileAttributeView.class);
  }
}
