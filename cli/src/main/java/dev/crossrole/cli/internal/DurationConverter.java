package dev.crossrole.cli.internal;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A duration as people write it on a command line: {@code 3600} (seconds), {@code 90s}, {@code
 * 15m}, {@code 1h}, {@code 1h30m}, {@code 12h}, {@code 90d}.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern SECONDS = Pattern.compile("\\d{1,9}");
  private static final Pattern PARTS =
      Pattern.compile("(?:(\\d{1,5})d)?(?:(\\d{1,6})h)?(?:(\\d{1,7})m)?(?:(\\d{1,9})s)?");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  /** {@code value} as a duration. */
  public static Duration parse(String value) {
    String text = value.strip();
    if (SECONDS.matcher(text).matches()) {
      return Duration.ofSeconds(Long.parseLong(text));
    }
    Matcher parts = PARTS.matcher(text);
    if (text.isEmpty() || !parts.matches()) {
      throw new TypeConversionException(
          "'" + value + "' is not a duration: write seconds (3600) or 90d, 1h, 15m, 90s, 1h30m");
    }
    return Duration.ofDays(number(parts.group(1)))
        .plusHours(number(parts.group(2)))
        .plusMinutes(number(parts.group(3)))
        .plusSeconds(number(parts.group(4)));
  }

  private static long number(String digits) {
    return digits == null ? 0 : Long.parseLong(digits);
  }
}
