package dev.crossrole.policy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Wildcard matching does work proportional to the text for a given pattern, however many stars the
 * pattern has. The proof counts the comparisons the matcher makes rather than timing it, so it
 * holds on any machine: the count must stay under (n + 1)·(m + 1) for text length n and pattern
 * length m, and doubling the text may at most double it (give or take a constant of the pattern's,
 * since the cost is a·n − b for a fixed pattern).
 */
class WildcardLinearityTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "glob_starsBeforeMissingLetter_linear | *a*a*a*a*b | a",
        "glob_manyStarsBeforeMissingLetter_linear | *a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b | a",
        "glob_longSegmentAlmostEverywhere_linear | *aaaaaaaaaaaaaaab* | a",
        "glob_questionMarksBetweenStars_linear | *?*?*?*?*?*?b | a",
        "glob_anchoredEnds_linear | a*a*a*a*a*?b | a",
        "glob_alternatingText_linear | *ab*ab*ab*ab*abb | ab",
      })
  void glob_pathologicalPattern_stepsLinearInText(String name, String pattern, String unit) {
    Glob glob = Glob.of(pattern, false);
    long previous = 0;
    for (int n = 1_000; n <= 16_000; n *= 2) {
      String text = unit.repeat(n / unit.length());
      long steps = glob.steps(text);
      assertThat(glob.matches(text)).isFalse();
      assertThat(steps).isLessThanOrEqualTo((long) (text.length() + 1) * (pattern.length() + 1));
      if (previous > 0) {
        assertThat(steps).isLessThanOrEqualTo(2 * previous + square(pattern.length() + 1));
      }
      previous = steps;
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "arn_starsBeforeMissingLetter_linear | arn:aws:s3:::*a*a*a*a*b",
        "arn_starsInEveryField_linear | arn:*a*a*b:*a*b:*a*b:*a*b:*a*a*a*a*b",
      })
  void arn_pathologicalPattern_stepsLinearInArn(String name, String pattern) {
    ArnPattern arn = ArnPattern.compile(Template.parse(pattern, false, true).constantCodes());
    long previous = 0;
    for (int n = 3_000; n <= 48_000; n *= 2) {
      String text = "arn:aws:s3:::" + "a".repeat(n);
      long steps = arn.steps(text);
      assertThat(arn.matches(text)).isFalse();
      assertThat(steps).isLessThanOrEqualTo((long) (text.length() + 1) * (pattern.length() + 1));
      if (previous > 0) {
        assertThat(steps).isLessThanOrEqualTo(2 * previous + square(pattern.length() + 1));
      }
      previous = steps;
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "glob_middleSegmentsTakenLeftmost_matches | *a*b*c | xxaxxbxxbxxc | true",
        "glob_lastSegmentMustEndText_noMatch | *ab | abx | false",
        "glob_headAndTailMayNotOverlap_noMatch | ab*ba | aba | false",
        "glob_headAndTailMeet_matches | ab*ba | abba | true",
        "glob_questionInSegment_matches | *a?c* | xxabcxx | true",
        "glob_starsOnly_matchEmpty | *** | '' | true",
        "glob_questionWithoutStar_exactLength | ?? | abc | false",
      })
  void glob_segmentEdges(String name, String pattern, String text, boolean expected) {
    assertThat(Glob.of(pattern, false).matches(text)).isEqualTo(expected);
  }

  /** The segment algorithm answers exactly as the textbook dynamic programme does. */
  @Property(tries = 3000)
  void glob_agreesWithDynamicProgramme(
      @ForAll("patterns") String pattern, @ForAll("texts") String text) {
    assertThat(Glob.of(pattern, false).matches(text)).isEqualTo(reference(pattern, text));
  }

  /** Case-insensitive matching answers as matching both sides lower-cased. */
  @Property(tries = 1000)
  void glob_ignoreCase_agreesWithLowerCased(
      @ForAll("patterns") String pattern, @ForAll("texts") String text) {
    String upper = text.toUpperCase(java.util.Locale.ROOT);
    assertThat(Glob.of(pattern, true).matches(upper)).isEqualTo(reference(pattern, text));
  }

  @Provide
  Arbitrary<String> patterns() {
    return Arbitraries.strings().withChars('a', 'b', '*', '?').ofMaxLength(8);
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.strings().withChars('a', 'b').ofMaxLength(10);
  }

  private static long square(long x) {
    return x * x;
  }

  private static boolean reference(String pattern, String text) {
    boolean[][] ok = new boolean[pattern.length() + 1][text.length() + 1];
    ok[pattern.length()][text.length()] = true;
    for (int p = pattern.length() - 1; p >= 0; p--) {
      for (int t = text.length(); t >= 0; t--) {
        char c = pattern.charAt(p);
        if (c == '*') {
          ok[p][t] = ok[p + 1][t] || t < text.length() && ok[p][t + 1];
        } else {
          ok[p][t] = t < text.length() && (c == '?' || c == text.charAt(t)) && ok[p + 1][t + 1];
        }
      }
    }
    return ok[0][0];
  }
}
