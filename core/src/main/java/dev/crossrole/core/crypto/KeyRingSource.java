package dev.crossrole.core.crypto;

/**
 * Where the token codecs find the key ring at each use: a fixed {@link KeyRing}, or a ring that
 * rotation and revocation replace while the codecs keep running.
 */
public interface KeyRingSource {
  /** The ring to seal and open with now. */
  KeyRing ring();

  /**
   * The ring to open a value sealed under {@code keyId} with, when {@link #ring()} does not hold
   * that key: a source that follows a store may look there first (another node may have rotated),
   * as long as it bounds how often, since anyone can send an unknown key id.
   */
  default KeyRing ringHolding(String keyId) {
    return ring();
  }
}
