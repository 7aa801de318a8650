package dev.crossrole.policy.internal;

/**
 * A wildcard pattern as IAM writes them: {@code *} matches any run of characters, {@code ?} exactly
 * one. Patterns are compiled once into a code array so that matching allocates nothing and no
 * regular expression is ever built.
 */
public final class Glob {
  /** Code for {@code *} in a compiled pattern. */
  public static final int STAR = -1;

  /** Code for {@code ?} in a compiled pattern. */
  public static final int ONE = -2;

  /** The shapes most patterns have, matched without the general algorithm. */
  private enum Shape {
    /** No wildcard: the text must equal the pattern. */
    LITERAL,
    /** Literal text then one trailing {@code *}: a prefix test. */
    PREFIX,
    /** Anything else. */
    GENERAL
  }

  private final int[] codes;
  private final boolean ignoreCase;
  private final boolean literal;
  private final Shape shape;

  /** The literal part for {@link Shape#LITERAL} and {@link Shape#PREFIX}. */
  private final String text;

  /**
   * Where each segment between runs of {@code *} starts and ends in {@link #codes}: the first
   * before any star, the last after the final one, possibly empty.
   */
  private final int[] segmentStarts;

  private final int[] segmentEnds;

  private Glob(int[] codes, boolean ignoreCase) {
    this.codes = codes;
    this.ignoreCase = ignoreCase;
    int wildcards = 0;
    for (int c : codes) {
      wildcards += c < 0 ? 1 : 0;
    }
    this.literal = wildcards == 0;
    boolean prefix = wildcards == 1 && codes[codes.length - 1] == STAR;
    this.shape = literal ? Shape.LITERAL : prefix ? Shape.PREFIX : Shape.GENERAL;
    StringBuilder literalText = new StringBuilder(codes.length);
    for (int c : codes) {
      if (c >= 0) {
        literalText.append((char) c);
      }
    }
    this.text = literalText.toString();
    int segments = 1;
    for (int i = 0; i < codes.length; i++) {
      if (codes[i] == STAR && (i + 1 == codes.length || codes[i + 1] != STAR)) {
        segments++;
      }
    }
    this.segmentStarts = new int[segments];
    this.segmentEnds = new int[segments];
    int segment = 0;
    int i = 0;
    while (segment < segments) {
      segmentStarts[segment] = i;
      while (i < codes.length && codes[i] != STAR) {
        i++;
      }
      segmentEnds[segment++] = i;
      while (i < codes.length && codes[i] == STAR) {
        i++;
      }
    }
  }

  /** Compiles text in which every {@code *} and {@code ?} is a wildcard. */
  public static Glob of(String pattern, boolean ignoreCase) {
    int[] codes = new int[pattern.length()];
    for (int i = 0; i < codes.length; i++) {
      char c = pattern.charAt(i);
      codes[i] = c == '*' ? STAR : c == '?' ? ONE : c;
    }
    return new Glob(codes, ignoreCase);
  }

  /** Wraps already-compiled codes (characters, {@link #STAR}, {@link #ONE}). */
  public static Glob ofCodes(int[] codes, boolean ignoreCase) {
    return new Glob(codes.clone(), ignoreCase);
  }

  /** True when the pattern has no wildcard at all. */
  public boolean isLiteral() {
    return literal;
  }

  /** True when the pattern is exactly one {@code *}, which matches everything. */
  public boolean isMatchAll() {
    return codes.length == 1 && codes[0] == STAR;
  }

  /** Whether the last code is {@code *}. */
  public boolean endsWithStar() {
    return codes.length > 0 && codes[codes.length - 1] == STAR;
  }

  /** Matches the whole of {@code text}. */
  public boolean matches(String text) {
    return matches(text, 0, text.length());
  }

  /** Matches {@code text[from, to)}. */
  public boolean matches(String text, int from, int to) {
    switch (shape) {
      case LITERAL:
        return to - from == this.text.length()
            && text.regionMatches(ignoreCase, from, this.text, 0, this.text.length());
      case PREFIX:
        return to - from >= this.text.length()
            && text.regionMatches(ignoreCase, from, this.text, 0, this.text.length());
      default:
        return (scan(text, from, to) & 1) == 1;
    }
  }

  /**
   * How many character comparisons the general algorithm makes on {@code text}: the same pass that
   * decides a match counts them, so the number is the work a match really costs.
   */
  long steps(String text) {
    return scan(text, 0, text.length()) >>> 1;
  }

  /**
   * The general algorithm, which never backtracks across a {@code *}. The pattern is literal
   * segments ({@code ?} included) separated by runs of {@code *}; the first segment must start the
   * text, the last must end it, and each one between is taken at its leftmost place after the one
   * before. Leftmost is always safe: a later place leaves less text for the rest, never more. Each
   * text position is tried as a start at most once per segment in turn and the tried ranges do not
   * overlap, so the work is at most (n + 1)·(longest segment + 1) comparisons: linear in the text
   * for a given pattern, however many stars it has. Returns the comparison count shifted left by
   * one, with the low bit set on a match.
   */
  long scan(String text, int from, int to) {
    long steps = 0;
    int segments = segmentStarts.length;
    int head = segmentEnds[0] - segmentStarts[0];
    if (segments == 1) {
      // No star: the one segment is the whole pattern and must span the whole text.
      if (to - from != head) {
        return steps << 1;
      }
      for (int k = 0; k < head; k++) {
        steps++;
        if (!fits(codes[k], text.charAt(from + k))) {
          return steps << 1;
        }
      }
      return steps << 1 | 1;
    }
    int tail = segmentEnds[segments - 1] - segmentStarts[segments - 1];
    if (to - from < head + tail) {
      return steps << 1;
    }
    for (int k = 0; k < head; k++) {
      steps++;
      if (!fits(codes[k], text.charAt(from + k))) {
        return steps << 1;
      }
    }
    int last = segmentStarts[segments - 1];
    for (int k = 0; k < tail; k++) {
      steps++;
      if (!fits(codes[last + k], text.charAt(to - tail + k))) {
        return steps << 1;
      }
    }
    int position = from + head;
    int limit = to - tail;
    for (int s = 1; s < segments - 1; s++) {
      int begin = segmentStarts[s];
      int length = segmentEnds[s] - begin;
      int found = -1;
      for (int start = position; start + length <= limit && found < 0; start++) {
        int k = 0;
        while (k < length) {
          steps++;
          if (!fits(codes[begin + k], text.charAt(start + k))) {
            break;
          }
          k++;
        }
        if (k == length) {
          found = start;
        }
      }
      if (found < 0) {
        return steps << 1;
      }
      position = found + length;
    }
    return steps << 1 | 1;
  }

  private boolean fits(int code, char c) {
    return code == ONE || same(code, c);
  }

  private boolean same(int code, char c) {
    if (code == c) {
      return true;
    }
    return ignoreCase
        && Character.toLowerCase((char) code) == Character.toLowerCase(c)
        && code >= 0;
  }

  /** The pattern written back as text, wildcards as {@code *} and {@code ?}. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(codes.length);
    for (int c : codes) {
      out.append(c == STAR ? '*' : c == ONE ? '?' : (char) c);
    }
    return out.toString();
  }
}
