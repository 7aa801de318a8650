package dev.crossrole.server;

import java.time.Duration;
import java.util.Objects;

/**
 * Whether the server keeps an audit trail: {@link Kept} (the default) records every authenticated
 * request as a CloudTrail-format event, durable before the request is answered, and deletes events
 * older than the retention; {@link Off} records nothing (for measuring what the trail costs, or a
 * throwaway server).
 */
public sealed interface AuditMode {
  /** How long events are kept unless told otherwise, as CloudTrail's event history. */
  Duration DEFAULT_RETENTION = Duration.ofDays(90);

  /** Events kept for {@code retention}. */
  record Kept(Duration retention) implements AuditMode {
    public Kept {
      Objects.requireNonNull(retention, "retention");
      if (retention.isNegative() || retention.isZero()) {
        throw new IllegalArgumentException("the audit retention must be positive");
      }
    }
  }

  /** No audit trail. */
  record Off() implements AuditMode {}
}
