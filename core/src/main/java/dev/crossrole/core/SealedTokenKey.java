package dev.crossrole.core;

import java.time.Instant;
import java.util.Objects;

/** A session-token key as stored: its id, its material sealed under the master key, its age. */
public record SealedTokenKey(String id, String sealedMaterial, Instant created) {
  public SealedTokenKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(sealedMaterial, "sealedMaterial");
    Objects.requireNonNull(created, "created");
  }

  @Override
  public String toString() {
    return "SealedTokenKey[" + id + ", " + created + "]";
  }
}
