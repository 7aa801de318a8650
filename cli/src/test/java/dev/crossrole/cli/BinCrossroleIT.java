package dev.crossrole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossrole.cli.internal.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code bin/crossrole} itself, run as a user runs it from another directory, against the jar the
 * package phase has just built: stdout carries the program's output only.
 */
class BinCrossroleIT {
  private static final Path BIN = Path.of("..", "bin", "crossrole").toAbsolutePath().normalize();

  /** name, arguments, standard input, exit code, the exact standard output. */
  static Stream<Arguments> runs() {
    String seed = SeedCase.assumeRole("seed").toString();
    return Stream.of(
        Arguments.of(
            "bin_version_printsVersion",
            List.of("--version"),
            "",
            0,
            "crossrole " + Version.current() + "\n"),
        Arguments.of(
            "bin_evalSeedFromStdin_oneAllowedLine",
            List.of("policy", "eval", "--cases", "-"),
            seed + "\n" + SeedCase.assumeRole("wrong").externalId("x") + "\n",
            0,
            null),
        Arguments.of("bin_noArguments_usageOnStderrExit2", List.of(), "", 2, ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void bin(String name, List<String> args, String stdin, int exit, String out, @TempDir Path cwd)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(Stream.concat(Stream.of(BIN.toString()), args.stream()).toList())
            .directory(cwd.toFile())
            .redirectError(cwd.resolve("stderr").toFile())
            .start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String stderr = Files.readString(cwd.resolve("stderr"));

    assertThat(p.exitValue()).as(stderr).isEqualTo(exit);
    if (out != null) {
      assertThat(stdout).isEqualTo(out);
    } else {
      ObjectMapper json = new ObjectMapper();
      assertThat(stdout.lines().map(l -> readDecision(json, l)))
          .containsExactly("allowed", "implicitDeny");
    }
  }

  private static String readDecision(ObjectMapper json, String line) {
    try {
      return json.readTree(line).get("decision").asText();
    } catch (IOException e) {
      throw new AssertionError("not a JSON line: " + line, e);
    }
  }
}
