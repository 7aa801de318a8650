package dev.crossrole.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every syntax reads a hostile value back unchanged. */
class QuotingTest {
  static Stream<Arguments> hostile() {
    return Stream.of(
        Arguments.of("stsAlphabet", "ASIA+/abc=="),
        Arguments.of("singleQuote", "it's"),
        Arguments.of("quotesAndBackslashes", "a'b\"c\\d\\'e"),
        Arguments.of("commandSubstitution", "$(touch /tmp/pwned) `id` ${HOME}"),
        Arguments.of("newlineAndTab", "line1\nline2\tend"),
        Arguments.of("typographicQuotes", "a\u2018b\u2019c\u201Ad\u201Be"),
        Arguments.of("trailingBackslash", "end\\"),
        Arguments.of("empty", ""));
  }

  @ParameterizedTest(name = "posix_{0}_bashReadsItBack")
  @MethodSource("hostile")
  void posix(String name, String value) throws Exception {
    String script = "V=" + Quoting.posix(value) + "; printf %s \"$V\"";
    Process bash = new ProcessBuilder("bash", "-c", script).start();
    String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(out).isEqualTo(value);
  }

  @ParameterizedTest(name = "fish_{0}_fishRulesReadItBack")
  @MethodSource("hostile")
  void fish(String name, String value) {
    assertThat(readFishSingleQuoted(Quoting.fish(value))).isEqualTo(value);
  }

  @ParameterizedTest(name = "powershell_{0}_powershellRulesReadItBack")
  @MethodSource("hostile")
  void powershell(String name, String value) {
    assertThat(readPowershellSingleQuoted(Quoting.powershell(value))).isEqualTo(value);
  }

  @ParameterizedTest(name = "json_{0}_jacksonReadsItBack")
  @MethodSource("hostile")
  void json(String name, String value) throws Exception {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("Version", 1);
    fields.put("v", value);

    var tree = new ObjectMapper().readTree(Quoting.jsonObject(fields));

    assertThat(tree.get("v").asText()).isEqualTo(value);
    assertThat(tree.get("Version").isInt()).isTrue();
  }

  @ParameterizedTest(name = "dotenv_{0}")
  @MethodSource("hostile")
  void dotenv(String name, String value) {
    boolean portable = value.chars().noneMatch(c -> c == '\'' || c == '"' || c == '\\' || c < ' ');
    if (portable) {
      String quoted = Quoting.dotenv(value);
      String read = quoted.startsWith("'") ? quoted.substring(1, quoted.length() - 1) : quoted;
      assertThat(read).isEqualTo(value);
    } else {
      assertThatThrownBy(() -> Quoting.dotenv(value)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @ParameterizedTest(name = "dotenv_stsAlphabet_bare")
  @MethodSource("hostile")
  void dotenvBareForSts(String name, String value) {
    assertThat(Quoting.dotenv("ASIAXYZ")).isEqualTo("ASIAXYZ");
    assertThat(Quoting.dotenv("ab+/cd==")).isEqualTo("ab+/cd==");
  }

  /** fish's single-quoted string: {@code \\} and {@code \'} are escapes, nothing else is. */
  private static String readFishSingleQuoted(String text) {
    assertThat(text).startsWith("'").endsWith("'");
    StringBuilder out = new StringBuilder();
    for (int i = 1; i < text.length() - 1; i++) {
      char c = text.charAt(i);
      if (c == '\\' && (text.charAt(i + 1) == '\\' || text.charAt(i + 1) == '\'')) {
        out.append(text.charAt(++i));
      } else {
        assertThat(c).as("an unescaped quote ends the string early").isNotEqualTo('\'');
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * PowerShell's verbatim string: any of ' and U+2018..U+201B opens and closes it, and two of them
   * in a row stand for one.
   */
  private static String readPowershellSingleQuoted(String text) {
    assertThat(text).startsWith("'").endsWith("'");
    StringBuilder out = new StringBuilder();
    for (int i = 1; i < text.length() - 1; i++) {
      char c = text.charAt(i);
      if (isQuote(c)) {
        assertThat(isQuote(text.charAt(i + 1))).as("a lone quote ends the string").isTrue();
        i++;
      }
      out.append(c);
    }
    return out.toString();
  }

  private static boolean isQuote(char c) {
    return c == '\'' || (c >= '\u2018' && c <= '\u201B');
  }
}
