package dev.crossrole.core.crypto;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MasterKeyTest {
  /** 32 bytes 0x00..0x1f, a key whose every spelling we can write down. */
  private static final byte[] KEY_BYTES = new byte[32];

  static {
    for (int i = 0; i < 32; i++) {
      KEY_BYTES[i] = (byte) i;
    }
  }

  private static final String KEY_BASE64 = Base64.getEncoder().encodeToString(KEY_BYTES);

  @TempDir Path dir;

  static Stream<Arguments> goodEnvironmentValues() {
    return Stream.of(
        Arguments.of("standard padded", KEY_BASE64),
        Arguments.of("standard unpadded", KEY_BASE64.replace("=", "")),
        Arguments.of("url-safe", Base64.getUrlEncoder().withoutPadding().encodeToString(KEY_BYTES)),
        Arguments.of("with surrounding whitespace and newline", "  " + KEY_BASE64 + "\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goodEnvironmentValues")
  void load_environmentSpelling_givesSameKeyAndNoFile(String name, String value) {
    MasterKey reference = load(Map.of(MasterKey.ENVIRONMENT_VARIABLE, KEY_BASE64));
    MasterKey key = load(Map.of(MasterKey.ENVIRONMENT_VARIABLE, value));

    assertThat(key.source()).isEqualTo(MasterKey.Source.ENVIRONMENT);
    assertThat(key.fingerprint()).isEqualTo(reference.fingerprint());
    assertThat(dir.resolve(MasterKey.FILE_NAME)).doesNotExist();
  }

  static Stream<Arguments> badEnvironmentValues() {
    return Stream.of(
        Arguments.of("empty", "", "is set but empty"),
        Arguments.of("blank", "   ", "is set but empty"),
        Arguments.of("not base64", "my-secret-passphrase!", "is not valid base64"),
        Arguments.of(
            "hex instead of base64",
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
            "decodes to 48 bytes"),
        Arguments.of(
            "16 bytes",
            Base64.getEncoder().encodeToString("sixteen-byte-key".getBytes(US_ASCII)),
            "decodes to 16 bytes"),
        Arguments.of(
            "33 bytes",
            Base64.getEncoder().encodeToString(new byte[33]).replace('A', 'Q'),
            "decodes to 33 bytes"),
        Arguments.of("base64 with an inner space", "AAEC AwQF", "is not valid base64"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badEnvironmentValues")
  void load_malformedEnvironment_refusedClearlyWithoutTheValue(
      String name, String value, String expected) {
    CryptoException e =
        catchThrowableOfType(
            CryptoException.class, () -> load(Map.of(MasterKey.ENVIRONMENT_VARIABLE, value)));

    assertThat(e.kind()).isEqualTo(CryptoException.Kind.BAD_MASTER_KEY);
    assertThat(e.getMessage()).contains(MasterKey.ENVIRONMENT_VARIABLE).contains(expected);
    if (!value.isBlank()) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        assertThat(t.toString()).doesNotContain(value.strip());
      }
    }
    assertThat(dir.resolve(MasterKey.FILE_NAME)).doesNotExist();
  }

  @Test
  void load_noEnvironmentNoFile_createsOwnerOnlyFileWithFreshKey() throws IOException {
    MasterKey key = load(Map.of());

    Path file = dir.resolve(MasterKey.FILE_NAME);
    assertThat(key.source()).isEqualTo(MasterKey.Source.NEW_FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Base64.getDecoder().decode(Files.readString(file, US_ASCII).strip()))
        .hasSize(MasterKey.LENGTH);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).as("no temporary file left behind").containsExactly(file);
    }
  }

  @Test
  void load_existingFile_reusesTheSameKey() {
    MasterKey first = load(Map.of());
    String sealed = first.secretBox("test").sealText("a secret", "owner");

    MasterKey second = load(Map.of());

    assertThat(second.source()).isEqualTo(MasterKey.Source.FILE);
    assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
    assertThat(second.secretBox("test").openText(sealed, "owner")).isEqualTo("a secret");
  }

  @Test
  void load_fileWrittenByOperator_isRead() throws IOException {
    Path file = dir.resolve(MasterKey.FILE_NAME);
    Files.writeString(file, KEY_BASE64 + "\n", US_ASCII);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));

    MasterKey key = load(Map.of());

    assertThat(key.fingerprint())
        .isEqualTo(load(Map.of(MasterKey.ENVIRONMENT_VARIABLE, KEY_BASE64)).fingerprint());
  }

  @Test
  void load_environmentAndFileBothPresent_environmentWins() {
    MasterKey fromFile = load(Map.of());

    MasterKey fromEnvironment = load(Map.of(MasterKey.ENVIRONMENT_VARIABLE, KEY_BASE64));

    assertThat(fromEnvironment.source()).isEqualTo(MasterKey.Source.ENVIRONMENT);
    assertThat(fromEnvironment.fingerprint()).isNotEqualTo(fromFile.fingerprint());
  }

  static Stream<Arguments> exposedPermissions() {
    return Stream.of(
        Arguments.of("rw-r--r--"),
        Arguments.of("rw-r-----"),
        Arguments.of("rw-----w-"),
        Arguments.of("rwx---r--"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exposedPermissions")
  void load_fileAccessibleToOthers_refusedWithChmodAdvice(String permissions) throws IOException {
    load(Map.of());
    Path file = dir.resolve(MasterKey.FILE_NAME);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));

    CryptoException e = catchThrowableOfType(CryptoException.class, () -> load(Map.of()));

    assertThat(e.kind()).isEqualTo(CryptoException.Kind.BAD_MASTER_KEY);
    assertThat(e.getMessage()).contains(permissions).contains("chmod 600");
  }

  static Stream<Arguments> corruptFiles() {
    return Stream.of(
        Arguments.of("empty", ""),
        Arguments.of("text", "correct horse battery staple"),
        Arguments.of("16 bytes", Base64.getEncoder().encodeToString(new byte[16])),
        Arguments.of("too large", "A".repeat(5000)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corruptFiles")
  void load_corruptFile_refusedWithoutItsContent(String name, String content) throws IOException {
    Path file = dir.resolve(MasterKey.FILE_NAME);
    Files.writeString(file, content, US_ASCII);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

    CryptoException e = catchThrowableOfType(CryptoException.class, () -> load(Map.of()));

    assertThat(e.kind()).isEqualTo(CryptoException.Kind.BAD_MASTER_KEY);
    assertThat(e.getMessage()).contains(file.toString());
    if (!content.isEmpty()) {
      assertThat(e.getMessage())
          .doesNotContain(content.substring(0, Math.min(20, content.length())));
    }
  }

  @Test
  void load_missingDataDirectory_isCreated() {
    Path nested = dir.resolve("a/b");

    MasterKey key = MasterKey.load(nested, Map.of());

    assertThat(key.source()).isEqualTo(MasterKey.Source.NEW_FILE);
    assertThat(nested.resolve(MasterKey.FILE_NAME)).isRegularFile();
  }

  @Test
  void load_dataDirectoryIsAFile_refusedWithTheIoReason() throws IOException {
    Path notADirectory = Files.writeString(dir.resolve("plain"), "x");

    CryptoException e =
        catchThrowableOfType(CryptoException.class, () -> MasterKey.load(notADirectory, Map.of()));

    assertThat(e.kind()).isEqualTo(CryptoException.Kind.BAD_MASTER_KEY);
    assertThat(e.getMessage()).contains("cannot read or create");
    assertThat(e.getCause()).isInstanceOf(IOException.class);
  }

  @Test
  void load_concurrentFirstStarts_allAgreeOnOneKey() throws Exception {
    int n = 8;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<MasterKey>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return load(Map.of());
                }));
      }
      start.countDown();
      Set<String> fingerprints = new HashSet<>();
      for (Future<MasterKey> f : futures) {
        fingerprints.add(f.get(30, TimeUnit.SECONDS).fingerprint());
      }
      assertThat(fingerprints).hasSize(1);
      assertThat(fingerprints).containsExactly(load(Map.of()).fingerprint());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void toString_keyFromEnvironment_showsNoKeyMaterial() {
    MasterKey key = load(Map.of(MasterKey.ENVIRONMENT_VARIABLE, KEY_BASE64));

    assertThat(key.toString())
        .contains("redacted")
        .contains(key.fingerprint())
        .doesNotContain(KEY_BASE64.substring(0, 12))
        .doesNotContain("000102030405");
  }

  @Test
  void fingerprint_differentKeys_differ() {
    assertThat(MasterKey.generate().fingerprint())
        .hasSize(16)
        .isNotEqualTo(MasterKey.generate().fingerprint());
  }

  private MasterKey load(Map<String, String> environment) {
    return MasterKey.load(dir, environment);
  }
}
