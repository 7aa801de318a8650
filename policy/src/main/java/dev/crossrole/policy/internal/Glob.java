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
        return matchesGeneral(text, from, to);
    }
  }

  /**
   * The classic linear-backtracking wildcard algorithm: on a mismatch it resumes just after the
   * last {@code *}, so it runs in O(n·m) at worst and needs no memory.
   */
  private boolean matchesGeneral(String text, int from, int to) {
    int p = 0;
    int t = from;
    int starP = -1;
    int starT = -1;
    while (t < to) {
      if (p < codes.length && codes[p] == STAR) {
        starP = p++;
        starT = t;
      } else if (p < codes.length && (codes[p] == ONE || same(codes[p], text.charAt(t)))) {
        p++;
        t++;
      } else if (starP >= 0) {
        p = starP + 1;
        t = ++starT;
      } else {
        return false;
      }
    }
    while (p < codes.length && codes[p] == STAR) {
      p++;
    }
    return p == codes.length;
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
