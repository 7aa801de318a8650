package dev.crossrole.server;

import java.time.Duration;
import java.util.Objects;

/**
 * What a client may cost the server's HTTP listener before it is cut off. Reading a request holds
 * no thread while the client is silent, so these bound connections, not workers.
 *
 * @param idleTimeout how long a connection may stay silent, in its headers, its body or between
 *     requests, before it is closed (or its pending request answered 408 RequestTimeout)
 * @param minRequestDataRate bytes per second a request body must arrive at, on average since its
 *     reading began; a client that trickles slower is answered 408 RequestTimeout
 * @param maxConnections open connections beyond which no more are accepted; at the cap, idle
 *     connections are given {@link #AT_CAPACITY_IDLE_TIMEOUT} so that new clients get in
 */
public record HttpLimits(Duration idleTimeout, long minRequestDataRate, int maxConnections) {
  /** The idle timeout connections get while the server holds {@code maxConnections}. */
  public static final Duration AT_CAPACITY_IDLE_TIMEOUT = Duration.ofSeconds(2);

  /**
   * The limits a server runs with unless told otherwise: 30 s of silence, 256 bytes per second (a
   * body of the largest size, 256 KB, still has 17 minutes), 1000 connections.
   */
  public static final HttpLimits DEFAULT = new HttpLimits(Duration.ofSeconds(30), 256, 1000);

  public HttpLimits {
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout must be positive, got " + idleTimeout);
    }
    if (minRequestDataRate < 0) {
      throw new IllegalArgumentException(
          "minRequestDataRate must be 0 (none) or more, got " + minRequestDataRate);
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be positive, got " + maxConnections);
    }
  }
}
