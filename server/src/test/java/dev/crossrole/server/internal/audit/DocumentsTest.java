package dev.crossrole.server.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossrole.server.internal.query.XmlResponse;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Query protocol's answers as CloudTrail's {@code responseElements}. */
class DocumentsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Arguments answer(String name, UnaryOperator<XmlResponse> result, String expected) {
    return Arguments.of(name, result, expected);
  }

  static Stream<Arguments> answers() {
    return Stream.of(
        answer(
            "fromResult_nestedElements_camelCasedObject",
            x ->
                x.open("AssumedRoleUser")
                    .element("Arn", "arn:x")
                    .element("AssumedRoleId", "A:s")
                    .close("AssumedRoleUser"),
            "{\"assumedRoleUser\":{\"arn\":\"arn:x\",\"assumedRoleId\":\"A:s\"}}"),
        answer(
            "fromResult_members_array",
            x ->
                x.open("Tags")
                    .open("member")
                    .element("Key", "k")
                    .close("member")
                    .open("member")
                    .element("Key", "l")
                    .close("member")
                    .close("Tags"),
            "{\"tags\":[{\"key\":\"k\"},{\"key\":\"l\"}]}"),
        answer(
            "fromResult_textMembers_arrayOfText",
            x -> x.open("Names").element("member", "a").element("member", "b").close("Names"),
            "{\"names\":[\"a\",\"b\"]}"),
        answer(
            "fromResult_emptyElement_emptyText",
            x -> x.open("Users").close("Users").element("IsTruncated", "false"),
            "{\"users\":\"\",\"isTruncated\":\"false\"}"),
        answer(
            "fromResult_textNeedingEscapes_asWritten",
            x -> x.element("Description", "a <b> & \"c\" 'd'\r"),
            "{\"description\":\"a <b> & \\\"c\\\" 'd'\\r\"}"),
        answer(
            "fromResult_nullText_noElement",
            x -> x.element("Marker", null).element("IsTruncated", "false"),
            "{\"isTruncated\":\"false\"}"),
        answer("fromResult_emptyResult_empty", x -> x, "{}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("answers")
  void fromResult(String name, UnaryOperator<XmlResponse> result, String expected)
      throws Exception {
    XmlResponse x = result.apply(XmlResponse.result("X", XmlResponse.STS_NAMESPACE));

    assertThat(Documents.fromResult(x.finish("X", "r-1").result()))
        .isEqualTo(JSON.readTree(expected));
  }
}
