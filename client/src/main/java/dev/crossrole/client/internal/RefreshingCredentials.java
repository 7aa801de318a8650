package dev.crossrole.client.internal;

import dev.crossrole.client.CredentialSource;
import dev.crossrole.client.TemporaryCredentials;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Holds the credentials one fetch gave and fetches again once the clock reaches their renewal time:
 * {@code window} before their expiry, or half their lifetime before it when they live less than
 * twice the window, so that short sessions are not fetched on every call.
 */
public final class RefreshingCredentials implements CredentialSource {
  private final Supplier<TemporaryCredentials> fetch;
  private final Clock clock;
  private final Duration window;
  private TemporaryCredentials held;
  private Instant renewAt;

  public RefreshingCredentials(Supplier<TemporaryCredentials> fetch, Clock clock, Duration window) {
    this.fetch = Objects.requireNonNull(fetch, "fetch");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.window = Objects.requireNonNull(window, "window");
  }

  @Override
  public synchronized TemporaryCredentials credentials() {
    Instant now = clock.instant();
    if (held == null || !now.isBefore(renewAt)) {
      held = fetch.get();
      renewAt = renewalTime(held.expiration(), now);
    }
    return held;
  }

  private Instant renewalTime(Instant expiration, Instant fetchedAt) {
    Duration halfLife = Duration.between(fetchedAt, expiration).dividedBy(2);
    Duration margin = halfLife.compareTo(window) < 0 ? halfLife : window;
    return expiration.minus(margin);
  }
}
