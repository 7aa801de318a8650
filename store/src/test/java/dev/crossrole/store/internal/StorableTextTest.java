package dev.crossrole.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StorableTextTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "plain_unchanged",
            "arn:aws:iam::111111111111:role/R",
            64,
            "arn:aws:iam::111111111111:role/R"),
        Arguments.of("nul_replaced", "a\u0000b", 64, "a\uFFFDb"),
        Arguments.of("loneHighSurrogate_replaced", "a\ud800b", 64, "a\uFFFDb"),
        Arguments.of("loneLowSurrogate_replaced", "a\udc00", 64, "a\uFFFD"),
        Arguments.of("highSurrogateLast_replaced", "ab\ud800", 64, "ab\uFFFD"),
        Arguments.of("surrogatePair_kept", "a\ud83d\ude00b", 64, "a\ud83d\ude00b"),
        Arguments.of("tooLong_cut", "abcdef", 4, "abcd"),
        Arguments.of("cutInsidePair_pairDropped", "abc\ud83d\ude00", 4, "abc"),
        Arguments.of("nulAndTooLong_bothMended", "\u0000bcdef", 3, "\uFFFDbc"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void of(String name, String value, int maxLength, String expected) {
    assertThat(StorableText.of(value, maxLength)).isEqualTo(expected);
  }

  @Test
  void of_storableValue_sameInstance() {
    String value = "AssumeRole";

    assertThat(StorableText.of(value, 128)).isSameAs(value);
  }

  @Test
  void of_maxLengthNotPositive_refused() {
    assertThatThrownBy(() -> StorableText.of("a", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxLength must be positive, was 0");
  }
}
