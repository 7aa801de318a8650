package dev.crossrole.client.internal;

import dev.crossrole.client.TemporaryCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Credentials on disk, one file per {@link CacheKey}, readable by their owner only (directories
 * 0700, files 0600). Reads take no lock: an entry is replaced by an atomic move, so a reader sees
 * the old file or the new one, whole. A miss takes the entry's file lock (and a lock within this
 * process, which a file lock does not exclude), looks again, and only then calls STS and writes, so
 * concurrent builds make one AssumeRole call between them. An entry that cannot be read, does not
 * parse or is open to others is treated as missing and replaced; the cache never fails a call.
 */
public final class DiskCache {
  private static final Set<PosixFilePermission> OWNER_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_FILE =
      PosixFilePermissions.fromString("rw-------");
  private static final Map<Path, Object> IN_PROCESS = new ConcurrentHashMap<>();

  private final Path directory;

  /** The cache in {@code directory} (created on the first write). */
  public DiskCache(Path directory) {
    this.directory = directory;
  }

  /** The entry {@code key} when it passes {@code fresh}; else fresh credentials, then stored. */
  public TemporaryCredentials get(
      String key, Predicate<TemporaryCredentials> fresh, Supplier<TemporaryCredentials> assume) {
    Optional<TemporaryCredentials> cached = read(key).filter(fresh);
    if (cached.isPresent()) {
      return cached.get();
    }
    if (!ownDirectory()) {
      return assume.get();
    }
    Path lockFile = directory.resolve(key + ".lock");
    synchronized (IN_PROCESS.computeIfAbsent(lockFile, p -> new Object())) {
      try (FileChannel channel = openLock(lockFile)) {
        FileLock lock = channel.lock();
        try {
          return readOrAssume(key, fresh, assume);
        } finally {
          lock.release();
        }
      } catch (IOException e) {
        return assume.get();
      }
    }
  }

  private TemporaryCredentials readOrAssume(
      String key, Predicate<TemporaryCredentials> fresh, Supplier<TemporaryCredentials> assume) {
    Optional<TemporaryCredentials> again = read(key).filter(fresh);
    if (again.isPresent()) {
      return again.get();
    }
    TemporaryCredentials credentials = assume.get();
    try {
      write(key, credentials);
    } catch (IOException e) {
      // An unwritable entry costs the next call an AssumeRole, nothing more.
    }
    return credentials;
  }

  /** The entry {@code key}, when there is a sound one. */
  public Optional<TemporaryCredentials> read(String key) {
    Path file = directory.resolve(key + ".creds");
    try {
      if (posix() && !OWNER_FILE.containsAll(Files.getPosixFilePermissions(file))) {
        return Optional.empty();
      }
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException | UncheckedIOException e) {
      return Optional.empty();
    }
  }

  /** The directory, with its parent, created owner-only; false when it cannot be. */
  private boolean ownDirectory() {
    try {
      OwnerOnlyFiles.createDirectories(directory);
      if (posix()) {
        // Unlike a home directory, the cache's own directory is ours to close.
        Files.setPosixFilePermissions(directory, OWNER_DIRECTORY);
      }
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static FileChannel openLock(Path lockFile) throws IOException {
    if (posix()) {
      try {
        return FileChannel.open(
            lockFile,
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            PosixFilePermissions.asFileAttribute(OWNER_FILE));
      } catch (FileAlreadyExistsException e) {
        return FileChannel.open(lockFile, StandardOpenOption.WRITE);
      }
    }
    return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
  }

  /** Replaced whole and owner-only, as every secret file of the build side is. */
  private void write(String key, TemporaryCredentials credentials) throws IOException {
    String text = format(credentials);
    if (!text.isEmpty()) {
      OwnerOnlyFiles.write(directory.resolve(key + ".creds"), text);
    }
  }

  /** One {@code name=value} line each; empty when a value would not survive a line format. */
  static String format(TemporaryCredentials c) {
    String[] values = {c.accessKeyId(), c.secretAccessKey(), c.sessionToken()};
    for (String value : values) {
      if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
        return "";
      }
    }
    return "version=1\naccessKeyId="
        + c.accessKeyId()
        + "\nsecretAccessKey="
        + c.secretAccessKey()
        + "\nsessionToken="
        + c.sessionToken()
        + "\nexpiration="
        + c.expiration()
        + "\n";
  }

  static Optional<TemporaryCredentials> parse(String text) {
    Map<String, String> fields = new HashMap<>();
    for (String line : text.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        fields.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    if (!"1".equals(fields.get("version"))) {
      return Optional.empty();
    }
    String id = fields.get("accessKeyId");
    String secret = fields.get("secretAccessKey");
    String token = fields.get("sessionToken");
    String expiration = fields.get("expiration");
    if (id == null || secret == null || token == null || expiration == null) {
      return Optional.empty();
    }
    if (id.isEmpty() || secret.isEmpty() || token.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new TemporaryCredentials(id, secret, token, Instant.parse(expiration)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static boolean posix() {
    return PosixHolder.POSIX;
  }

  /** Whether the default file system has POSIX permissions, looked up once. */
  private static final class PosixHolder {
    static final boolean POSIX =
        java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}
