package dev.crossrole.policy.internal;

import java.util.Arrays;

/**
 * An ARN pattern matched field by field, as the Resource element and the {@code ArnLike} family do:
 * the six colon-separated fields are compared separately, so a wildcard never crosses a colon in
 * the first five, except that a {@code *} ending the last field written runs on to the end.
 */
public final class ArnPattern {
  private static final int FIELDS = 6;

  private final Glob[] fields;
  private final boolean matchAll;

  private ArnPattern(Glob[] fields, boolean matchAll) {
    this.fields = fields;
    this.matchAll = matchAll;
  }

  /** Compiles pattern codes (characters and {@link Glob} wildcard codes). */
  public static ArnPattern compile(int[] codes) {
    if (codes.length == 1 && codes[0] == Glob.STAR) {
      return new ArnPattern(new Glob[0], true);
    }
    Glob[] fields = new Glob[FIELDS];
    int count = 0;
    int start = 0;
    for (int i = 0; i <= codes.length; i++) {
      boolean boundary = i == codes.length || (codes[i] == ':' && count < FIELDS - 1);
      if (boundary) {
        fields[count++] = Glob.ofCodes(Arrays.copyOfRange(codes, start, i), false);
        start = i + 1;
      }
    }
    return new ArnPattern(Arrays.copyOf(fields, count), false);
  }

  /** Whether {@code arn} matches. */
  public boolean matches(String arn) {
    return matchAll || (scan(arn) & 1) == 1;
  }

  /**
   * How many characters a match of {@code arn} reads: the colon search plus each field's wildcard
   * comparisons, counted in the pass that decides.
   */
  long steps(String arn) {
    return matchAll ? 0 : scan(arn) >>> 1;
  }

  /**
   * Splits the ARN at its first five colons as it goes and matches each field in its own range. The
   * ranges do not overlap, so the work is the sum of the fields' linear matches. Returns the step
   * count shifted left by one, with the low bit set on a match.
   */
  private long scan(String arn) {
    long steps = 0;
    int start = 0;
    int n = fields.length;
    for (int i = 0; i < n; i++) {
      int end;
      if (i < n - 1) {
        end = arn.indexOf(':', start);
        if (end < 0) {
          return (steps + arn.length() - start) << 1;
        }
      } else if (n == FIELDS || fields[i].endsWithStar()) {
        end = arn.length();
      } else {
        if (arn.indexOf(':', start) >= 0) {
          return (steps + arn.length() - start) << 1;
        }
        end = arn.length();
      }
      steps += end - start;
      if (start > arn.length()) {
        return steps << 1;
      }
      long field = fields[i].scan(arn, start, end);
      steps += field >>> 1;
      if ((field & 1) == 0) {
        return steps << 1;
      }
      start = end + 1;
    }
    return steps << 1 | 1;
  }
}
