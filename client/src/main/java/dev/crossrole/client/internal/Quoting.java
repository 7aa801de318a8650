package dev.crossrole.client.internal;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Quoting a value so that each syntax reads it back unchanged, whatever it holds. STS's values are
 * letters, digits and {@code +/=}, but nothing here relies on that.
 */
public final class Quoting {
  /** What every dotenv reader (and docker's {@code --env-file}) takes verbatim, unquoted. */
  private static final Pattern DOTENV_BARE = Pattern.compile("[A-Za-z0-9+/=._:@,-]*");

  private Quoting() {}

  /** POSIX sh: single quotes, each {@code '} written as {@code '\''}. */
  public static String posix(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }

  /** fish: single quotes, in which fish reads {@code \\} and {@code \'} as escapes. */
  public static String fish(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /**
   * PowerShell: a verbatim single-quoted string, each quote doubled — including the typographic
   * single quotes (U+2018…U+201B), which PowerShell also reads as quotes.
   */
  public static String powershell(String value) {
    StringBuilder out = new StringBuilder("'");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\'' || (c >= '\u2018' && c <= '\u201B')) {
        out.append(c);
      }
      out.append(c);
    }
    return out.append('\'').toString();
  }

  /**
   * dotenv: bare when the value is of the characters every reader takes verbatim; else single
   * quotes, which the dotenv libraries (Node, Python, Ruby, Go) read literally — possible only
   * without a quote, a backslash or a line break, which no reader escapes the same way.
   *
   * @throws IllegalArgumentException when the value cannot be written portably
   */
  public static String dotenv(String value) {
    if (DOTENV_BARE.matcher(value).matches()) {
      return value;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\'' || c == '\\' || c == '\n' || c == '\r' || c == '"' || c < ' ') {
        throw new IllegalArgumentException(
            "a value with quotes, backslashes or control characters has no portable dotenv form");
      }
    }
    return "'" + value + "'";
  }

  /** A JSON object of strings and numbers, on one line, strings escaped per RFC 8259. */
  public static String jsonObject(Map<String, ?> fields) {
    StringBuilder out = new StringBuilder("{");
    fields.forEach(
        (k, v) -> {
          if (out.length() > 1) {
            out.append(", ");
          }
          out.append(json(k)).append(": ");
          out.append(v instanceof Number ? v.toString() : json(String.valueOf(v)));
        });
    return out.append('}').toString();
  }

  /** A JSON string literal. */
  public static String json(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
