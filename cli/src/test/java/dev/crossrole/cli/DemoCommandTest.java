package dev.crossrole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code crossrole demo} run in process, with the registry ({@code docker-registry} on the PATH)
 * and without one: every step behaves as expected, the output is plain text off a terminal, and
 * nothing is left behind unless {@code --keep} asks for it.
 */
class DemoCommandTest {
  private static final Pattern STEP = Pattern.compile("(?m)^\\s*\\d+\\. ");
  private static final Pattern RESULT = Pattern.compile("(?m)^ {4}([✓✗]) ");
  private static final Pattern FILES = Pattern.compile("files in (\\S+)\\n");

  /** name, arguments, PATH (null: the process's), steps run, the line saying what is left out. */
  static Stream<Arguments> runs(@TempDir Path emptyPath) {
    return Stream.of(
        Arguments.of(
            "demo_withRegistry_everyStepAsExpectedIncludingThePush",
            List.of("demo"),
            null,
            23,
            null),
        Arguments.of(
            "demo_registryOff_pushStepsLeftOut",
            List.of("demo", "--registry", "off"),
            null,
            18,
            "No registry (--registry off): the login and push steps are left out."),
        Arguments.of(
            "demo_noDockerRegistryOnThePath_saysSoAndLeavesOutThePush",
            List.of("demo"),
            emptyPath.toString(),
            18,
            "No registry (docker-registry is not on the PATH): the login and push steps are left"
                + " out."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void demo(String name, List<String> args, String path, int steps, String leftOut) {
    Map<String, String> environment = new HashMap<>(System.getenv());
    if (path != null) {
      environment.put("PATH", path);
    }

    Cli.Result run = Cli.withEnvironment(environment, args.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(STEP.matcher(run.out()).results().count()).as(run.out()).isEqualTo(steps);
    assertThat(RESULT.matcher(run.out()).results().map(m -> m.group(1)))
        .as(run.out())
        .hasSize(steps)
        .containsOnly("✓");
    assertThat(run.out()).doesNotContain("\u001b[");
    assertThat(run.out().strip().lines().reduce((a, b) -> b).orElseThrow())
        .startsWith("✓ all " + steps + " steps behaved as expected (");
    if (leftOut == null) {
      assertThat(run.out())
          .contains("build a small image and push it to ourthing/app")
          .contains("refused, as expected: UNAUTHORIZED");
    } else {
      assertThat(run.out()).contains(leftOut).doesNotContain("skopeo");
    }
    assertThat(run.out())
        .contains(
            "refused, as expected: AccessDenied: User: arn:aws:iam::222222222222:user/builder")
        .contains("with an explicit deny in an identity-based policy");
    assertThat(filesDirectory(run)).doesNotExist();
  }

  @Test
  void demo_keep_leavesTheDirectoryAndSaysHowToStartItsServer() throws Exception {
    Cli.Result run = Cli.run("demo", "--keep", "--registry", "off");

    Path kept = filesDirectory(run);
    try {
      assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
      assertThat(kept.resolve("data/credentials")).isRegularFile();
      assertThat(kept.resolve("aws/config")).content().contains("[profile build-role]");
      assertThat(kept.resolve("aws/credentials")).content().contains("[builder]");
      assertThat(kept.resolve("trust.json")).content().contains("some_key_build");
      assertThat(run.out())
          .contains("bin/crossrole server --data " + kept.resolve("data") + " --port ")
          .contains("export AWS_CONFIG_FILE=" + kept.resolve("aws/config"))
          .doesNotContain(" removed");
    } finally {
      delete(kept);
    }
  }

  @Test
  void demo_registryUrl_usageErrorExit2() {
    Cli.Result run = Cli.run("demo", "--registry", "http://127.0.0.1:5000");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("Invalid --registry 'http://127.0.0.1:5000': expected auto or off");
    assertThat(run.out()).isEmpty();
  }

  private static Path filesDirectory(Cli.Result run) {
    Matcher m = FILES.matcher(run.out());
    assertThat(m.find()).as(run.out() + run.err()).isTrue();
    return Path.of(m.group(1));
  }

  private static void delete(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
