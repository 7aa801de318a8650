package dev.crossrole.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Edits of AWS's INI files: what changes, and everything else kept byte for byte. */
class IniDocumentTest {
  private static final String CONFIG =
      """
      # my settings
      [default]
      region = eu-west-1

      ; the dev account
      [profile dev]
      region = us-west-2
      s3 =
        max_concurrent_requests = 20
        addressing_style = path
      unknown_key = kept
      [services local]
      ecr =
        endpoint_url = http://127.0.0.1:4747
      """;

  static Stream<Arguments> edits() {
    return Stream.of(
        Arguments.of(
            "set_newSection_appendedAfterABlankLine",
            (Consumer<IniDocument>) d -> d.set("profile build", "role_arn", "arn"),
            CONFIG + "\n[profile build]\nrole_arn = arn\n"),
        Arguments.of(
            "set_sameValue_nothingChanges",
            (Consumer<IniDocument>) d -> d.set("profile dev", "region", "us-west-2"),
            CONFIG),
        Arguments.of(
            "set_otherValue_onlyThatLineChanges",
            (Consumer<IniDocument>) d -> d.set("default", "region", "us-east-1"),
            CONFIG.replace("region = eu-west-1", "region = us-east-1")),
        Arguments.of(
            "set_newKeyInSectionWithSubProperties_afterTheLastPropertyBeforeTheNextSection",
            (Consumer<IniDocument>) d -> d.set("profile dev", "output", "json"),
            CONFIG.replace("unknown_key = kept\n", "unknown_key = kept\noutput = json\n")),
        Arguments.of(
            "set_newKeyBeforeBlankAndComment_staysInItsSection",
            (Consumer<IniDocument>) d -> d.set("default", "output", "json"),
            CONFIG.replace("region = eu-west-1\n", "region = eu-west-1\noutput = json\n")),
        Arguments.of(
            "remove_propertyWithSubProperties_goesWithThem",
            (Consumer<IniDocument>) d -> d.remove("profile dev", "s3"),
            CONFIG.replace(
                "s3 =\n  max_concurrent_requests = 20\n  addressing_style = path\n", "")),
        Arguments.of(
            "remove_missingKey_nothingChanges",
            (Consumer<IniDocument>) d -> d.remove("profile dev", "aws_session_token"),
            CONFIG));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("edits")
  void edit(String name, Consumer<IniDocument> edit, String expected) {
    IniDocument doc = IniDocument.parse(CONFIG);

    edit.accept(doc);

    assertThat(doc.text()).isEqualTo(expected);
  }

  @Test
  void set_crlfFileWithoutFinalNewline_newLinesUseCrlf() {
    IniDocument doc = IniDocument.parse("[a]\r\nx = 1");

    doc.set("a", "y", "2");
    doc.set("b", "z", "3");

    assertThat(doc.text()).isEqualTo("[a]\r\nx = 1\r\ny = 2\r\n\r\n[b]\r\nz = 3\r\n");
  }

  @Test
  void set_emptyFile_sectionAlone() {
    IniDocument doc = IniDocument.parse("");

    doc.set("build-source", "aws_access_key_id", "AKIA");

    assertThat(doc.text()).isEqualTo("[build-source]\naws_access_key_id = AKIA\n");
  }

  @Test
  void properties_sectionWithSubProperties_topLevelOnly() {
    IniDocument doc = IniDocument.parse(CONFIG);

    assertThat(doc.properties("profile dev"))
        .containsExactly(
            Map.entry("region", "us-west-2"),
            Map.entry("s3", ""),
            Map.entry("unknown_key", "kept"));
    assertThat(doc.sections()).containsExactly("default", "profile dev", "services local");
  }
}
