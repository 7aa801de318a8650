package dev.crossrole.server.internal.metrics;

import dev.crossrole.policy.Decision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.DoubleSupplier;

/**
 * The meters of one server, and {@link #scrape} to expose them in Prometheus' text format. The
 * meters of a service's operation are registered on its first request and then found by two map
 * lookups, so that measuring a request allocates nothing; the decision counters are registered up
 * front. Names and labels carry no secret: services, operations, outcomes and error codes are
 * crossrole's own words.
 */
public final class ServerMetrics {
  /** The content type of {@link #scrape}, Prometheus' text format 0.0.4, before its charset. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4";

  /** The service or operation of a request refused before it named one crossrole knows. */
  public static final String UNKNOWN = "unknown";

  /** The most operations of one service measured apart; IAM, the largest, has under 100. */
  static final int MAX_OPERATIONS = 256;

  private final PrometheusMeterRegistry registry;
  private final ConcurrentMap<String, ConcurrentMap<String, OperationMeters>> operations =
      new ConcurrentHashMap<>();
  private final Map<Decision, Counter> decisions = new EnumMap<>(Decision.class);

  private ServerMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    for (Decision decision : Decision.values()) {
      decisions.put(
          decision,
          Counter.builder("crossrole.authorization.decisions")
              .description("Authorization decisions of the policy engine, by their outcome")
              .tag("decision", decision.text())
              .register(registry));
    }
  }

  /** A server's meters, with the JVM's memory, threads, processor and uptime among them. */
  public static ServerMetrics create() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    return new ServerMetrics(registry);
  }

  /**
   * The meters of {@code operation} of {@code service}, registered on first use. Each pair is a
   * series of its own: services must come from a bounded set (the verified scope's); past {@link
   * #MAX_OPERATIONS} operations of a service, the others are measured as {@link #UNKNOWN}.
   */
  public OperationMeters operation(String service, String operation) {
    ConcurrentMap<String, OperationMeters> ofService = operations.get(service);
    if (ofService == null) {
      ofService = operations.computeIfAbsent(service, s -> new ConcurrentHashMap<>());
    }
    OperationMeters meters = ofService.get(operation);
    if (meters != null) {
      return meters;
    }
    if (ofService.size() >= MAX_OPERATIONS && !operation.equals(UNKNOWN)) {
      // More names than any service has operations: the rest share the unknown series.
      return operation(service, UNKNOWN);
    }
    return ofService.computeIfAbsent(operation, o -> new OperationMeters(registry, service, o));
  }

  /** Counts one authorization decision. */
  public void decided(Decision decision) {
    decisions.get(decision).increment();
  }

  /**
   * Registers a gauge read at each scrape, such as {@code crossrole.registry.up}; a {@code
   * baseUnit} becomes the name's suffix ({@code seconds}).
   */
  public void gauge(String name, String description, String baseUnit, DoubleSupplier value) {
    Gauge.builder(name, value::getAsDouble)
        .description(description)
        .baseUnit(baseUnit)
        .strongReference(true)
        .register(registry);
  }

  /** A gauge with one label, such as the store pool's connections by {@code state}. */
  public void gauge(
      String name, String description, String label, String labelValue, DoubleSupplier value) {
    Gauge.builder(name, value::getAsDouble)
        .description(description)
        .tag(label, labelValue)
        .strongReference(true)
        .register(registry);
  }

  /** Every meter now, in Prometheus' text format ({@link #CONTENT_TYPE}). */
  public String scrape() {
    return registry.scrape();
  }
}
