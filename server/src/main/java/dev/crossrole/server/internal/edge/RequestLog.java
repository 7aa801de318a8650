package dev.crossrole.server.internal.edge;

import dev.crossrole.server.internal.metrics.OperationMeters;
import dev.crossrole.server.internal.metrics.ServerMetrics;
import dev.crossrole.server.internal.request.AwsError;
import dev.crossrole.server.internal.request.Caller;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * What the edge tells of each request it answered: the meters of its service and operation, and one
 * line in the access log, its fields as key-value pairs (a JSON log writes them as members). The
 * line names the caller by ARN and access key id, never by anything secret: no signature, session
 * token or parameter is in it.
 */
public final class RequestLog {
  /** The logger of the request lines, so that a logging configuration can single them out. */
  public static final String LOGGER = "dev.crossrole.server.access";

  private static final Logger ACCESS = LoggerFactory.getLogger(LOGGER);

  private final ServerMetrics metrics;
  private final Optional<Level> level;

  /** Measures each request in {@code metrics} and logs it at {@code level}, if any. */
  public RequestLog(ServerMetrics metrics, Optional<Level> level) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.level = Objects.requireNonNull(level, "level");
  }

  /**
   * One answered request: its service and operation as {@link ServerMetrics#operation} takes them,
   * the caller once authenticated, the status, and the AWS error code of a refusal.
   */
  record Answered(
      String requestId,
      String service,
      String operation,
      Optional<Caller> caller,
      int status,
      Optional<String> errorCode,
      long nanos,
      String sourceIp) {
    /** The same answer, as long as {@code took} nanoseconds. */
    Answered took(long took) {
      return new Answered(requestId, service, operation, caller, status, errorCode, took, sourceIp);
    }

    /** Answered {@code internal} instead, its event not committed, after {@code took}. */
    Answered failed(AwsError internal, long took) {
      return new Answered(
          requestId,
          service,
          operation,
          caller,
          internal.status(),
          Optional.of(internal.code()),
          took,
          sourceIp);
    }
  }

  void answered(Answered answered) {
    OperationMeters meters = metrics.operation(answered.service(), answered.operation());
    if (answered.errorCode().isPresent()) {
      meters.failed(answered.status(), answered.errorCode().get(), answered.nanos());
    } else {
      meters.succeeded(answered.nanos());
    }
    level.ifPresent(l -> log(l, answered));
  }

  private static void log(Level level, Answered answered) {
    if (!ACCESS.isEnabledForLevel(level)) {
      return;
    }
    LoggingEventBuilder line =
        ACCESS
            .atLevel(level)
            .addKeyValue("requestId", answered.requestId())
            .addKeyValue("service", answered.service())
            .addKeyValue("operation", answered.operation());
    answered
        .caller()
        .ifPresent(
            c ->
                line.addKeyValue("caller", c.principal().arn())
                    .addKeyValue("accountId", c.accountId())
                    .addKeyValue("accessKeyId", c.accessKeyId()));
    line.addKeyValue("status", answered.status());
    answered.errorCode().ifPresent(code -> line.addKeyValue("errorCode", code));
    line.addKeyValue("durationMs", Math.round(answered.nanos() / 1_000.0) / 1_000.0)
        .addKeyValue("sourceIp", answered.sourceIp())
        .log("request");
  }
}
