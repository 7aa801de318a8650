package dev.crossrole.server;

import dev.crossrole.core.IdentityStore;
import dev.crossrole.server.internal.edge.TokenKeyRing;
import dev.crossrole.server.internal.metrics.ServerMetrics;
import dev.crossrole.server.internal.registry.RegistrySupervisor;
import dev.crossrole.store.JdbcIdentityStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.event.Level;

/** The gauges a server's parts report at {@code /metrics}, read at each scrape. */
final class Meters {
  private Meters() {}

  /**
   * Registers the store pool's connections (when the store has a pool), whether the registry child
   * is up (when the server runs one), and the age of the token key that seals.
   */
  static void register(
      ServerMetrics metrics,
      IdentityStore store,
      Optional<RegistrySupervisor> registry,
      TokenKeyRing keys,
      Clock clock) {
    if (store instanceof JdbcIdentityStore jdbc) {
      pool(metrics, jdbc);
    }
    registry.ifPresent(
        supervisor ->
            metrics.gauge(
                "crossrole.registry.up",
                "1 while the docker-registry child runs and answers, 0 while it is down",
                null,
                () -> supervisor.registryUp() ? 1 : 0));
    metrics.gauge(
        "crossrole.token.key.age",
        "Age of the token key that seals session tokens and registry passwords",
        "seconds",
        () -> Duration.between(keys.ring().current().created(), clock.instant()).toSeconds());
    metrics.gauge(
        "crossrole.token.keys",
        "Token keys held: the sealing one and those kept to open older tokens",
        null,
        () -> keys.ring().keys().size());
  }

  private static void pool(ServerMetrics metrics, JdbcIdentityStore store) {
    String connections = "Connections of the store's pool, in use (active) or idle";
    metrics.gauge(
        "crossrole.store.pool.connections",
        connections,
        "state",
        "active",
        () -> store.poolState().active());
    metrics.gauge(
        "crossrole.store.pool.connections",
        connections,
        "state",
        "idle",
        () -> store.poolState().idle());
    metrics.gauge(
        "crossrole.store.pool.waiting.threads",
        "Threads waiting for a connection of the store's pool",
        null,
        () -> store.poolState().waiting());
    metrics.gauge(
        "crossrole.store.pool.max.connections",
        "The most connections the store's pool opens",
        null,
        () -> store.poolState().maximum());
  }

  /** The level of the request lines {@code observability} asks for; empty for none. */
  static Optional<Level> accessLogLevel(Observability observability) {
    return switch (observability.accessLog()) {
      case INFO -> Optional.of(Level.INFO);
      case DEBUG -> Optional.of(Level.DEBUG);
      case OFF -> Optional.empty();
    };
  }
}
