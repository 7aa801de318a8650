package dev.crossrole.core.crypto;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A key that seals session tokens: an id (carried in every token so any node finds the key), 32
 * random bytes of AES-256 key material, and its creation time (which decides rotation, see {@link
 * KeyRing#activeAt}).
 *
 * <p>The store keeps it sealed: {@link #seal} gives the material sealed under the master key with
 * the id and creation second as associated data, {@link #open} reverses it, so a sealed key moved
 * to another id or re-dated fails to open. The material is copied in and out (a record cannot make
 * an array immutable), and {@link #toString} redacts it.
 */
public record TokenKey(String id, byte[] material, Instant created) {
  /** Material length in bytes (AES-256). */
  public static final int LENGTH = 32;

  /** A key id: 1 to 32 of {@code [A-Za-z0-9_-]}, short because every token carries it. */
  public static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

  private static final char[] ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final int GENERATED_ID_LENGTH = 8;

  /** Validates and copies the material. */
  public TokenKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(material, "material");
    Objects.requireNonNull(created, "created");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("a token key id is 1 to 32 of [A-Za-z0-9_-]");
    }
    if (material.length != LENGTH) {
      throw new IllegalArgumentException("token key material is " + LENGTH + " bytes");
    }
    material = material.clone();
  }

  /**
   * A new key with random material and a random 8-character id, created at {@code now} to the
   * second (stores keep at least seconds, and the second is what {@link #seal} binds).
   */
  public static TokenKey generate(Instant now) {
    return withId(idOf(Gcm.randomBytes(GENERATED_ID_LENGTH)), now);
  }

  /**
   * The key that replaces the key {@code previousId}, created at {@code previousCreated}: random
   * material, created at {@code now} to the second — or a second after its predecessor, if that is
   * later, since keys are ordered by their creation and two made within one second would otherwise
   * be ordered by id — and an 8-character id derived from {@code previousId}. Nodes that rotate at
   * the same moment so make keys of the same id, and the store's unique key id admits one of them:
   * a rotation never forks into two current keys.
   */
  public static TokenKey successorOf(String previousId, Instant previousCreated, Instant now) {
    Instant afterPrevious = previousCreated.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(("crossrole/token-key-successor/" + previousId).getBytes(US_ASCII));
      return withId(idOf(digest), now.isBefore(afterPrevious) ? afterPrevious : now);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  private static String idOf(byte[] bytes) {
    char[] id = new char[GENERATED_ID_LENGTH];
    for (int i = 0; i < id.length; i++) {
      id[i] = ID_ALPHABET[bytes[i] & 31];
    }
    return new String(id);
  }

  private static TokenKey withId(String id, Instant now) {
    byte[] material = Gcm.randomBytes(LENGTH);
    try {
      return new TokenKey(id, material, now.truncatedTo(ChronoUnit.SECONDS));
    } finally {
      Arrays.fill(material, (byte) 0);
    }
  }

  /** A copy of the key material. */
  @Override
  public byte[] material() {
    return material.clone();
  }

  /**
   * The material sealed for storage ({@code SealedTokenKey.sealedMaterial}); the id and creation
   * time are stored beside it in the clear and bound here as associated data.
   *
   * @param box the master key's box for {@link SecretBox#SESSION_TOKEN_KEYS}
   */
  public String seal(SecretBox box) {
    return box.seal(material, associatedData(id, created));
  }

  /**
   * The key stored as {@code id}, {@code created} and {@code sealedMaterial} by {@link #seal}.
   * {@code created} may have lost sub-second precision in the store: only its second is bound.
   *
   * @throws CryptoException of kind {@link CryptoException.Kind#TAMPERED_SECRET} when the sealed
   *     material does not belong to this id and time, was altered, or was sealed under another
   *     master key
   */
  public static TokenKey open(String id, Instant created, String sealedMaterial, SecretBox box) {
    byte[] material = box.open(sealedMaterial, associatedData(id, created));
    try {
      return new TokenKey(id, material, created);
    } catch (IllegalArgumentException e) {
      throw new CryptoException(
          CryptoException.Kind.TAMPERED_SECRET, "the sealed token key is not a token key", e);
    } finally {
      Arrays.fill(material, (byte) 0);
    }
  }

  /** Same id, creation time and material. */
  @Override
  public boolean equals(Object o) {
    return o instanceof TokenKey k
        && id.equals(k.id)
        && created.equals(k.created)
        && Arrays.equals(material, k.material);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, created);
  }

  @Override
  public String toString() {
    return "TokenKey[id=" + id + ", created=" + created + ", material=<redacted>]";
  }

  /** The raw material, uncopied, for the key ring's cipher keys only. */
  byte[] materialUnsafe() {
    return material;
  }

  private static String associatedData(String id, Instant created) {
    return "crossrole/session-token-key/" + id + "/" + created.getEpochSecond();
  }
}
