package dev.crossrole.server.internal.registry;

import dev.crossrole.core.PrivateFiles;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@code docker-registry} run as a child of the server. It is started through a small {@code sh}
 * wrapper whose standard input is a pipe from the server: when the server goes away, however it
 * ends (even {@code kill -9}), the pipe closes and the wrapper stops the registry, so no registry
 * is left orphaned. {@link #close} closes that pipe itself and waits for the registry to exit. The
 * registry's output goes to {@code registry.log} beside its configuration; its arguments hold only
 * paths. One instance is one run of the registry; {@link #launch} says how to start it again alike
 * after it dies. Over TLS, it serves the server's certificate, and trusts the server's certificates
 * (through Go's {@code SSL_CERT_FILE}) when it posts its events to the server.
 */
public final class RegistryChild implements AutoCloseable {
  /** The registry binary the server looks for on the PATH. */
  public static final String BINARY = "docker-registry";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

  // Runs the registry and, beside it, a watcher reading standard input, which only the server
  // holds: its end (the server closing it, or dying) makes the watcher stop the registry. The
  // wrapper itself lives exactly as long as the registry, so the server sees a crash as its exit,
  // with the registry's status. The watcher gets standard input through fd 3 because an
  // asynchronous list's own is /dev/null. It reads with the shell's own read, so that it is one
  // process the wrapper can stop and reap once the registry is gone: a crash leaves no orphan
  // behind, which only init would reap, and a restart need not wait for that.
  // The umask makes everything the registry creates (layers, manifests, uploads) its owner's only.
  private static final String WRAPPER =
      "umask 077\n"
          + "exec 3<&0\n"
          + "\"$1\" serve \"$2\" </dev/null 3<&- &\n"
          + "registry=$!\n"
          + "{ while read -r _; do :; done; kill -TERM \"$registry\" 2>/dev/null; } <&3 &\n"
          + "watcher=$!\n"
          + "exec 3<&-\n"
          + "wait \"$registry\"\n"
          + "status=$?\n"
          + "kill -TERM \"$watcher\" 2>/dev/null\n"
          + "wait \"$watcher\"\n"
          + "exit \"$status\"\n";

  private final Process wrapper;
  private final OutputStream lifeline;
  private final Launch launch;
  // The registry and the watcher as they were once the registry answered: should the wrapper be
  // killed, they are no longer its descendants, and closing must still find them.
  private volatile List<ProcessHandle> seenRunning = List.of();

  private RegistryChild(Process wrapper, Launch launch) {
    this.wrapper = wrapper;
    this.lifeline = wrapper.getOutputStream();
    this.launch = launch;
  }

  /**
   * What starting the registry takes, the same at every start: the binary, its configuration file,
   * the address it listens on (written in that file) and the log its output is appended to.
   *
   * @param binary the {@code docker-registry} executable
   * @param config its configuration file
   * @param log the file its output is appended to
   * @param host the host it listens on
   * @param port the port it listens on
   * @param tls how it serves TLS, if it does
   */
  public record Launch(
      Path binary, Path config, Path log, String host, int port, Optional<RegistryTls> tls) {
    /** The {@code HOST:PORT} it listens on, with an IPv6 host in brackets. */
    public String listen() {
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** Its base URL, such as {@code http://127.0.0.1:36555}. */
    public URI url() {
      return URI.create((tls.isPresent() ? "https://" : "http://") + listen());
    }

    /** The certificates it trusts when it calls the server, beside its configuration. */
    Path trustedCertificates() {
      return config.resolveSibling("trusted.pem");
    }
  }

  /** The {@code docker-registry} on the PATH, if there is one. */
  public static Optional<Path> findBinary(String path) {
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
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
   * Whether nothing listens on {@code host:port} now, so that a registry started there can bind it.
   * Java's server sockets reuse addresses as the registry's do, so connections of a registry that
   * just died, still in {@code TIME_WAIT}, do not count as taking the port.
   */
  public static boolean portFree(String host, int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(host))) {
      return socket.isBound();
    } catch (IOException e) {
      return false;
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
      Optional<RegistryConfigYaml.Notifications> notifications,
      Optional<RegistryTls> tls)
      throws IOException {
    PrivateFiles.createDirectory(directory);
    PrivateFiles.createDirectory(directory.resolve("storage"));
    Path certificate = directory.resolve("token-signing.pem");
    PrivateFiles.write(certificate, certificatePem);
    Launch launch =
        new Launch(
            binary,
            directory.resolve("config.yml"),
            directory.resolve("registry.log"),
            host,
            port,
            tls);
    if (tls.isPresent()) {
      PrivateFiles.write(launch.trustedCertificates(), tls.get().trustedPem());
    }
    PrivateFiles.write(
        launch.config(),
        RegistryConfigYaml.render(
            launch.listen(), directory.resolve("storage"), realm, certificate, notifications, tls));
    RegistryChild child = spawn(launch);
    try {
      child.awaitReady();
    } catch (IOException e) {
      child.close();
      throw new IOException(e.getMessage() + child.tail(), e);
    } catch (RuntimeException e) {
      child.close();
      throw e;
    }
    return child;
  }

  /**
   * Starts the registry as {@code launch} says, its configuration already written, without waiting
   * for it to answer: {@link #awaitReady} does.
   *
   * @throws IOException when the wrapper cannot be started
   */
  public static RegistryChild spawn(Launch launch) throws IOException {
    // Java opens the log for the child with its own umask: create it private first.
    if (!Files.exists(launch.log())) {
      PrivateFiles.write(launch.log(), "");
    }
    ProcessBuilder builder =
        new ProcessBuilder(
                "/bin/sh",
                "-c",
                WRAPPER,
                "crossrole-registry",
                launch.binary().toString(),
                launch.config().toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(launch.log().toFile()));
    if (launch.tls().isPresent()) {
      // Go reads its trusted roots from here: the registry calls the server alone, never others.
      builder.environment().put("SSL_CERT_FILE", launch.trustedCertificates().toString());
    }
    return new RegistryChild(builder.start(), launch);
  }

  /**
   * Returns once the registry answers {@code /v2/} with the 401 of token authentication.
   *
   * @throws IOException when it exits first, answers otherwise or not within 30 s; the message says
   *     which and holds no part of its log or configuration
   */
  public void awaitReady() throws IOException {
    URI url = launch.url();
    HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1));
    launch.tls().ifPresent(tls -> client.sslContext(tls.client()));
    HttpClient http = client.build();
    HttpRequest probe =
        HttpRequest.newBuilder(url.resolve("/v2/")).timeout(Duration.ofSeconds(2)).GET().build();
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    long pause = 5;
    while (true) {
      if (!registryRunning()) {
        throw new IOException(
            "docker-registry exited with status " + wrapper.exitValue() + " while starting");
      }
      try {
        HttpResponse<Void> r = http.send(probe, HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 401) {
          seenRunning = wrapper.descendants().toList();
          return;
        }
        throw new IOException(
            "docker-registry at " + url + " answered /v2/ with " + r.statusCode() + ", not 401");
      } catch (ConnectException e) {
        // Not listening yet: look again shortly, until it does or the deadline passes.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for docker-registry", e);
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IOException("docker-registry did not answer within " + START_TIMEOUT);
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

  /**
   * Waits until the registry exits, or the wrapper does, and returns the wrapper's exit status: the
   * registry's own, or 128 plus the number of the signal that killed it.
   */
  public int awaitExit() throws InterruptedException {
    return wrapper.waitFor();
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
    return launch.url();
  }

  /** The registry's log file. */
  public Path log() {
    return launch.log();
  }

  /** How this registry was started, for starting it again alike. */
  public Launch launch() {
    return launch;
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(launch.log());
      return ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
    } catch (IOException e) {
      return " (its log " + launch.log() + " cannot be read)";
    }
  }

  /** Stops the registry and waits for it, forcing it after a while. */
  @Override
  public void close() {
    Set<ProcessHandle> registry = new LinkedHashSet<>(seenRunning);
    wrapper.descendants().forEach(registry::add);
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
      List<ProcessHandle> left = registry.stream().filter(ProcessHandle::isAlive).toList();
      left.forEach(ProcessHandle::destroy);
      // Waited for together: the JDK polls processes that are not its children, 300 ms at first,
      // and one by one those waits would add up (a restart waits for them).
      CompletableFuture.allOf(
              left.stream().map(ProcessHandle::onExit).toArray(CompletableFuture<?>[]::new))
          .get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      registry.forEach(ProcessHandle::destroyForcibly);
    }
  }

  @Override
  public String toString() {
    return "RegistryChild[" + launch.url() + "]";
  }
}
