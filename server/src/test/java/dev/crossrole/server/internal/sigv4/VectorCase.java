package dev.crossrole.server.internal.sigv4;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One case directory of the official SigV4 test suite, vendored with its LICENSE and NOTICE under
 * the test resources ({@code sigv4/suite}).
 */
record VectorCase(
    String name,
    Path dir,
    String accessKeyId,
    String secretAccessKey,
    Optional<String> token,
    String region,
    String service,
    Instant timestamp,
    boolean normalize,
    boolean signBody,
    boolean omitSessionToken,
    long expirationSeconds) {

  /** The two ways each case is signed. */
  enum Mode {
    HEADER("header"),
    QUERY("query");

    final String prefix;

    Mode(String prefix) {
      this.prefix = prefix;
    }
  }

  /**
   * The suite's directory on the test classpath. Test resources are copied to a directory, so the
   * cases are plain files there. Fails (never skips) when the suite is missing.
   */
  static Path suiteDir() {
    URL readme = VectorCase.class.getResource("/sigv4/suite/README.md");
    if (readme == null) {
      return fail("sigv4/suite is not on the test classpath");
    }
    try {
      return Path.of(readme.toURI()).getParent();
    } catch (URISyntaxException e) {
      return fail("sigv4/suite has no file path: " + readme, e);
    }
  }

  static List<VectorCase> all() {
    try (Stream<Path> dirs = Files.list(suiteDir())) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("context.json")))
          .sorted()
          .map(VectorCase::load)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static VectorCase load(Path dir) {
    String json = read(dir.resolve("context.json"));
    return new VectorCase(
        dir.getFileName().toString(),
        dir,
        string(json, "access_key_id").orElseThrow(),
        string(json, "secret_access_key").orElseThrow(),
        string(json, "token"),
        string(json, "region").orElseThrow(),
        string(json, "service").orElseThrow(),
        Instant.parse(string(json, "timestamp").orElseThrow()),
        literal(json, "normalize").map(Boolean::parseBoolean).orElse(true),
        literal(json, "sign_body").map(Boolean::parseBoolean).orElse(false),
        literal(json, "omit_session_token").map(Boolean::parseBoolean).orElse(false),
        literal(json, "expiration_in_seconds").map(Long::parseLong).orElse(3600L));
  }

  String file(Mode mode, String suffix) {
    return read(dir.resolve(mode.prefix + "-" + suffix + ".txt"));
  }

  String unsignedRequest() {
    return read(dir.resolve("request.txt"));
  }

  SignedRequest signedRequest(Mode mode, Instant receivedAt) {
    return RawHttp.parse(file(mode, "signed-request"), receivedAt);
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<String> string(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  private static Optional<String> literal(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*(true|false|[0-9]+)").matcher(json);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  @Override
  public String toString() {
    return name;
  }
}
