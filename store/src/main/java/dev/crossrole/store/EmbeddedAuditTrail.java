package dev.crossrole.store;

import dev.crossrole.core.AuditEvent;
import dev.crossrole.core.AuditQuery;
import dev.crossrole.store.internal.AuditFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The embedded store's audit trail read from its files alone, without opening the database: what a
 * process beside a running server reads (the server holds the database's file, and appends to the
 * trail meanwhile; a reader sees whole lines only). Nothing here writes, creates or deletes.
 */
public final class EmbeddedAuditTrail {
  private final AuditFiles files;

  private EmbeddedAuditTrail(AuditFiles files) {
    this.files = files;
  }

  /** The trail of the embedded store in {@code dataDirectory}; empty when it has none yet. */
  public static EmbeddedAuditTrail in(Path dataDirectory) {
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    return new EmbeddedAuditTrail(new AuditFiles(JdbcIdentityStore.auditDirectory(dataDirectory)));
  }

  /** The events {@code query} selects, newest first. */
  public List<AuditEvent> events(AuditQuery query) {
    return files.events(query);
  }

  /**
   * The events {@code query} selects in every account's trail, whatever account it names, newest
   * first: the files read once, not once for each account.
   */
  public List<AuditEvent> eventsOfEveryAccount(AuditQuery query) {
    return files.eventsOfEveryAccount(query);
  }
}
