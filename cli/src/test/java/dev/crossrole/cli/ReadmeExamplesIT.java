package dev.crossrole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code console} examples of the README and of the pages under {@code docs/} are true: each
 * {@code $ cat FILE} writes FILE with the lines shown, and each other {@code $ command} is run by
 * bash in the same directory (with {@code bin} linked to the repository's) and must print exactly
 * the lines shown, stdout and stderr together.
 */
class ReadmeExamplesIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @TempDir static Path dir;

  @BeforeAll
  static void linkBinAndBuild() throws IOException, InterruptedException {
    Files.createSymbolicLink(dir.resolve("bin"), ROOT.resolve("bin"));
    // Builds the jar now if it is stale, so that no example shows build output.
    run("bin/crossrole --version");
  }

  /** One {@code $ } line of a console block and the lines shown under it. */
  record Example(String command, List<String> shown) {}

  @TestFactory
  Stream<DynamicTest> readme_consoleExamples_printWhatTheyShow() throws IOException {
    List<Example> examples = new ArrayList<>(examples(Files.readString(ROOT.resolve("README.md"))));
    try (Stream<Path> pages = Files.list(ROOT.resolve("docs"))) {
      for (Path page : pages.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
        examples.addAll(examples(Files.readString(page)));
      }
    }
    assertThat(examples).extracting(Example::command).anyMatch(c -> c.contains("policy eval"));
    assertThat(examples).extracting(Example::command).anyMatch(c -> c.contains("policy lint"));
    return examples.stream()
        .map(
            e ->
                DynamicTest.dynamicTest(
                    e.command().length() > 80 ? e.command().substring(0, 80) + "…" : e.command(),
                    () -> check(e)));
  }

  private static void check(Example e) throws IOException, InterruptedException {
    if (e.command().startsWith("cat ")) {
      Files.writeString(
          dir.resolve(e.command().substring(4).trim()), String.join("\n", e.shown()) + "\n");
      return;
    }
    assertThat(run(e.command()).lines().toList()).isEqualTo(e.shown());
  }

  static List<Example> examples(String readme) {
    List<Example> examples = new ArrayList<>();
    boolean inConsole = false;
    String command = null;
    List<String> shown = new ArrayList<>();
    for (String line : readme.split("\n", -1)) {
      if (!inConsole) {
        inConsole = line.equals("```console");
        continue;
      }
      if (line.startsWith("$ ") || line.equals("```")) {
        if (command != null) {
          examples.add(new Example(command, List.copyOf(shown)));
        }
        command = line.startsWith("$ ") ? line.substring(2) : null;
        shown.clear();
        inConsole = !line.equals("```");
      } else {
        shown.add(line);
      }
    }
    return examples;
  }

  private static String run(String command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("bash", "-c", command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(command).isTrue();
    return out;
  }
}
