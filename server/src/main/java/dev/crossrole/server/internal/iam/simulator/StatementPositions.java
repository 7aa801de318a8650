package dev.crossrole.server.internal.iam.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where each statement of a policy document stands in its text, as the policy simulator reports it:
 * the line (from 1) and the column just after the statement's opening brace, and just after its
 * closing brace — the columns IAM gives, one past the brace's own 1-based column.
 */
final class StatementPositions {
  /** A line and column, both from 1. */
  record Position(int line, int column) {}

  /** Where one statement starts and ends. */
  record Span(Position start, Position end) {}

  private final String text;
  private int at;

  private StatementPositions(String text) {
    this.text = text;
  }

  /**
   * The spans of the document's statements in order: one for a single statement object, one per
   * element of a statement array; empty when the text has no top-level Statement.
   */
  static List<Span> of(String document) {
    try {
      return new StatementPositions(document).read();
    } catch (IndexOutOfBoundsException e) {
      // The documents here have been parsed already; a text that still fails has no positions.
      return List.of();
    }
  }

  private List<Span> read() {
    skipSpace();
    if (peek() != '{') {
      return List.of();
    }
    at++;
    while (true) {
      skipSpace();
      if (peek() == '}') {
        return List.of();
      }
      String key = string();
      skipSpace();
      at++; // ':'
      skipSpace();
      if (key.equals("Statement")) {
        return statements();
      }
      skipValue();
      skipSpace();
      if (peek() == ',') {
        at++;
      }
    }
  }

  private List<Span> statements() {
    List<Span> spans = new ArrayList<>();
    if (peek() == '{') {
      spans.add(object());
      return spans;
    }
    if (peek() != '[') {
      return spans;
    }
    at++;
    while (true) {
      skipSpace();
      char c = peek();
      if (c == ']') {
        return spans;
      }
      if (c == ',') {
        at++;
        continue;
      }
      if (c == '{') {
        spans.add(object());
      } else {
        skipValue();
      }
    }
  }

  private Span object() {
    int open = at;
    skipValue();
    int close = at - 1;
    return new Span(position(open), position(close));
  }

  /** The position IAM reports for the brace at {@code index}: the column after it. */
  private Position position(int index) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < index; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new Position(line, index - lineStart + 2);
  }

  private char peek() {
    return text.charAt(at);
  }

  private void skipSpace() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
  }

  private String string() {
    StringBuilder out = new StringBuilder();
    at++; // opening quote
    while (true) {
      char c = text.charAt(at++);
      if (c == '"') {
        return out.toString();
      }
      if (c == '\\') {
        out.append(text.charAt(at++));
      } else {
        out.append(c);
      }
    }
  }

  private void skipValue() {
    char c = peek();
    if (c == '"') {
      string();
      return;
    }
    if (c == '{' || c == '[') {
      int depth = 0;
      do {
        char d = peek();
        if (d == '"') {
          string();
          continue;
        }
        if (d == '{' || d == '[') {
          depth++;
        } else if (d == '}' || d == ']') {
          depth--;
        }
        at++;
      } while (depth > 0);
      return;
    }
    while (at < text.length() && ",}] \t\r\n".indexOf(peek()) < 0) {
      at++;
    }
  }

  /** The span of statement {@code index}, if the text has it. */
  static Optional<Span> of(String document, int index) {
    List<Span> spans = of(document);
    return index < spans.size() ? Optional.of(spans.get(index)) : Optional.empty();
  }
}
