package dev.crossrole.server.internal.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crossrole.server.internal.request.AwsException;
import dev.crossrole.server.internal.sigv4.VerifiedRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "parse_nameTwiceInOnePart_malformed | UserName=alice&UserName=bob",
        "parse_nameTwiceSameValue_malformed | UserName=alice&UserName=alice",
        "parse_nameTwiceOneEncoded_malformed | UserName=alice&User%4Eame=bob",
      })
  void parse_nameGivenTwice_refused(String name, String form) {
    assertThatThrownBy(() -> QueryParameters.parse(form))
        .isInstanceOfSatisfying(
            AwsException.class,
            e -> {
              assertThat(e.error().code()).isEqualTo("MalformedQueryString");
              assertThat(e.error().status()).isEqualTo(400);
              assertThat(e.getMessage())
                  .isEqualTo("The parameter UserName is given more than once.");
            });
  }

  @Test
  void of_nameInBodyAndQuery_malformed() {
    assertThatThrownBy(
            () ->
                QueryParameters.of(
                    "Action=GetUser&UserName=alice", List.of(parameter("UserName", "bob"))))
        .isInstanceOfSatisfying(
            AwsException.class,
            e -> assertThat(e.error().code()).isEqualTo("MalformedQueryString"));
  }

  @Test
  void of_plusInQuery_isPlusAsSigned_plusInBody_isSpace() {
    QueryParameters p =
        QueryParameters.of("Body=a+b", List.of(parameter("Query", "a+b"), parameter("Sp", "a b")));

    assertThat(p.required("Body")).isEqualTo("a b");
    assertThat(p.required("Query")).isEqualTo("a+b");
    assertThat(p.required("Sp")).isEqualTo("a b");
  }

  @Test
  void of_queryNotUtf8_malformed() {
    assertThatThrownBy(
            () ->
                QueryParameters.of(
                    "",
                    List.of(
                        new VerifiedRequest.QueryParameter(
                            "Name".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC3}))))
        .isInstanceOfSatisfying(
            AwsException.class,
            e -> assertThat(e.error().code()).isEqualTo("MalformedQueryString"));
  }

  private static VerifiedRequest.QueryParameter parameter(String name, String value) {
    return new VerifiedRequest.QueryParameter(
        name.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
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
        .isInstanceOf(AwsException.class)
        .extracting(e -> ((AwsException) e).error().code())
        .isEqualTo("MalformedQueryString");
  }

  @Test
  void required_absent_missingParameter() {
    assertThatThrownBy(() -> QueryParameters.parse("Action=AssumeRole").required("RoleArn"))
        .isInstanceOf(AwsException.class)
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
