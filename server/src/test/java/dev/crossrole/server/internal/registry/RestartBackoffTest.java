package dev.crossrole.server.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The pauses between restarts of a registry that keeps dying. */
class RestartBackoffTest {
  private static final RestartBackoff BACKOFF = RestartBackoff.DEFAULT;

  static Stream<Arguments> pauses() {
    return Stream.of(
        Arguments.of("next_firstDeath_oneSecond", Optional.empty(), seconds(0), seconds(1)),
        Arguments.of(
            "next_firstDeathAfterLongRun_oneSecond", Optional.empty(), hours(5), seconds(1)),
        Arguments.of(
            "next_quickDeathAfterOne_two", Optional.of(seconds(1)), seconds(3), seconds(2)),
        Arguments.of(
            "next_failedStartAfterTwo_four", Optional.of(seconds(2)), seconds(0), seconds(4)),
        Arguments.of(
            "next_quickDeathAfter16_thirty", Optional.of(seconds(16)), seconds(5), seconds(30)),
        Arguments.of(
            "next_quickDeathAfter30_thirty", Optional.of(seconds(30)), seconds(5), seconds(30)),
        Arguments.of(
            "next_deathJustBeforeStable_doubles",
            Optional.of(seconds(8)),
            seconds(59),
            seconds(16)),
        Arguments.of(
            "next_deathAfterStableRun_oneSecond",
            Optional.of(seconds(30)),
            seconds(60),
            seconds(1)),
        Arguments.of(
            "next_deathAfterLongRun_oneSecond", Optional.of(seconds(30)), hours(2), seconds(1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pauses")
  void next_previousPauseAndRun_pause(
      String name, Optional<Duration> previous, Duration ranFor, Duration expected) {
    assertThat(BACKOFF.next(previous, ranFor)).isEqualTo(expected);
  }

  @Test
  void next_keepsDying_doublesToThirtyAndStaysNeverZero() {
    List<Duration> pauses = new ArrayList<>();
    Optional<Duration> previous = Optional.empty();
    for (int death = 0; death < 8; death++) {
      Duration pause = BACKOFF.next(previous, Duration.ofMillis(10));
      pauses.add(pause);
      previous = Optional.of(pause);
    }

    assertThat(pauses)
        .containsExactly(
            seconds(1),
            seconds(2),
            seconds(4),
            seconds(8),
            seconds(16),
            seconds(30),
            seconds(30),
            seconds(30));
  }

  static Stream<Arguments> badPolicies() {
    return Stream.of(
        Arguments.of("new_zeroFirst_refused", seconds(0), seconds(30), seconds(60)),
        Arguments.of("new_negativeFirst_refused", seconds(-1), seconds(30), seconds(60)),
        Arguments.of("new_maxBelowFirst_refused", seconds(10), seconds(5), seconds(60)),
        Arguments.of("new_negativeStable_refused", seconds(1), seconds(30), seconds(-1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPolicies")
  void new_badPauses_refused(String name, Duration first, Duration max, Duration stable) {
    assertThatThrownBy(() -> new RestartBackoff(first, max, stable))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Duration seconds(long n) {
    return Duration.ofSeconds(n);
  }

  private static Duration hours(long n) {
    return Duration.ofHours(n);
  }
}
