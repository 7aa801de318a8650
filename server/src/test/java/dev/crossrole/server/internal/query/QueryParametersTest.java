package dev.crossrole.server.internal.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryParametersTest {

  @Test
  void parse_assumeRoleForm_readsScalarsListsAndMaps() {
    QueryParameters p =
        QueryParameters.parse(
            "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A111111111111%3Arole"
                + "%2FR&RoleSessionName=s+1&PolicyArns.member.1.arn=a&TransitiveTagKeys.member.1=k1"
                + "&TransitiveTagKeys.member.2=k2&Tags.member.1.Key=team&Tags.member.1.Value=blue");

    assertThat(p.required("RoleArn")).isEqualTo("arn:aws:iam::111111111111:role/R");
    assertThat(p.required("RoleSessionName")).isEqualTo("s 1");
    assertThat(p.list("TransitiveTagKeys")).containsExactly("k1", "k2");
    assertThat(p.map("Tags")).isEqualTo(Map.of("team", "blue"));
    assertThat(p.optional("ExternalId")).isEmpty();
  }

  @Test
  void parse_bodyAndQueryString_firstValueWins() {
    QueryParameters p = QueryParameters.parse("Action=GetCallerIdentity", "Action=Other&X=1");

    assertThat(p.required("Action")).isEqualTo("GetCallerIdentity");
    assertThat(p.required("X")).isEqualTo("1");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "parse_truncatedEscape_malformed | Action=%4",
        "parse_nonHexEscape_malformed | Action=%zz",
        "parse_invalidUtf8_malformed | Action=%C3%28",
        "parse_loneContinuationByte_malformed | Action=%80",
      })
  void parse_badEncoding_refused(String name, String form) {
    assertThatThrownBy(() -> QueryParameters.parse(form))
        .isInstanceOf(QueryException.class)
        .extracting(e -> ((QueryException) e).code())
        .isEqualTo("MalformedQueryString");
  }

  @Test
  void required_absent_missingParameter() {
    assertThatThrownBy(() -> QueryParameters.parse("Action=AssumeRole").required("RoleArn"))
        .isInstanceOf(QueryException.class)
        .hasMessage("The request must contain the parameter RoleArn");
  }

  @Test
  void error_escapesTextAndControlCharacters() {
    String xml =
        XmlResponse.error(
            "https://sts.amazonaws.com/doc/2011-06-15/",
            true,
            "ValidationError",
            "a<b&\u0001",
            "r");

    assertThat(xml)
        .contains("<Code>ValidationError</Code>")
        .contains("<Message>a&lt;b&amp;\uFFFD</Message>")
        .contains("<Type>Sender</Type>");
  }
}
