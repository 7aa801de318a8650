package dev.crossrole.server.internal.registry;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Keeps the server's registry child running: when it exits without having been asked to, one thread
 * reports it and starts it again with the same configuration file on the same port, waiting for it
 * to answer as at the server's start, pausing between attempts as {@link RestartBackoff} says.
 * {@link #close} stops restarting before it stops the registry, so a requested stop is never
 * undone, and whatever run is current then, even one still starting, is stopped.
 */
public final class RegistrySupervisor implements AutoCloseable {
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(60);

  private final RestartBackoff backoff;
  private final Consumer<Event> events;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition stopRequested = lock.newCondition();

  // Guarded by lock: the current run of the registry, whether it has answered since it started,
  // whether the server asked for the registry to stop, and the thread restarting it.
  private Optional<RegistryChild> current = Optional.empty();
  private boolean answered;
  private boolean stopping;
  private Optional<Thread> restarter = Optional.empty();

  /** What the supervisor tells the operator, one line each. */
  public sealed interface Event {
    /** The line for the server's standard error; it names no secret. */
    String message();
  }

  /**
   * The registry exited without being asked to.
   *
   * @param status the exit status: its own, or 128 plus the signal's number
   * @param url where it listened, and will again
   * @param restartIn the pause before it is started again
   */
  public record Exited(int status, URI url, Duration restartIn) implements Event {
    @Override
    public String message() {
      return "docker-registry at "
          + url
          + " exited with status "
          + status
          + signal(status)
          + "; restarting it in "
          + text(restartIn);
    }
  }

  /**
   * Something else listens on the registry's port, so it cannot start there yet.
   *
   * @param url the registry's address
   * @param retryIn the pause before the next attempt
   */
  public record PortTaken(URI url, Duration retryIn) implements Event {
    @Override
    public String message() {
      return "cannot restart docker-registry: the port of "
          + url
          + " is taken; retrying in "
          + text(retryIn);
    }
  }

  /**
   * A restart did not bring the registry up.
   *
   * @param reason why, in a few words that hold neither its configuration nor its log
   * @param log its log, where it says more
   * @param retryIn the pause before the next attempt
   */
  public record StartFailed(String reason, Path log, Duration retryIn) implements Event {
    @Override
    public String message() {
      return "docker-registry did not start again: "
          + reason
          + " (its log: "
          + log
          + "); retrying in "
          + text(retryIn);
    }
  }

  /**
   * Supervision itself failed, unexpectedly: the registry is no longer restarted, and the server's
   * {@code /health} stays unhealthy once it is down.
   *
   * @param failure the kind of failure, a class name
   */
  public record Abandoned(String failure) implements Event {
    @Override
    public String message() {
      return "docker-registry is no longer restarted when it exits: its supervision failed ("
          + failure
          + ")";
    }
  }

  /**
   * The registry answers again.
   *
   * @param url its address, the same as before
   */
  public record Restarted(URI url) implements Event {
    @Override
    public String message() {
      return "docker-registry restarted at " + url;
    }
  }

  /**
   * A supervisor that pauses as {@code backoff} says and tells {@code events} what happens; it
   * watches nothing until {@link #supervise} hands it the first run.
   */
  public RegistrySupervisor(RestartBackoff backoff, Consumer<Event> events) {
    this.backoff = backoff;
    this.events = events;
  }

  /**
   * Watches {@code first}, a run that has answered, and restarts the registry whenever it exits
   * until {@link #close}. After {@code close}, it stops {@code first} at once instead.
   *
   * @throws IllegalStateException when it already watches a registry
   */
  public void supervise(RegistryChild first) {
    lock.lock();
    try {
      if (restarter.isPresent()) {
        throw new IllegalStateException("already supervising " + current.orElseThrow());
      }
      if (!stopping) {
        current = Optional.of(first);
        answered = true;
        Thread thread = new Thread(() -> watchReporting(first), "crossrole-registry-supervisor");
        thread.setDaemon(true);
        restarter = Optional.of(thread);
        thread.start();
        return;
      }
    } finally {
      lock.unlock();
    }
    first.close();
  }

  /**
   * Whether the registry runs and has answered: false from the moment it dies until a restart
   * answers, and before the first run is handed over.
   */
  public boolean registryUp() {
    lock.lock();
    try {
      return answered && !stopping && current.map(RegistryChild::registryRunning).orElse(false);
    } finally {
      lock.unlock();
    }
  }

  /** The processes of the current run (its wrapper and the registry), for tests. */
  public List<ProcessHandle> processes() {
    lock.lock();
    try {
      return current.map(RegistryChild::processes).orElse(List.of());
    } finally {
      lock.unlock();
    }
  }

  /** Watches, and says so when watching fails, rather than ending silently. */
  private void watchReporting(RegistryChild first) {
    try {
      watch(first);
    } catch (RuntimeException e) {
      // Only the class: a message could carry a path of the configuration, never needed here.
      events.accept(new Abandoned(e.getClass().getName()));
    } catch (Error e) {
      events.accept(new Abandoned(e.getClass().getName()));
      throw e;
    }
  }

  private void watch(RegistryChild first) {
    RegistryChild run = first;
    Optional<Duration> lastPause = Optional.empty();
    long startedAt = System.nanoTime();
    while (true) {
      int status;
      try {
        status = run.awaitExit();
      } catch (InterruptedException e) {
        return;
      }
      long diedAt = System.nanoTime();
      if (!exitNoticed()) {
        return;
      }
      Duration pause = backoff.next(lastPause, Duration.ofNanos(diedAt - startedAt));
      events.accept(new Exited(status, run.url(), pause));
      // Closes the dead run's pipe, and stops a registry that outlived a killed wrapper; the pause
      // counts from the death, so this takes none of it.
      run.close();
      Optional<RestartedRun> restarted = restart(run.launch(), pause, diedAt + pause.toNanos());
      if (restarted.isEmpty()) {
        return;
      }
      run = restarted.get().run();
      lastPause = Optional.of(restarted.get().lastPause());
      startedAt = System.nanoTime();
      events.accept(new Restarted(run.url()));
    }
  }

  /** A run that answered after a restart, and the pause that preceded it. */
  private record RestartedRun(RegistryChild run, Duration lastPause) {}

  /**
   * Pauses and starts the registry again until it answers; empty once the server asked it to stop.
   */
  private Optional<RestartedRun> restart(
      RegistryChild.Launch launch, Duration firstPause, long firstAttemptAt) {
    Duration pause = firstPause;
    long attemptAt = firstAttemptAt;
    while (pauseUntil(attemptAt)) {
      Attempt attempt = attempt(launch);
      if (attempt instanceof Answered answered) {
        return Optional.of(new RestartedRun(answered.run(), pause));
      }
      if (attempt instanceof Stopped) {
        return Optional.empty();
      }
      pause = backoff.next(Optional.of(pause), Duration.ZERO);
      attemptAt = System.nanoTime() + pause.toNanos();
      events.accept(
          attempt instanceof Failed failed
              ? new StartFailed(failed.reason(), launch.log(), pause)
              : new PortTaken(launch.url(), pause));
    }
    return Optional.empty();
  }

  /** How one attempt to start the registry ended. */
  private sealed interface Attempt {}

  private record Answered(RegistryChild run) implements Attempt {}

  private record Taken() implements Attempt {}

  private record Failed(String reason) implements Attempt {}

  private record Stopped() implements Attempt {}

  private Attempt attempt(RegistryChild.Launch launch) {
    if (!RegistryChild.portFree(launch.host(), launch.port())) {
      return new Taken();
    }
    RegistryChild run;
    lock.lock();
    try {
      // Started under the lock, so that close either sees this run as current or comes first.
      if (stopping) {
        return new Stopped();
      }
      run = RegistryChild.spawn(launch);
      current = Optional.of(run);
    } catch (IOException e) {
      return new Failed("cannot start its wrapper: " + e.getMessage());
    } finally {
      lock.unlock();
    }
    try {
      run.awaitReady();
    } catch (IOException e) {
      run.close();
      return stoppingNow() ? new Stopped() : new Failed(e.getMessage());
    }
    lock.lock();
    try {
      if (stopping) {
        // close took this run as current and stops it.
        return new Stopped();
      }
      answered = true;
      return new Answered(run);
    } finally {
      lock.unlock();
    }
  }

  /** Marks the registry down; false when that is because the server asked it to stop. */
  private boolean exitNoticed() {
    lock.lock();
    try {
      answered = false;
      return !stopping;
    } finally {
      lock.unlock();
    }
  }

  private boolean stoppingNow() {
    lock.lock();
    try {
      return stopping;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until {@code deadline} ({@link System#nanoTime}) unless the server asks the registry to
   * stop; false if it did.
   */
  private boolean pauseUntil(long deadline) {
    lock.lock();
    try {
      long left = deadline - System.nanoTime();
      while (!stopping && left > 0) {
        left = stopRequested.awaitNanos(left);
      }
      return !stopping;
    } catch (InterruptedException e) {
      return false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Restarts the registry no more, leaving the current run as it is: the server calls this before
   * it finishes its requests in flight, which may still use the registry, so that a registry dying
   * meanwhile is not started again only for {@link #close} to stop it. From then on {@link
   * #registryUp} is false: the server is going away.
   */
  public void stopRestarting() {
    lock.lock();
    try {
      stopping = true;
      stopRequested.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops restarting, then stops the current run, even one still starting, and waits for the
   * supervising thread to end, so that no registry is left running.
   */
  @Override
  public void close() {
    Optional<RegistryChild> last;
    Optional<Thread> thread;
    lock.lock();
    try {
      stopping = true;
      answered = false;
      stopRequested.signalAll();
      last = current;
      thread = restarter;
    } finally {
      lock.unlock();
    }
    last.ifPresent(RegistryChild::close);
    thread.ifPresent(RegistrySupervisor::join);
  }

  private static void join(Thread thread) {
    try {
      thread.join(JOIN_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String signal(int status) {
    return status > 128 && status < 128 + 65 ? " (killed by signal " + (status - 128) + ")" : "";
  }

  private static String text(Duration pause) {
    long millis = pause.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }
}
