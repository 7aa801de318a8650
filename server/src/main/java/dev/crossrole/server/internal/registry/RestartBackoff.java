package dev.crossrole.server.internal.registry;

import java.time.Duration;
import java.util.Optional;

/**
 * How long to wait before starting a registry that died again: {@code first} after a death that
 * ends a good run, doubling with each quick death or failed start up to {@code max}. A registry
 * that keeps dying is thus retried ever more slowly, never in a busy loop, and one that ran at
 * least {@code stable} before dying is treated as a first death.
 *
 * @param first the pause after a first death
 * @param max the longest pause
 * @param stable how long a registry must have run for its death to start the pauses over
 */
public record RestartBackoff(Duration first, Duration max, Duration stable) {
  /** One second doubling to thirty, starting over after a minute's run. */
  public static final RestartBackoff DEFAULT =
      new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(1));

  /** Checks that the pauses are positive and {@code first} is at most {@code max}. */
  public RestartBackoff {
    if (first.isNegative() || first.isZero()) {
      throw new IllegalArgumentException("the first pause must be positive: " + first);
    }
    if (max.compareTo(first) < 0) {
      throw new IllegalArgumentException("the longest pause " + max + " is below " + first);
    }
    if (stable.isNegative()) {
      throw new IllegalArgumentException("the stable run must not be negative: " + stable);
    }
  }

  /**
   * The pause before the next start.
   *
   * @param previous the pause before the last start, empty when the registry had not died before
   * @param ranFor how long the registry ran since that start (zero for a start that failed)
   */
  public Duration next(Optional<Duration> previous, Duration ranFor) {
    if (previous.isEmpty() || ranFor.compareTo(stable) >= 0) {
      return first;
    }
    Duration doubled = previous.get().multipliedBy(2);
    return doubled.compareTo(max) > 0 ? max : doubled;
  }
}
