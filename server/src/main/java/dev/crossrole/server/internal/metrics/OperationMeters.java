package dev.crossrole.server.internal.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The meters of one operation of one service: its requests by outcome ({@code success}, {@code
 * client_error}, {@code server_error}), its errors by AWS error code, and the histogram of its
 * durations.
 */
public final class OperationMeters {
  /**
   * The histogram's upper bounds: from the millisecond a cached decision takes to the seconds a
   * store under load or a registry call can.
   */
  private static final Duration[] BUCKETS = {
    Duration.ofMillis(1),
    Duration.ofNanos(2_500_000),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2_500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10)
  };

  private final MeterRegistry registry;
  private final String service;
  private final String operation;
  private final Timer duration;
  private final Counter succeeded;
  private final Counter clientErrors;
  private final Counter serverErrors;
  private final ConcurrentMap<String, Counter> errorsByCode = new ConcurrentHashMap<>();

  OperationMeters(MeterRegistry registry, String service, String operation) {
    this.registry = registry;
    this.service = service;
    this.operation = operation;
    this.duration =
        Timer.builder("crossrole.request.duration")
            .description("Time from a request's arrival to its answer, by service and operation")
            .tag("service", service)
            .tag("operation", operation)
            .serviceLevelObjectives(BUCKETS)
            .register(registry);
    this.succeeded = requests("success");
    this.clientErrors = requests("client_error");
    this.serverErrors = requests("server_error");
  }

  private Counter requests(String outcome) {
    return Counter.builder("crossrole.requests")
        .description("Requests answered, by service, operation and outcome")
        .tag("service", service)
        .tag("operation", operation)
        .tag("outcome", outcome)
        .register(registry);
  }

  /** Records a request answered successfully after {@code nanos}. */
  public void succeeded(long nanos) {
    duration.record(nanos, TimeUnit.NANOSECONDS);
    succeeded.increment();
  }

  /**
   * Records a request refused with {@code status} and the AWS error {@code code} after {@code
   * nanos}; codes are crossrole's own, a bounded set.
   */
  public void failed(int status, String code, long nanos) {
    duration.record(nanos, TimeUnit.NANOSECONDS);
    (status >= 500 ? serverErrors : clientErrors).increment();
    Counter errors = errorsByCode.get(code);
    if (errors == null) {
      errors =
          errorsByCode.computeIfAbsent(
              code,
              c ->
                  Counter.builder("crossrole.request.errors")
                      .description("Requests refused, by service, operation and AWS error code")
                      .tag("service", service)
                      .tag("operation", operation)
                      .tag("code", c)
                      .register(registry));
    }
    errors.increment();
  }
}
