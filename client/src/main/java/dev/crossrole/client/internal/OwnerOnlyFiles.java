package dev.crossrole.client.internal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * The build side's files that hold secrets — AWS credentials, registry logins, cached tokens —
 * written so that only their owner can read them, even for a moment, and replaced whole: a reader
 * (a concurrent build, docker) never sees half a file. On a file system without POSIX permissions
 * the files keep its defaults.
 */
public final class OwnerOnlyFiles {
  private static final FileAttribute<Set<PosixFilePermission>> FILE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
  private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

  private OwnerOnlyFiles() {}

  /** The file's text, or empty when it does not exist. */
  public static Optional<String> read(Path file) throws IOException {
    return Files.exists(file) ? Optional.of(Files.readString(file)) : Optional.empty();
  }

  /**
   * Writes {@code text} to a temporary file in {@code file}'s directory (created 0700 when
   * missing), made 0600 from its creation, then moves it over {@code file}.
   */
  public static void write(Path file, String text) throws IOException {
    // A linked file (dotfiles kept in a repository) is replaced where it lives, the link kept.
    Path target = Files.isSymbolicLink(file) ? file.toRealPath() : file.toAbsolutePath();
    Path dir = createDirectories(target.getParent());
    Path temporary =
        posix(dir)
            ? Files.createTempFile(dir, "." + target.getFileName(), ".tmp", FILE)
            : Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
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
   * Creates {@code dir} and its missing parents, each new one 0700; existing directories keep their
   * permissions (a home directory is not ours to change).
   */
  public static Path createDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return dir;
    }
    Path parent = dir.getParent();
    if (parent != null) {
      createDirectories(parent);
    }
    try {
      return posix(parent) ? Files.createDirectory(dir, DIRECTORY) : Files.createDirectory(dir);
    } catch (FileAlreadyExistsException e) {
      // Another build created it first.
      return dir;
    }
  }

  /** Takes the group's and others' permissions off {@code file} when it exists and has any. */
  public static void restrict(Path file) throws IOException {
    if (!Files.isRegularFile(file) || !posix(file)) {
      return;
    }
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
    if (permissions.retainAll(
        Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE))) {
      Files.setPosixFilePermissions(file, permissions);
    }
  }

  private static boolean posix(Path existing) throws IOException {
    return existing != null
        && Files.getFileStore(existing).supportsFileAttributeView(PosixFileAttributeView.class);
  }
}
