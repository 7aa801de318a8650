package dev.crossrole.policy.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Date values of the {@code Date} operators: ISO 8601 forms, or epoch seconds. */
public final class Instants {
  private Instants() {}

  /** Epoch milliseconds for the text, if it is a date AWS would accept. */
  public static Optional<Long> parse(String text) {
    try {
      return parseChecked(text);
    } catch (ArithmeticException | java.time.DateTimeException outOfRange) {
      // A date beyond what epoch milliseconds can hold is no date IAM accepts.
      return Optional.empty();
    }
  }

  private static Optional<Long> parseChecked(String text) {
    String s = text.strip();
    if (s.isEmpty()) {
      return Optional.empty();
    }
    if (s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      if (s.length() > 15) {
        return Optional.empty();
      }
      return Optional.of(Math.multiplyExact(Long.parseLong(s), 1000L));
    }
    try {
      return Optional.of(OffsetDateTime.parse(s).toInstant().toEpochMilli());
    } catch (DateTimeParseException notOffset) {
      // fall through to the forms without an offset, which AWS reads as UTC
    }
    try {
      return Optional.of(
          OffsetDateTime.parse(s, DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mmXXX"))
              .toInstant()
              .toEpochMilli());
    } catch (DateTimeParseException notShort) {
      // next form
    }
    try {
      return Optional.of(LocalDateTime.parse(s).toInstant(ZoneOffset.UTC).toEpochMilli());
    } catch (DateTimeParseException notLocal) {
      // next form
    }
    try {
      return Optional.of(
          LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli());
    } catch (DateTimeParseException notDate) {
      return Optional.empty();
    }
  }

  /** Formats epoch milliseconds as AWS prints times. */
  public static String format(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).toString();
  }
}
