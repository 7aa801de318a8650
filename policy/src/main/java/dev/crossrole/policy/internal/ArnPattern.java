package dev.crossrole.policy.internal;

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
        fields[count++] = Glob.ofCodes(java.util.Arrays.copyOfRange(codes, start, i), false);
        start = i + 1;
      }
    }
    return new ArnPattern(java.util.Arrays.copyOf(fields, count), false);
  }

  /** Whether {@code arn} matches. */
  public boolean matches(String arn) {
    if (matchAll) {
      return true;
    }
    int start = 0;
    int n = fields.length;
    for (int i = 0; i < n; i++) {
      int end;
      if (i < n - 1) {
        end = arn.indexOf(':', start);
        if (end < 0) {
          return false;
        }
      } else if (n == FIELDS || fields[i].endsWithStar()) {
        end = arn.length();
      } else {
        if (arn.indexOf(':', start) >= 0) {
          return false;
        }
        end = arn.length();
      }
      if (start > arn.length() || !fields[i].matches(arn, start, end)) {
        return false;
      }
      start = end + 1;
    }
    return true;
  }
}
