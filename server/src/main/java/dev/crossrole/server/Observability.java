package dev.crossrole.server;

import java.util.Objects;

/**
 * What a server tells about itself: its meters at {@code GET /metrics}, in Prometheus' text format,
 * and one line in the log for each request it answers.
 *
 * @param metrics whether {@code /metrics} is served; the meters are kept either way
 * @param accessLog the level of the request lines, or {@link AccessLog#OFF} for none
 */
public record Observability(Metrics metrics, AccessLog accessLog) {
  /**
   * An embedded server's: {@code /metrics} served, no access log, so that a program or test logs
   * requests only when it asks to; {@code crossrole server} logs them at INFO unless told
   * otherwise.
   */
  public static final Observability DEFAULT = new Observability(Metrics.SERVED, AccessLog.OFF);

  /** Whether {@code GET /metrics} answers. */
  public enum Metrics {
    /** Answered without authentication, as Prometheus scrapes. */
    SERVED,
    /** Not served: the path is refused as any unsigned request is. */
    OFF
  }

  /** The level each request's line is logged at. */
  public enum AccessLog {
    INFO,
    DEBUG,
    OFF
  }

  public Observability {
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(accessLog, "accessLog");
  }
}
