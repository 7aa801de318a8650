package dev.crossrole.cli;

import dev.crossrole.cli.internal.demo.DemoException;
import dev.crossrole.cli.internal.demo.DemoWorld;
import dev.crossrole.cli.internal.demo.Renderer;
import dev.crossrole.cli.internal.demo.Report;
import dev.crossrole.cli.internal.demo.SeedStory;
import dev.crossrole.cli.internal.demo.StoryRunner;
import dev.crossrole.cli.internal.demo.Style;
import dev.crossrole.server.RegistryMode;
import dev.crossrole.server.ServerException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code crossrole demo}: plays the seed story on a server of its own, printing each step as the
 * AWS CLI command that does the same and whether it behaved as expected.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Plays the seed story on a crossrole server started for it in a temporary directory: OUR"
          + " account's role with an ExternalId trust, BUILD's user assuming it both ways, a"
          + " registry login and push, and what is refused (a wrong ExternalId, the user's own"
          + " keys, another repository, a revoked session).",
      "Each step is printed as the equivalent AWS CLI command with its result. Exits 0 when every"
          + " step behaved as expected, 1 otherwise."
    })
public final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--keep",
      description =
          "Keep the data directory, profile and policy files, and print how to start the server"
              + " on them again.")
  boolean keep;

  @Option(
      names = "--registry",
      paramLabel = "auto|off",
      description =
          "auto runs docker-registry when it is on the PATH, off runs without a registry and"
              + " leaves out the push steps (default ${DEFAULT-VALUE}).")
  String registry = "auto";

  private final Map<String, String> environment;

  /**
   * Reads {@code PATH} (where docker-registry is) and {@code NO_COLOR} from {@code environment}.
   */
  DemoCommand(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  @Override
  public Integer call() throws IOException {
    RegistryMode mode = registryMode();
    Renderer renderer =
        new Renderer(
            spec.commandLine().getOut(),
            Style.forTerminal(System.console() != null, environment.get("NO_COLOR")));
    long started = System.nanoTime();
    Path root = Files.createTempDirectory("crossrole-demo-");
    boolean cleanedUp = false;
    AtomicReference<DemoWorld> running = new AtomicReference<>();
    Thread onInterrupt = new Thread(() -> stopInterrupted(running, root), "crossrole-demo-stop");
    Runtime.getRuntime().addShutdownHook(onInterrupt);
    try {
      renderer.title("crossrole demo: the seed story, on a crossrole server of its own");
      Report report;
      String restart;
      try (DemoWorld world = DemoWorld.start(root, mode, serverEnvironment())) {
        running.set(world);
        describe(renderer, world, mode);
        report = new StoryRunner(renderer).run(new SeedStory(world, Clock.systemUTC()).sections());
        restart = restart(world);
      } finally {
        running.set(null);
      }
      renderer.note("");
      if (keep) {
        renderer.note(restart);
      } else {
        delete(root);
        renderer.note("Server stopped; " + root + " removed (--keep keeps it).");
      }
      cleanedUp = true;
      renderer.summary(report, Duration.ofNanos(System.nanoTime() - started));
      return report.failure().isEmpty() ? 0 : 1;
    } catch (ServerException | DemoException e) {
      spec.commandLine().getErr().println("crossrole demo: cannot set up: " + e.getMessage());
      return 1;
    } finally {
      removeHook(onInterrupt);
      // Whatever stopped the demo half way, it leaves nothing behind.
      if (!cleanedUp) {
        delete(root);
      }
    }
  }

  /**
   * Stops the server and removes the directory (unless --keep) when the demo is interrupted
   * (Ctrl-C): the JVM then runs its shutdown hooks, not the command's own clean-up.
   */
  private void stopInterrupted(AtomicReference<DemoWorld> running, Path root) {
    DemoWorld world = running.getAndSet(null);
    if (world != null) {
      world.close();
    }
    if (!keep) {
      delete(root);
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or about to: it stops the server and cleans up itself.
    }
  }

  private RegistryMode registryMode() {
    RegistryMode mode;
    try {
      mode = RegistryMode.parse(registry);
    } catch (IllegalArgumentException e) {
      mode = null;
    }
    if (!(mode instanceof RegistryMode.Auto || mode instanceof RegistryMode.Off)) {
      throw new ParameterException(
          spec.commandLine(), "Invalid --registry '" + registry + "': expected auto or off");
    }
    return mode;
  }

  /** The server sees only PATH: no master key or database settings of the user's own server. */
  private Map<String, String> serverEnvironment() {
    String path = environment.get("PATH");
    return path == null ? Map.of() : Map.of("PATH", path);
  }

  private static void describe(Renderer renderer, DemoWorld world, RegistryMode mode) {
    renderer.note(
        "Server "
            + world.endpoint()
            + world.registryUrl().map(url -> ", registry " + url).orElse("")
            + "; accounts ours="
            + DemoWorld.OURS.id()
            + " and build="
            + DemoWorld.BUILD.id()
            + "; files in "
            + world.root());
    if (world.registryUrl().isEmpty()) {
      renderer.note(
          "No registry ("
              + (mode instanceof RegistryMode.Off
                  ? "--registry off"
                  : "docker-registry is not on the PATH")
              + "): the login and push steps are left out.");
    }
  }

  /** How to look at what the demo made, and to start its server again. */
  private static String restart(DemoWorld world) {
    String port = world.endpoint().substring(world.endpoint().lastIndexOf(':') + 1);
    return String.join(
        "\n",
        "Kept " + world.root() + ": the server's data in data/, the policy documents (*.json),",
        "and the profiles ours, build, builder and build-role in aws/config and aws/credentials.",
        "Start the server on it again, and use the profiles:",
        "  bin/crossrole server --data " + world.data() + " --port " + port,
        "  cd " + world.root(),
        "  export AWS_CONFIG_FILE="
            + world.configFile()
            + " AWS_SHARED_CREDENTIALS_FILE="
            + world.credentialsFile(),
        "  aws --profile build-role sts get-caller-identity");
  }

  private void delete(Path root) {
    try (Stream<Path> all = Files.walk(root)) {
      all.sorted(Comparator.reverseOrder()).forEach(DemoCommand::deleteOne);
    } catch (IOException | UncheckedIOException e) {
      spec.commandLine()
          .getErr()
          .println("crossrole demo: cannot remove " + root + ": " + e.getMessage());
    }
  }

  private static void deleteOne(Path path) {
    try {
      Files.delete(Objects.requireNonNull(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
