package dev.crossrole.server.internal.request;

import dev.crossrole.core.IdentityException;
import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.LastUsed;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When access keys and roles were last used. AWS documents this data as approximate; keeping it
 * exact would cost a store write on every request, so the latest use is kept in memory and written
 * when the stored one is older than a minute (and on the first use after a start), and all of it on
 * {@link #flush} at shutdown. Reads see the latest use either way.
 */
public final class UsageLog {
  private static final Logger LOG = LoggerFactory.getLogger(UsageLog.class);

  /** How stale the stored last use may get before a use writes it. */
  static final Duration WRITE_INTERVAL = Duration.ofMinutes(1);

  private final IdentityStore store;
  private final Map<String, Entry> keys = new ConcurrentHashMap<>();
  private final Map<RoleId, Entry> roles = new ConcurrentHashMap<>();

  /**
   * The latest use seen and the last one written; {@code due} when the use that made this entry is
   * to be written now.
   */
  private record Entry(LastUsed latest, Optional<LastUsed> written, boolean due) {
    boolean unwritten() {
      return !written.equals(Optional.of(latest));
    }
  }

  private record RoleId(String accountId, String nameLc) {
    static RoleId of(String accountId, String name) {
      return new RoleId(accountId, name.toLowerCase(Locale.ROOT));
    }
  }

  /** A log that writes to {@code store}. */
  public UsageLog(IdentityStore store) {
    this.store = store;
  }

  /** Notes that a long-term access key authenticated a request to {@code service}. */
  public void keyUsed(String accessKeyId, Instant at, String service, String region) {
    LastUsed used = new LastUsed(at.truncatedTo(ChronoUnit.SECONDS), Optional.of(service), region);
    Entry e = keys.compute(accessKeyId, (id, old) -> next(old, used));
    if (e.due()) {
      write(() -> store.recordAccessKeyUse(accessKeyId, used));
    }
  }

  /** Notes that a role was assumed. */
  public void roleUsed(String accountId, String roleName, Instant at, String region) {
    LastUsed used = new LastUsed(at.truncatedTo(ChronoUnit.SECONDS), Optional.empty(), region);
    Entry e = roles.compute(RoleId.of(accountId, roleName), (id, old) -> next(old, used));
    if (e.due()) {
      write(() -> store.recordRoleUse(accountId, roleName, used));
    }
  }

  /**
   * The entry after {@code used}: marked as to be written now when nothing was written in this
   * process yet or the written use is older than the interval.
   */
  private static Entry next(Entry old, LastUsed used) {
    if (old != null && old.latest().date().isAfter(used.date())) {
      return new Entry(old.latest(), old.written(), false);
    }
    boolean due =
        old == null
            || old.written().isEmpty()
            || !old.written().get().date().plus(WRITE_INTERVAL).isAfter(used.date());
    return new Entry(used, due ? Optional.of(used) : old.written(), due);
  }

  /** The latest use of a key: this process's, else the stored one. */
  public Optional<LastUsed> keyLastUsed(String accessKeyId) {
    Entry e = keys.get(accessKeyId);
    return e != null ? Optional.of(e.latest()) : store.accessKeyLastUsed(accessKeyId);
  }

  /** The latest use of a role: this process's, else the stored one. */
  public Optional<LastUsed> roleLastUsed(String accountId, String roleName) {
    Entry e = roles.get(RoleId.of(accountId, roleName));
    return e != null ? Optional.of(e.latest()) : store.roleLastUsed(accountId, roleName);
  }

  /** Writes every use not yet stored; called when the server stops. */
  public void flush() {
    keys.forEach(
        (id, e) -> {
          if (e.unwritten()) {
            write(() -> store.recordAccessKeyUse(id, e.latest()));
          }
        });
    roles.forEach(
        (id, e) -> {
          if (e.unwritten()) {
            write(() -> store.recordRoleUse(id.accountId(), id.nameLc(), e.latest()));
          }
        });
  }

  /** A failed write loses only approximate data; the request it came with goes on. */
  private static void write(Runnable write) {
    try {
      write.run();
    } catch (IdentityException e) {
      LOG.warn("cannot record last use: {}", e.getMessage());
    }
  }
}
