package dev.crossrole.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** The system's clock moved by an offset a test sets, to pass an expiry without waiting for it. */
final class OffsetClock extends Clock {
  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

  /** Moves the clock {@code by} ahead of the system's (or back to it, with zero). */
  void set(Duration by) {
    offset.set(by);
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("crossrole tells time in UTC");
  }
}
