package dev.crossrole.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crossrole.client.TemporaryCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cache's files: owner-only, written whole, and anything unsound is a miss, never a failure.
 */
class DiskCacheTest {
  private static final TemporaryCredentials CREDENTIALS =
      new TemporaryCredentials("ASIAONE", "secret", "token", Instant.parse("2030-01-01T00:00:00Z"));
  private static final TemporaryCredentials OTHER =
      new TemporaryCredentials(
          "ASIATWO", "secret2", "token2", Instant.parse("2030-01-01T00:00:00Z"));

  @TempDir Path root;

  @Test
  void get_miss_storesOwnerOnlyAndAnswersFromDiskNext() throws IOException {
    DiskCache cache = new DiskCache(root.resolve("sts"));
    AtomicInteger calls = new AtomicInteger();

    TemporaryCredentials first = cache.get("k", c -> true, () -> count(calls, CREDENTIALS));
    TemporaryCredentials second = cache.get("k", c -> true, () -> count(calls, OTHER));

    assertThat(first).isEqualTo(CREDENTIALS);
    assertThat(second).isEqualTo(CREDENTIALS);
    assertThat(calls).hasValue(1);
    assertThat(mode(root.resolve("sts/k.creds"))).isEqualTo("rw-------");
    assertThat(mode(root.resolve("sts"))).isEqualTo("rwx------");
  }

  @Test
  void get_notFresh_assumesAgainAndReplaces() {
    DiskCache cache = new DiskCache(root.resolve("sts"));
    cache.get("k", c -> true, () -> CREDENTIALS);

    TemporaryCredentials again = cache.get("k", c -> false, () -> OTHER);

    assertThat(again).isEqualTo(OTHER);
    assertThat(cache.read("k")).contains(OTHER);
  }

  @Test
  void read_entryOpenToOthers_ignored() throws IOException {
    DiskCache cache = new DiskCache(root.resolve("sts"));
    cache.get("k", c -> true, () -> CREDENTIALS);
    Files.setPosixFilePermissions(
        root.resolve("sts/k.creds"), PosixFilePermissions.fromString("rw-r--r--"));

    assertThat(cache.read("k")).isEmpty();
  }

  static Stream<Arguments> unsound() {
    return Stream.of(
        Arguments.of("parse_empty_miss", ""),
        Arguments.of("parse_otherVersion_miss", DiskCache.format(CREDENTIALS).replace("=1", "=2")),
        Arguments.of(
            "parse_badExpiration_miss",
            DiskCache.format(CREDENTIALS).replace("2030-01-01T00:00:00Z", "soon")),
        Arguments.of(
            "parse_missingToken_miss",
            DiskCache.format(CREDENTIALS).replace("sessionToken=token\n", "")),
        Arguments.of("parse_binaryGarbage_miss", "\u0000\u0001=\u0002\n=="));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsound")
  void parse_unsound(String name, String text) {
    assertThat(DiskCache.parse(text)).isEmpty();
  }

  @Test
  void parse_format_roundTrips() {
    assertThat(DiskCache.parse(DiskCache.format(CREDENTIALS))).contains(CREDENTIALS);
  }

  private static TemporaryCredentials count(AtomicInteger calls, TemporaryCredentials c) {
    calls.incrementAndGet();
    return c;
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
