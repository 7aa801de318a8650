package dev.crossrole.store.internal;

/**
 * Text made storable in a column of bounded length: PostgreSQL refuses a NUL character in any text
 * value, a lone UTF-16 surrogate has no UTF-8 encoding, and a value longer than its column fails
 * the whole statement. Values a client chose (a resource's name, an action's name) reach the audit
 * columns, where one such value would otherwise fail the batch that holds other callers' events.
 */
final class StorableText {
  /** What a character that cannot be stored becomes. */
  static final char REPLACEMENT = '\uFFFD';

  private StorableText() {}

  /**
   * {@code value} with each NUL and lone surrogate replaced by {@link #REPLACEMENT}, cut to at most
   * {@code maxLength} characters without splitting a surrogate pair; {@code value} itself when it
   * needs neither.
   */
  static String of(String value, int maxLength) {
    if (maxLength < 1) {
      throw new IllegalArgumentException("maxLength must be positive, was " + maxLength);
    }
    if (value.length() <= maxLength && storable(value)) {
      return value;
    }
    StringBuilder out = new StringBuilder(Math.min(value.length(), maxLength));
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean pair =
          Character.isHighSurrogate(c)
              && i + 1 < value.length()
              && Character.isLowSurrogate(value.charAt(i + 1));
      int width = pair ? 2 : 1;
      if (out.length() + width > maxLength) {
        break;
      }
      if (pair) {
        out.append(c).append(value.charAt(++i));
      } else {
        out.append(c == '\0' || Character.isSurrogate(c) ? REPLACEMENT : c);
      }
    }
    return out.toString();
  }

  private static boolean storable(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\0') {
        return false;
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
