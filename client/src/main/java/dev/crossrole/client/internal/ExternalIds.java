package dev.crossrole.client.internal;

import dev.crossrole.client.ClientException;
import dev.crossrole.client.ClientException.Kind;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/** ExternalIds as AWS accepts them: 2 to 1224 of {@code [\w+=,.@:/-]}. */
public final class ExternalIds {
  private static final Pattern VALID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final int GENERATED_LENGTH = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private ExternalIds() {}

  /**
   * A new random id: 32 letters and digits (190 bits), a subset of AWS's characters that needs no
   * quoting in a shell or a profile file.
   */
  public static String generate() {
    StringBuilder id = new StringBuilder(GENERATED_LENGTH);
    for (int i = 0; i < GENERATED_LENGTH; i++) {
      id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return id.toString();
  }

  /** {@code id} when AWS accepts it as an ExternalId. */
  public static String checked(String id) {
    if (!VALID.matcher(id).matches()) {
      throw ClientException.of(
          Kind.CONFIGURATION,
          "invalid ExternalId: AWS accepts 2 to 1224 letters, digits and the characters +=,.@:/-_");
    }
    return id;
  }
}
