package dev.crossrole.server.internal.query;

import dev.crossrole.server.internal.request.AwsException;
import java.util.regex.Pattern;

/** Input constraints of the service models, refused with AWS's ValidationError wording. */
public final class Validation {
  public static final Pattern NAME = Pattern.compile("[\\w+=,.@-]+");
  public static final Pattern PATH = Pattern.compile("(/)|(/[\\u0021-\\u007E]+/)");
  public static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]*");
  public static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]*");

  /**
   * Any value without a line break: STS's ARN members refuse one with this pattern's wording before
   * the ARN itself is parsed.
   */
  public static final Pattern ONE_LINE = Pattern.compile(".*");

  private Validation() {}

  /** Checks length and pattern, as {@code 1 validation error detected: …}. */
  public static String check(String member, String value, int min, int max, Pattern pattern) {
    check(member, value, min, max);
    if (!pattern.matcher(value).matches()) {
      throw invalid(
          member, value, "Member must satisfy regular expression pattern: " + pattern.pattern());
    }
    return value;
  }

  /** Checks the length only, for members whose model allows any character. */
  public static String check(String member, String value, int min, int max) {
    if (value.length() < min || value.length() > max) {
      throw invalid(
          member,
          value,
          "Member must have length "
              + (value.length() < min
                  ? "greater than or equal to " + min
                  : "less than or equal to " + max));
    }
    return value;
  }

  public static AwsException invalid(String member, String value, String constraint) {
    String shown = value.length() > 64 ? value.substring(0, 64) + "…" : value;
    return AwsException.query(
        "ValidationError",
        400,
        "1 validation error detected: Value '"
            + shown
            + "' at '"
            + member
            + "' failed to satisfy constraint: "
            + constraint);
  }
}
