package dev.crossrole.server.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Query protocol's XML responses as CloudTrail's {@code responseElements}. */
class DocumentsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NS = " xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"";

  private static String response(String result) {
    return "<XResponse"
        + NS
        + "><XResult>"
        + result
        + "</XResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></XResponse>";
  }

  static Stream<Arguments> responses() {
    return Stream.of(
        Arguments.of(
            "fromXml_nestedElements_camelCasedObject",
            response(
                "<AssumedRoleUser><Arn>arn:x</Arn><AssumedRoleId>A:s</AssumedRoleId></AssumedRoleUser>"),
            "{\"assumedRoleUser\":{\"arn\":\"arn:x\",\"assumedRoleId\":\"A:s\"}}"),
        Arguments.of(
            "fromXml_members_array",
            response("<Tags><member><Key>k</Key></member><member><Key>l</Key></member></Tags>"),
            "{\"tags\":[{\"key\":\"k\"},{\"key\":\"l\"}]}"),
        Arguments.of(
            "fromXml_emptyElement_emptyText",
            response("<Users></Users><IsTruncated>false</IsTruncated>"),
            "{\"users\":\"\",\"isTruncated\":\"false\"}"),
        Arguments.of(
            "fromXml_escapedText_unescaped",
            response(
                "<Description>a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;&#xD;</Description>"),
            "{\"description\":\"a <b> & \\\"c\\\" 'd'\\r\"}"),
        Arguments.of(
            "fromXml_noResultElement_empty",
            "<XResponse"
                + NS
                + "><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></XResponse>",
            "{}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("responses")
  void fromXml(String name, String xml, String expected) throws Exception {
    assertThat(Documents.fromXml(xml)).isEqualTo(JSON.readTree(expected));
  }

  @Test
  void fromXml_documentTypeDeclaration_refused() {
    String xml =
        "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>" + response("<A>&e;</A>");

    assertThatThrownBy(() -> Documents.fromXml(xml)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void xml_isWoodstoxsFactory() {
    assertThat(Documents.XML.getClass().getName()).startsWith("com.ctc.wstx.");
  }
}
