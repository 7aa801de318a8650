package dev.crossrole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code bin/crossrole demo} as a process, as a newcomer or a CI job runs it: with the registry
 * ({@code docker-registry} on the PATH) and without one, it exits 0 with every step as expected, in
 * plain text since its output is a pipe.
 */
class DemoIT {
  private static final Path BIN = Path.of("..", "bin", "crossrole").toAbsolutePath().normalize();
  private static final Pattern FILES = Pattern.compile("files in (\\S+)\\n");

  /** name, arguments, the number of steps. */
  static Stream<Arguments> runs() {
    return Stream.of(
        Arguments.of("binDemo_withRegistry_exit0EveryStepAsExpected", List.of("demo"), 23),
        Arguments.of(
            "binDemo_registryOff_exit0EveryStepAsExpected",
            List.of("demo", "--registry", "off"),
            18));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void binDemo(String name, List<String> args, int steps, @TempDir Path cwd) throws Exception {
    Process p =
        new ProcessBuilder(Stream.concat(Stream.of(BIN.toString()), args.stream()).toList())
            .directory(cwd.toFile())
            .redirectError(cwd.resolve("stderr").toFile())
            .start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String err = Files.readString(cwd.resolve("stderr"));

    assertThat(p.exitValue()).as(out + err).isZero();
    assertThat(out.lines().filter(l -> l.startsWith("    ✓ "))).hasSize(steps);
    assertThat(out).doesNotContain("✗").doesNotContain("\u001b[");
    assertThat(out.strip().lines().reduce((a, b) -> b).orElseThrow())
        .startsWith("✓ all " + steps + " steps behaved as expected (");
    Matcher files = FILES.matcher(out);
    assertThat(files.find()).as(out).isTrue();
    assertThat(Path.of(files.group(1))).doesNotExist();
    try (Stream<Path> left = Files.list(cwd)) {
      assertThat(left.map(f -> f.getFileName().toString())).containsExactly("stderr");
    }
  }
}
