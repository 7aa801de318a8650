package dev.crossrole.core.crypto;

import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * AWS-shaped identifiers from {@link java.security.SecureRandom}: access key ids ({@code AKIA…}
 * long-term, {@code ASIA…} temporary), unique ids of users ({@code AIDA}), roles ({@code AROA}),
 * groups ({@code AGPA}) and managed policies ({@code ANPA}), secret access keys and account ids.
 * The random part of every id uses AWS's alphabet, base32's {@code [A-Z2-7]}. Thread-safe.
 */
public final class Identifiers {
  /** A long-term access key id: {@code AKIA} and 16 of {@code [A-Z2-7]}. */
  public static final Pattern ACCESS_KEY_ID = Pattern.compile("AKIA[A-Z2-7]{16}");

  /** A temporary access key id: {@code ASIA} and 16 of {@code [A-Z2-7]}. */
  public static final Pattern TEMPORARY_ACCESS_KEY_ID = Pattern.compile("ASIA[A-Z2-7]{16}");

  /** A user's unique id: {@code AIDA} and 17 of {@code [A-Z2-7]}. */
  public static final Pattern USER_ID = Pattern.compile("AIDA[A-Z2-7]{17}");

  /** A role's unique id: {@code AROA} and 17 of {@code [A-Z2-7]}. */
  public static final Pattern ROLE_ID = Pattern.compile("AROA[A-Z2-7]{17}");

  /** A group's unique id: {@code AGPA} and 17 of {@code [A-Z2-7]}. */
  public static final Pattern GROUP_ID = Pattern.compile("AGPA[A-Z2-7]{17}");

  /** A managed policy's unique id: {@code ANPA} and 17 of {@code [A-Z2-7]}. */
  public static final Pattern POLICY_ID = Pattern.compile("ANPA[A-Z2-7]{17}");

  /** A secret access key: 40 of {@code [A-Za-z0-9+/]} (the base64 of 30 random bytes). */
  public static final Pattern SECRET_ACCESS_KEY = Pattern.compile("[A-Za-z0-9+/]{40}");

  /** An account id: 12 digits. */
  public static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");

  private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

  private Identifiers() {}

  /** A new long-term access key id, {@code AKIA…}. */
  public static String accessKeyId() {
    return withRandomSuffix("AKIA", 16);
  }

  /** A new temporary access key id, {@code ASIA…}. */
  public static String temporaryAccessKeyId() {
    return withRandomSuffix("ASIA", 16);
  }

  /**
   * A temporary access key id that carries its account, as AWS's do, so that {@code
   * GetAccessKeyInfo} can answer from the id alone: 40 bits of account id, then 40 random bits, in
   * base32 after {@code ASIA}.
   */
  public static String temporaryAccessKeyId(String accountId) {
    if (!ACCOUNT_ID.matcher(accountId).matches()) {
      throw new IllegalArgumentException("account id must be 12 digits");
    }
    long account = Long.parseLong(accountId);
    long random = 0;
    for (byte b : Gcm.randomBytes(5)) {
      random = (random << 8) | (b & 0xFF);
    }
    char[] out = new char[20];
    "ASIA".getChars(0, 4, out, 0);
    for (int i = 0; i < 8; i++) {
      out[4 + i] = BASE32[(int) ((account >>> (35 - 5 * i)) & 31)];
      out[12 + i] = BASE32[(int) ((random >>> (35 - 5 * i)) & 31)];
    }
    return new String(out);
  }

  /** The account a key id from {@link #temporaryAccessKeyId(String)} carries. */
  public static Optional<String> accountOfTemporaryKey(String accessKeyId) {
    if (!TEMPORARY_ACCESS_KEY_ID.matcher(accessKeyId).matches()) {
      return Optional.empty();
    }
    long account = 0;
    for (int i = 0; i < 8; i++) {
      account = (account << 5) | new String(BASE32).indexOf(accessKeyId.charAt(4 + i));
    }
    return account <= 999_999_999_999L
        ? Optional.of(String.format("%012d", account))
        : Optional.empty();
  }

  /** A new user unique id, {@code AIDA…} (21 characters). */
  public static String userId() {
    return withRandomSuffix("AIDA", 17);
  }

  /** A new role unique id, {@code AROA…} (21 characters). */
  public static String roleId() {
    return withRandomSuffix("AROA", 17);
  }

  /** A new group unique id, {@code AGPA…} (21 characters). */
  public static String groupId() {
    return withRandomSuffix("AGPA", 17);
  }

  /** A new managed policy unique id, {@code ANPA…} (21 characters). */
  public static String policyId() {
    return withRandomSuffix("ANPA", 17);
  }

  /**
   * A new secret access key: 40 characters carrying 240 random bits (standard base64 of 30 bytes
   * has no padding, so every character is in the alphabet).
   */
  public static String secretAccessKey() {
    return Base64.getEncoder().encodeToString(Gcm.randomBytes(30));
  }

  /**
   * A new 12-digit account id. The first digit is never 0, so tools that read account ids as
   * numbers do not lose a digit.
   */
  public static String accountId() {
    char[] digits = new char[12];
    digits[0] = (char) ('1' + Gcm.RANDOM.nextInt(9));
    for (int i = 1; i < digits.length; i++) {
      digits[i] = (char) ('0' + Gcm.RANDOM.nextInt(10));
    }
    return new String(digits);
  }

  private static String withRandomSuffix(String prefix, int length) {
    // One byte per character, its low five bits: 32 divides 256, so every character is uniform.
    byte[] random = Gcm.randomBytes(length);
    char[] out = new char[prefix.length() + length];
    prefix.getChars(0, prefix.length(), out, 0);
    for (int i = 0; i < length; i++) {
      out[prefix.length() + i] = BASE32[random[i] & 31];
    }
    return new String(out);
  }
}
