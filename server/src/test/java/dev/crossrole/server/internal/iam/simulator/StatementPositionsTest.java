package dev.crossrole.server.internal.iam.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Where statements stand in their documents, in the simulator's line and column terms. */
class StatementPositionsTest {
  static Stream<Arguments> documents() {
    return Stream.of(
        Arguments.of(
            "singleStatementObject_awsExample_1_38to1_167",
            "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":"
                + "\"dynamodb:*\",\"Resource\":\"*\",\"Condition\":{\"DateGreaterThan\":"
                + "{\"aws:CurrentTime\":\"2018-08-16T12:00:00Z\"}}}}",
            List.of("1:38-1:167")),
        Arguments.of(
            "statementArray_twoStatements_eachSpan",
            "{\"Statement\":[{\"Effect\":\"Allow\"},{\"Effect\":\"Deny\"}]}",
            List.of("1:16-1:33", "1:35-1:51")),
        Arguments.of(
            "multiLine_statementOverLines_linesFromOne",
            "{\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\"\n    }\n  ]\n}",
            List.of("3:6-5:6")),
        Arguments.of(
            "bracesInStrings_ignored",
            "{\"Id\":\"{[\",\"Statement\":[{\"Sid\":\"}]\\\"\",\"Effect\":\"Allow\"}]}",
            List.of("1:26-1:56")),
        Arguments.of(
            "statementAfterNestedElements_found",
            "{\"Other\":{\"Statement\":[1]},\"Statement\":{\"Effect\":\"Allow\"}}",
            List.of("1:41-1:58")),
        Arguments.of("noStatement_none", "{\"Version\":\"2012-10-17\"}", List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void of_document_spansAsIamReportsThem(String name, String document, List<String> expected) {
    List<String> spans =
        StatementPositions.of(document).stream()
            .map(
                s ->
                    s.start().line()
                        + ":"
                        + s.start().column()
                        + "-"
                        + s.end().line()
                        + ":"
                        + s.end().column())
            .toList();

    assertThat(spans).containsExactlyElementsOf(expected);
  }
}
