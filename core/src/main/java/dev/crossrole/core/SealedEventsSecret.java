package dev.crossrole.core;

import java.time.Instant;
import java.util.Objects;

/**
 * The secret a registry run outside crossrole proves its push events with, as stored: its id, the
 * secret sealed under the master key, its age.
 */
public record SealedEventsSecret(String id, String sealedSecret, Instant created) {
  public SealedEventsSecret {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(sealedSecret, "sealedSecret");
    Objects.requireNonNull(created, "created");
  }

  @Override
  public String toString() {
    return "SealedEventsSecret[" + id + ", " + created + "]";
  }
}
