package dev.crossrole.core.crypto;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The 256-bit key that protects every other secret at rest. It is never used directly: each use
 * gets its own key derived with HKDF-SHA256 and a purpose label ({@link #secretBox}), so a
 * ciphertext made for one purpose cannot be opened as another.
 *
 * <p>Loaded from {@value #ENVIRONMENT_VARIABLE} (base64 of 32 bytes) when set, otherwise from
 * {@code DIR/}{@value #FILE_NAME}, which the first start creates (owner read/write only) and later
 * starts reuse. Losing the key loses every sealed secret: operators back the file up.
 *
 * <p>It cannot be printed: {@link #toString} shows only where it came from and a one-way {@link
 * #fingerprint}.
 */
public final class MasterKey {
  /** The environment variable that, when set, holds the key (base64 of 32 bytes). */
  public static final String ENVIRONMENT_VARIABLE = "CROSSROLE_MASTER_KEY";

  /** The key file's name in the data directory. */
  public static final String FILE_NAME = "master.key";

  /** Key length in bytes. */
  public static final int LENGTH = 32;

  private static final int MAX_FILE_SIZE = 1024;
  private static final byte[] SALT = "crossrole/master-key".getBytes(US_ASCII);
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  private static final String HOW_TO_MAKE =
      "the base64 of 32 random bytes (openssl rand -base64 32)";

  /** Where a master key came from, for the startup log. */
  public enum Source {
    /** The environment variable. */
    ENVIRONMENT,
    /** The key file of an earlier start. */
    FILE,
    /** A key file this start created. */
    NEW_FILE,
    /** Generated in memory, never stored: tests and throwaway servers. */
    GENERATED
  }

  private final byte[] key;
  private final Source source;
  private final String fingerprint;

  private MasterKey(byte[] key, Source source) {
    this.key = key;
    this.source = source;
    this.fingerprint =
        HexFormat.of()
            .formatHex(Hkdf.derive(key, SALT, "crossrole/v1/fingerprint".getBytes(US_ASCII), 8));
  }

  /**
   * The server's master key: from {@value #ENVIRONMENT_VARIABLE} in {@code environment} when set
   * (the file is then neither read nor created), otherwise from {@code dataDir/}{@value
   * #FILE_NAME}, created with fresh random bytes and permissions 0600 when absent.
   *
   * @param environment the process environment ({@code System.getenv()}), passed in for tests
   * @throws CryptoException of kind {@link CryptoException.Kind#BAD_MASTER_KEY} when the variable
   *     or file is malformed, the file is readable by group or others, or it cannot be read or
   *     created
   */
  public static MasterKey load(Path dataDir, Map<String, String> environment) {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(environment, "environment");
    String fromEnvironment = environment.get(ENVIRONMENT_VARIABLE);
    if (fromEnvironment != null) {
      return new MasterKey(parseEnvironment(fromEnvironment), Source.ENVIRONMENT);
    }
    Path file = dataDir.resolve(FILE_NAME);
    try {
      if (Files.exists(file)) {
        return new MasterKey(readFile(file), Source.FILE);
      }
      return new MasterKey(createFile(dataDir, file), Source.NEW_FILE);
    } catch (IOException e) {
      // IOException messages name the path and the OS error, never the content.
      throw new CryptoException(
          CryptoException.Kind.BAD_MASTER_KEY,
          "cannot read or create the master key file " + file + ": " + e,
          e);
    }
  }

  /** A fresh random key kept only in memory: for tests and servers whose data is disposable. */
  public static MasterKey generate() {
    return new MasterKey(Gcm.randomBytes(LENGTH), Source.GENERATED);
  }

  /**
   * A box that seals secrets for one {@code purpose} under a key derived from this one; boxes of
   * different purposes cannot open each other's secrets. See the purpose constants of {@link
   * SecretBox}.
   */
  public SecretBox secretBox(String purpose) {
    Objects.requireNonNull(purpose, "purpose");
    if (purpose.isBlank()) {
      throw new IllegalArgumentException("a secret box needs a purpose");
    }
    byte[] info = ("crossrole/v1/secret-box/" + purpose).getBytes(UTF_8);
    return new SecretBox(purpose, Hkdf.derive(key, SALT, info, LENGTH));
  }

  /** Where the key came from. */
  public Source source() {
    return source;
  }

  /**
   * 16 hex digits derived one-way from the key: safe to log and store, so that a server started
   * with a different key than the one that sealed its store can say so instead of failing on every
   * secret.
   */
  public String fingerprint() {
    return fingerprint;
  }

  @Override
  public String toString() {
    return "MasterKey[source=" + source + ", fingerprint=" + fingerprint + ", key=<redacted>]";
  }

  private static byte[] parseEnvironment(String value) {
    String text = value.strip();
    if (text.isEmpty()) {
      throw badKey(
          ENVIRONMENT_VARIABLE
              + " is set but empty: unset it to use the key file of the data directory, or set it"
              + " to "
              + HOW_TO_MAKE);
    }
    byte[] decoded = decodeBase64(text);
    if (decoded == null) {
      throw badKey(ENVIRONMENT_VARIABLE + " is not valid base64: set it to " + HOW_TO_MAKE);
    }
    if (decoded.length != LENGTH) {
      throw badKey(
          ENVIRONMENT_VARIABLE
              + " decodes to "
              + decoded.length
              + " bytes instead of "
              + LENGTH
              + ": set it to "
              + HOW_TO_MAKE);
    }
    return decoded;
  }

  /** Standard or URL-safe base64, padded or not; {@code null} when it is neither. */
  private static byte[] decodeBase64(String text) {
    // The decoders' exceptions quote the offending character: they are dropped, not chained,
    // because that character is part of the secret.
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException notStandard) {
      try {
        return Base64.getUrlDecoder().decode(text);
      } catch (IllegalArgumentException notUrlSafe) {
        return null;
      }
    }
  }

  private static byte[] readFile(Path file) throws IOException {
    PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (posix != null) {
      Set<PosixFilePermission> permissions = posix.readAttributes().permissions();
      if (!OWNER_ONLY.containsAll(permissions)) {
        throw badKey(
            "the master key file "
                + file
                + " is accessible to group or others ("
                + PosixFilePermissions.toString(permissions)
                + "): run chmod 600 on it");
      }
    }
    if (Files.size(file) > MAX_FILE_SIZE) {
      throw badKey("the master key file " + file + " is too large to be a crossrole master key");
    }
    byte[] decoded = decodeBase64(new String(Files.readAllBytes(file), ISO_8859_1).strip());
    if (decoded == null || decoded.length != LENGTH) {
      throw badKey(
          "the master key file "
              + file
              + " does not hold "
              + HOW_TO_MAKE
              + "; restore it from a backup (secrets sealed under another key cannot be opened)");
    }
    return decoded;
  }

  /**
   * Writes a new key to a private temporary file, syncs it, then links it into place: the link
   * fails if another process got there first, so two servers starting at once on one directory
   * agree on the winner's key, and a crash never leaves a half-written key file.
   */
  private static byte[] createFile(Path dir, Path file) throws IOException {
    Files.createDirectories(dir);
    boolean posix = Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
    FileAttribute<?>[] attributes =
        posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
            : new FileAttribute<?>[0];
    Path temporary = Files.createTempFile(dir, "." + FILE_NAME + ".", ".tmp", attributes);
    try {
      byte[] text =
          (Base64.getEncoder().encodeToString(Gcm.randomBytes(LENGTH)) + "\n").getBytes(US_ASCII);
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(text);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.createLink(file, temporary);
      } catch (FileAlreadyExistsException raced) {
        // Another process created it meanwhile: its key is the one, read below.
      } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
        try {
          Files.move(temporary, file);
        } catch (FileAlreadyExistsException raced) {
          // As above: another process won.
        }
      }
      if (posix) {
        // Makes the new directory entry durable; only POSIX systems can open a directory to sync.
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
          directory.force(true);
        }
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
    // Read back what is on disk, so the key used is the one a restart will find.
    return readFile(file);
  }

  private static CryptoException badKey(String message) {
    return new CryptoException(CryptoException.Kind.BAD_MASTER_KEY, message);
  }
}
