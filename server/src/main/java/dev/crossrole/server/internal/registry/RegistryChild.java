package dev.crossrole.server.internal.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@code docker-registry} run as a child of the server. It is started through a small {@code sh}
 * wrapper whose standard input is a pipe from the server: when the server goes away, however it
 * ends (even {@code kill -9}), the pipe closes and the wrapper stops the registry, so no registry
 * is left orphaned. {@link #close} closes that pipe itself and waits for the registry to exit. The
 * registry's output goes to {@code registry.log} beside its configuration; its arguments hold only
 * paths.
 */
public final class RegistryChild implements AutoCloseable {
  /** The registry binary the server looks for on the PATH. */
  public static final String BINARY = "docker-registry";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

  // Runs the registry and, beside it, a watcher reading standard input, which only the server
  // holds: its end (the server closing it, or dying) makes the watcher stop the registry. The
  // wrapper itself lives exactly as long as the registry, so the server sees a crash as its exit.
  // The watcher gets standard input through fd 3 because an asynchronous list's own is /dev/null.
  private static final String WRAPPER =
      "exec 3<&0\n"
          + "\"$1\" serve \"$2\" </dev/null 3<&- &\n"
          + "registry=$!\n"
          + "{ cat >/dev/null; kill -TERM \"$registry\" 2>/dev/null; } <&3 &\n"
          + "exec 3<&-\n"
          + "wait \"$registry\"\n";

  private final Process wrapper;
  private final OutputStream lifeline;
  private final URI url;
  private final Path log;

  private RegistryChild(Process wrapper, URI url, Path log) {
    this.wrapper = wrapper;
    this.lifeline = wrapper.getOutputStream();
    this.url = url;
    this.log = log;
  }

  /** The {@code docker-registry} on the PATH, if there is one. */
  public static Optional<Path> findBinary(String path) {
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, BINARY);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** A free TCP port on {@code host} now; the registry binds it moments later. */
  public static int freePort(String host) throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return socket.getLocalPort();
    }
  }

  /**
   * Writes the configuration under {@code directory}, starts the registry and returns once it
   * answers {@code /v2/} with the 401 of token authentication.
   *
   * @throws IOException when it cannot start or does not answer in time; the message ends with the
   *     last lines of its log
   */
  public static RegistryChild start(
      Path binary,
      Path directory,
      String host,
      int port,
      URI realm,
      String certificatePem,
      Optional<RegistryConfigYaml.Notifications> notifications)
      throws IOException {
    Files.createDirectories(directory.resolve("storage"));
    Path certificate = directory.resolve("token-signing.pem");
    Files.writeString(certificate, certificatePem);
    Path config = directory.resolve("config.yml");
    String listen = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    writePrivate(
        config,
        RegistryConfigYaml.render(
            listen, directory.resolve("storage"), realm, certificate, notifications));
    Path log = directory.resolve("registry.log");
    ProcessBuilder builder =
        new ProcessBuilder(
                "/bin/sh",
                "-c",
                WRAPPER,
                "crossrole-registry",
                binary.toString(),
                config.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Process process = builder.start();
    URI url = URI.create("http://" + listen);
    RegistryChild child = new RegistryChild(process, url, log);
    try {
      child.awaitReady();
    } catch (IOException | RuntimeException e) {
      child.close();
      throw e;
    }
    return child;
  }

  private static void writePrivate(Path file, String text) throws IOException {
    Files.deleteIfExists(file);
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    }
    Files.writeString(file, text);
  }

  private void awaitReady() throws IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest probe =
        HttpRequest.newBuilder(url.resolve("/v2/")).timeout(Duration.ofSeconds(2)).GET().build();
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    long pause = 5;
    while (true) {
      if (!registryRunning()) {
        throw new IOException("docker-registry exited while starting" + tail());
      }
      try {
        HttpResponse<Void> r = http.send(probe, HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 401) {
          return;
        }
        throw new IOException(
            "docker-registry at " + url + " answered /v2/ with " + r.statusCode() + ", not 401");
      } catch (java.net.ConnectException e) {
        // Not listening yet: look again shortly, until it does or the deadline passes.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for docker-registry", e);
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IOException("docker-registry did not answer within " + START_TIMEOUT + tail());
      }
      try {
        wrapper.waitFor(pause, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for docker-registry", e);
      }
      pause = Math.min(pause * 2, 100);
    }
  }

  /** Whether the registry is running: the wrapper exits when the registry does. */
  public boolean registryRunning() {
    return wrapper.isAlive();
  }

  /** The process ids of the wrapper and the registry, for tests that watch them stop. */
  public List<ProcessHandle> processes() {
    List<ProcessHandle> all = new ArrayList<>();
    all.add(wrapper.toHandle());
    wrapper.descendants().forEach(all::add);
    return all;
  }

  /** The registry's base URL, such as {@code http://127.0.0.1:36555}. */
  public URI url() {
    return url;
  }

  /** The registry's log file. */
  public Path log() {
    return log;
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
    } catch (IOException e) {
      return " (its log " + log + " cannot be read)";
    }
  }

  /** Stops the registry and waits for it, forcing it after a while. */
  @Override
  public void close() {
    List<ProcessHandle> registry = wrapper.descendants().toList();
    try {
      lifeline.close();
    } catch (IOException e) {
      // The pipe is already broken: the wrapper is gone, and the kill below covers the registry.
    }
    try {
      if (!wrapper.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        registry.forEach(ProcessHandle::destroyForcibly);
        wrapper.destroyForcibly();
        wrapper.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
      for (ProcessHandle p : registry) {
        if (p.isAlive()) {
          p.destroy();
          p.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      registry.forEach(ProcessHandle::destroyForcibly);
    }
  }

  @Override
  public String toString() {
    return "RegistryChild[" + url + "]";
  }
}
