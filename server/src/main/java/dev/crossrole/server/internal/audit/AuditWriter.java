package dev.crossrole.server.internal.audit;

import dev.crossrole.core.AuditEvent;
import dev.crossrole.core.AuditLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits audit events with group commit: one thread takes whatever requests have queued while the
 * previous transaction committed and writes them all in the next one, so that concurrent requests
 * share a transaction and no request thread waits on the database. Each submission's future
 * completes once its events are durable, or fails when their transaction failed.
 *
 * <p>Between batches the same thread deletes the events older than the retention, once per {@link
 * #PURGE_INTERVAL}.
 */
public final class AuditWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditWriter.class);

  /** The most events one transaction takes, so that one commit stays short. */
  static final int MAX_BATCH = 1000;

  /** How often events past the retention are deleted. */
  static final Duration PURGE_INTERVAL = Duration.ofHours(1);

  private final AuditLog log;
  private final Duration retention;
  private final Clock clock;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final AtomicLong transactions = new AtomicLong();
  private final AtomicLong committed = new AtomicLong();
  private final Thread thread;
  private volatile boolean open = true;
  private Instant nextPurge;

  /** Events waiting for their transaction, and who waits for it. */
  private record Pending(List<AuditEvent> events, CompletableFuture<Void> done) {}

  /** Queued by {@link #close()}: what came before it is committed, then the thread ends. */
  private static final Pending STOP = new Pending(List.of(), new CompletableFuture<>());

  /**
   * Starts the writer's thread.
   *
   * @param log where events go
   * @param retention how long events are kept
   * @param clock tells when events are past the retention
   */
  public AuditWriter(AuditLog log, Duration retention, Clock clock) {
    this.log = log;
    this.retention = retention;
    this.clock = clock;
    this.nextPurge = clock.instant();
    this.thread = new Thread(this::run, "crossrole-audit-writer");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Queues {@code events} for the next transaction.
   *
   * @return completes when they are committed; fails when their transaction fails or the writer is
   *     closed
   */
  public CompletableFuture<Void> submit(List<AuditEvent> events) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (!open) {
      done.completeExceptionally(new IllegalStateException("the audit writer is closed"));
      return done;
    }
    queue.add(new Pending(List.copyOf(events), done));
    return done;
  }

  /** How many transactions have committed events. */
  public long transactions() {
    return transactions.get();
  }

  /** How many events have been committed. */
  public long events() {
    return committed.get();
  }

  private void run() {
    boolean stopping = false;
    while (!stopping) {
      try {
        Pending first = queue.poll(1, TimeUnit.MINUTES);
        List<Pending> batch = new ArrayList<>();
        int size = 0;
        for (Pending next = first; next != null; next = size < MAX_BATCH ? queue.poll() : null) {
          if (next == STOP) {
            stopping = true;
            break;
          }
          batch.add(next);
          size += next.events().size();
        }
        if (!batch.isEmpty()) {
          commit(batch);
        }
        purgeWhenDue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void commit(List<Pending> batch) {
    List<AuditEvent> events = new ArrayList<>();
    batch.forEach(p -> events.addAll(p.events()));
    try {
      log.append(events);
    } catch (RuntimeException e) {
      LOG.warn("could not commit {} audit event(s): {}", events.size(), e.getMessage());
      batch.forEach(p -> p.done().completeExceptionally(e));
      return;
    }
    transactions.incrementAndGet();
    committed.addAndGet(events.size());
    batch.forEach(p -> p.done().complete(null));
  }

  private void purgeWhenDue() {
    Instant now = clock.instant();
    if (now.isBefore(nextPurge)) {
      return;
    }
    nextPurge = now.plus(PURGE_INTERVAL);
    try {
      int deleted = log.deleteBefore(now.minus(retention));
      if (deleted > 0) {
        LOG.info("deleted {} audit event(s) older than {}", deleted, retention);
      }
    } catch (RuntimeException e) {
      LOG.warn("could not delete old audit events: {}", e.getMessage());
    }
  }

  /** Commits what is queued, then stops the thread; later submissions fail. */
  @Override
  public void close() {
    open = false;
    queue.add(STOP);
    try {
      thread.join(Duration.ofSeconds(30).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // A submission that raced close() past its check: refused rather than left waiting.
    for (Pending late = queue.poll(); late != null; late = queue.poll()) {
      late.done().completeExceptionally(new IllegalStateException("the audit writer is closed"));
    }
  }
}
