package dev.crossrole.core;

import java.time.Instant;
import java.util.Objects;

/**
 * The registry's token-signing key as stored: its key id, its private key sealed under the master
 * key, the PEM certificate the registry trusts, its age.
 */
public record SealedSigningKey(
    String id, String sealedPrivateKey, String certificatePem, Instant created) {
  public SealedSigningKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(sealedPrivateKey, "sealedPrivateKey");
    Objects.requireNonNull(certificatePem, "certificatePem");
    Objects.requireNonNull(created, "created");
  }

  @Override
  public String toString() {
    return "SealedSigningKey[" + id + ", " + created + "]";
  }
}
