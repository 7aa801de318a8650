package dev.crossrole.store.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The embedded store's files kept from other local users: the database holds every policy, trust
 * condition and key id, and H2 creates its file with the process's umask (0644 usually).
 */
public final class OwnerOnly {
  private static final Set<PosixFilePermission> GROUP_AND_OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private OwnerOnly() {}

  /** Creates {@code dir} (and missing parents) accessible to its owner only when it is new. */
  public static void createDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir) || !posix(dir.toAbsolutePath().getRoot())) {
      Files.createDirectories(dir);
      return;
    }
    Files.createDirectories(
        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
  }

  /**
   * Takes every permission of the group and others off the regular files in {@code dir} whose names
   * start with {@code prefix} (the database and whatever H2 keeps beside it).
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

  private static boolean posix(Path path) throws IOException {
    return Files.getFileStore(path).supportsFileAttributeView(PosixFileAttributeView.class);
  }
}
