package dev.crossrole.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IdentifiersTest {
  private static final int SAMPLES = 2000;

  static Stream<Arguments> generators() {
    return Stream.of(
        Arguments.of(
            "access key id",
            gen(Identifiers::accessKeyId),
            Identifiers.ACCESS_KEY_ID,
            20,
            "AKIA",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
        Arguments.of(
            "temporary access key id",
            gen(Identifiers::temporaryAccessKeyId),
            Identifiers.TEMPORARY_ACCESS_KEY_ID,
            20,
            "ASIA",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
        Arguments.of(
            "user id",
            gen(Identifiers::userId),
            Identifiers.USER_ID,
            21,
            "AIDA",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
        Arguments.of(
            "role id",
            gen(Identifiers::roleId),
            Identifiers.ROLE_ID,
            21,
            "AROA",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
        Arguments.of(
            "group id",
            gen(Identifiers::groupId),
            Identifiers.GROUP_ID,
            21,
            "AGPA",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
        Arguments.of(
            "policy id",
            gen(Identifiers::policyId),
            Identifiers.POLICY_ID,
            21,
            "ANPA",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
        Arguments.of(
            "secret access key",
            gen(Identifiers::secretAccessKey),
            Identifiers.SECRET_ACCESS_KEY,
            40,
            "",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"),
        Arguments.of(
            "account id",
            gen(Identifiers::accountId),
            Identifiers.ACCOUNT_ID,
            12,
            "",
            "0123456789"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("generators")
  void generate_manySamples_matchShapeAreUniqueAndUseWholeAlphabet(
      String name,
      Supplier<String> generator,
      Pattern pattern,
      int length,
      String prefix,
      String alphabet) {
    Set<String> seen = new HashSet<>();
    Set<Character> characters = new HashSet<>();
    for (int i = 0; i < SAMPLES; i++) {
      String id = generator.get();
      assertThat(id).hasSize(length).startsWith(prefix).matches(pattern);
      seen.add(id);
      id.substring(prefix.length()).chars().forEach(c -> characters.add((char) c));
    }
    assertThat(seen).as("no repeats").hasSize(SAMPLES);
    Set<Character> expected = new HashSet<>();
    alphabet.chars().forEach(c -> expected.add((char) c));
    assertThat(characters).as("every character of the alphabet, nothing else").isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("generators")
  void pattern_wrongShapes_doNotMatch(
      String name,
      Supplier<String> generator,
      Pattern pattern,
      int length,
      String prefix,
      String alphabet) {
    String good = generator.get();
    assertThat(pattern.matcher(good + "A").matches()).isFalse();
    assertThat(pattern.matcher(good.substring(1)).matches()).isFalse();
    assertThat(pattern.matcher(good.substring(0, length - 1) + "!").matches()).isFalse();
  }

  @Test
  void accountId_manySamples_firstDigitIsNeverZero() {
    for (int i = 0; i < SAMPLES; i++) {
      assertThat(Identifiers.accountId()).doesNotStartWith("0");
    }
  }

  private static Supplier<String> gen(Supplier<String> s) {
    return s;
  }

  @org.junit.jupiter.api.Test
  void temporaryAccessKeyId_ofAccount_carriesTheAccount() {
    for (String account : new String[] {"000000000001", "111111111111", "999999999999"}) {
      String id = Identifiers.temporaryAccessKeyId(account);

      org.assertj.core.api.Assertions.assertThat(id).matches(Identifiers.TEMPORARY_ACCESS_KEY_ID);
      org.assertj.core.api.Assertions.assertThat(Identifiers.accountOfTemporaryKey(id))
          .contains(account);
    }
  }

  @org.junit.jupiter.api.Test
  void accountOfTemporaryKey_longTermKey_empty() {
    org.assertj.core.api.Assertions.assertThat(
            Identifiers.accountOfTemporaryKey(Identifiers.accessKeyId()))
        .isEmpty();
  }
}
