package dev.crossrole.policy.internal;

import java.time.DateTimeException;
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
    } catch (ArithmeticException | DateTimeException outOfRange) {
      // A date beyond what epoch milliseconds can hold is no date IAM accepts.
      return Optional.empty();
    }
  }

  private static Optional<Long> parseChecked(String text) {
    String s = text.strip();
    if (s.isEmpty()) {
      return Optional.empty();
    }
    Optional<Long> common = utcSeconds(s);
    if (common.isPresent()) {
      return common;
    }
    if (allDigits(s)) {
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

  /**
   * The form AWS itself writes ({@code 2025-06-01T12:00:00Z}, as in {@code aws:CurrentTime}) read
   * without a formatter: requests carry it on every evaluation.
   */
  private static Optional<Long> utcSeconds(String s) {
    if (s.length() != 20
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':'
        || s.charAt(19) != 'Z') {
      return Optional.empty();
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 7);
    int day = digits(s, 8, 10);
    int hour = digits(s, 11, 13);
    int minute = digits(s, 14, 16);
    int second = digits(s, 17, 19);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || hour > 23
        || minute > 59
        || second > 59
        || hour < 0
        || minute < 0
        || second < 0
        || day > LocalDate.of(year, month, 1).lengthOfMonth()) {
      return Optional.empty();
    }
    long days = LocalDate.of(year, month, day).toEpochDay();
    return Optional.of(((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L);
  }

  /** The decimal number in {@code s[from, to)}, or -1 when a character is not a digit. */
  private static int digits(String s, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean allDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** Formats epoch milliseconds as AWS prints times. */
  public static String format(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).toString();
  }
}
