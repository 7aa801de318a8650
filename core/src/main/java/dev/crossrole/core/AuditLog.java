package dev.crossrole.core;

import java.time.Instant;
import java.util.List;

/**
 * Where audit events are kept: appended in batches, each batch in one transaction that is durable
 * when {@link #append} returns, read back by account, and deleted once older than the retention.
 */
public interface AuditLog {
  /**
   * Stores {@code events} in one transaction, durable on return.
   *
   * @throws IdentityException with {@link ErrorCode#SERVICE_FAILURE} when the store fails; then
   *     none of them is stored
   */
  void append(List<AuditEvent> events);

  /** The events {@code query} selects, newest first. */
  List<AuditEvent> events(AuditQuery query);

  /** Deletes the events older than {@code cutoff}; returns how many. */
  int deleteBefore(Instant cutoff);
}
