package dev.crossrole.server.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@code docker-registry} for tests to put on the PATH: it runs the real one (installed on the
 * machine) unless the test holds it down, when it exits at once with status 3, or holds it
 * starting, when it never listens. Restarts can so be made to fail, or to be in progress, at will.
 */
public final class RegistryGate {
  /** The status a registry held down exits with. */
  public static final int HELD_DOWN_STATUS = 3;

  private final Path directory;

  private RegistryGate(Path directory) {
    this.directory = directory;
  }

  /** Writes the stand-in into {@code directory}, which should hold nothing else. */
  public static RegistryGate install(Path directory) throws IOException {
    Path real =
        RegistryChild.findBinary(System.getenv("PATH"))
            .orElseThrow(() -> new AssertionError("docker-registry is not installed"));
    Path dir = directory.toAbsolutePath();
    String script =
        "#!/bin/sh\n"
            + "if [ -e '"
            + dir.resolve("down")
            + "' ]; then echo 'held down' >&2; exit "
            + HELD_DOWN_STATUS
            + "; fi\n"
            + "if [ -e '"
            + dir.resolve("hold")
            + "' ]; then : > '"
            + dir.resolve("holding")
            + "'; exec sleep 600; fi\n"
            + "exec '"
            + real
            + "' \"$@\"\n";
    Path binary = dir.resolve(RegistryChild.BINARY);
    Files.writeString(binary, script);
    Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwx------"));
    return new RegistryGate(dir);
  }

  /** The stand-in itself. */
  public Path binary() {
    return directory.resolve(RegistryChild.BINARY);
  }

  /** The directory to put on the PATH. */
  public Path directory() {
    return directory;
  }

  /** From now on, each start exits at once, as a registry that cannot start does. */
  public void holdDown() throws IOException {
    Files.writeString(directory.resolve("down"), "");
  }

  /** From now on, each start runs but never listens. */
  public void holdStarting() throws IOException {
    Files.writeString(directory.resolve("hold"), "");
  }

  /** Whether a start held by {@link #holdStarting} has begun. */
  public boolean holding() {
    return Files.exists(directory.resolve("holding"));
  }

  /** From now on, each start runs the real registry. */
  public void release() throws IOException {
    Files.deleteIfExists(directory.resolve("down"));
    Files.deleteIfExists(directory.resolve("hold"));
  }

  /** The real registry among a run's processes. */
  public static ProcessHandle registry(List<ProcessHandle> processes) {
    List<ProcessHandle> registries =
        processes.stream()
            .filter(
                p -> p.info().command().map(c -> c.endsWith(RegistryChild.BINARY)).orElse(false))
            .toList();
    assertThat(registries).as("the docker-registry process").hasSize(1);
    return registries.get(0);
  }

  /** Kills the real registry among {@code processes} with SIGKILL and waits until it is gone. */
  public static ProcessHandle kill(List<ProcessHandle> processes)
      throws InterruptedException, ExecutionException, TimeoutException {
    ProcessHandle registry = registry(processes);
    assertThat(registry.destroyForcibly()).as("SIGKILL sent").isTrue();
    registry.onExit().get(30, TimeUnit.SECONDS);
    return registry;
  }
}
