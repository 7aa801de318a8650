package dev.crossrole.policy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tables of the wildcard, ARN, CIDR, date and variable matchers. */
class MatchersTest {

  @ParameterizedTest(name = "{0}: glob {1} vs {2} = {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "glob_star_matchesEverything | * | anything/at:all | true",
        "glob_starCrossesSlash | arn:aws:s3:::b/* | arn:aws:s3:::b/x/y | true",
        "glob_question_oneCharacter | a?c | abc | true",
        "glob_question_notZero | a?c | ac | false",
        "glob_caseSensitive | Abc | abc | false",
        "glob_backtracking | *a*b*c | xxaxxbxxbxxc | true",
        "glob_backtrackingFails | *a*b*c | xxaxxcxxbxx | false",
        "glob_trailingStars | ab** | ab | true",
        "glob_empty_matchesEmpty | '' | '' | true",
      })
  void glob(String name, String pattern, String text, boolean expected) {
    assertThat(Glob.of(pattern, false).matches(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "arn_exact | arn:aws:iam::111111111111:role/R | arn:aws:iam::111111111111:role/R | true",
        "arn_starInAccount | arn:aws:iam::*:role/R | arn:aws:iam::111111111111:role/R | true",
        "arn_starNeverCrossesColon | arn:aws:iam::*:R | arn:aws:iam::111111111111:role/R | false",
        "arn_resourceFieldKeepsColons | arn:aws:logs:us-east-1:1:log-group:* |"
            + " arn:aws:logs:us-east-1:1:log-group:g:log-stream:s | true",
        "arn_trailingStarRunsOn | arn:aws:s3* | arn:aws:s3:::bucket/key | true",
        "arn_fewerFieldsNoStar | arn:aws:s3 | arn:aws:s3:::bucket | false",
        "arn_starAloneMatchesNonArn | * | * | true",
        "arn_questionInRegion | arn:aws:ecr:us-east-?:1:repository/x |"
            + " arn:aws:ecr:us-east-1:1:repository/x | true",
        "arn_caseSensitive | arn:aws:iam::1:role/r | arn:aws:iam::1:role/R | false",
      })
  void arn(String name, String pattern, String arn, boolean expected) {
    assertThat(
            ArnPattern.compile(Template.parse(pattern, false, true).constantCodes()).matches(arn))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ip_v4InBlock | 203.0.113.0/24 | 203.0.113.7 | true",
        "ip_v4OutOfBlock | 203.0.113.0/24 | 203.0.114.7 | false",
        "ip_v4Bare | 10.0.0.1 | 10.0.0.1 | true",
        "ip_v4Slash0 | 0.0.0.0/0 | 8.8.8.8 | true",
        "ip_v6InBlock | 2001:db8::/32 | 2001:db8:1:2::5 | true",
        "ip_v6OutOfBlock | 2001:db8::/32 | 2001:db9::1 | false",
        "ip_v4MappedV6 | 192.0.2.0/24 | ::ffff:192.0.2.9 | true",
        "ip_v6NeverMatchesV4Block | 192.0.2.0/24 | 2001:db8::1 | false",
        "ip_oddPrefix | 10.0.0.0/9 | 10.127.255.255 | true",
        "ip_oddPrefixOutside | 10.0.0.0/9 | 10.128.0.0 | false",
        "ip_hostNameNeverResolved | 10.0.0.0/8 | localhost | false",
        "ip_leadingZerosPrefix | 10.0.0.0/008 | 10.200.0.1 | true",
      })
  void ipRange(String name, String block, String address, boolean expected) {
    assertThat(IpRange.parse(block).orElseThrow().contains(address)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "date_isoZulu | 2020-01-01T00:00:00Z | 1577836800000",
        "date_isoMillis | 2020-01-01T00:00:00.000Z | 1577836800000",
        "date_isoOffset | 2020-01-01T01:00:00+01:00 | 1577836800000",
        "date_dayOnly | 2020-01-01 | 1577836800000",
        "date_epochSeconds | 1577836800 | 1577836800000",
      })
  void dates(String name, String text, long millis) {
    assertThat(Instants.parse(text)).contains(millis);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "date_yearBeyondEpochMillis | +300000000-01-01T00:00:00Z",
        "date_epochSecondsTooLong | 9999999999999999",
        "date_notADate | yesterday",
        "date_empty | ''",
        "date_dayBeyondMonth | 2025-02-30T00:00:00Z",
        "date_hourBeyondDay | 2025-02-01T24:00:00Z",
      })
  void dates_unreadable_empty(String name, String text) {
    assertThat(Instants.parse(text)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "var_username | home/${aws:username}/* | home/alice/*",
        "var_keyCaseInsensitive | ${AWS:UserName} | alice",
        "var_defaultUsed | ${aws:PrincipalTag/team, 'none'} | none",
        "var_escapes | a${*}b${?}c${$} | a*b?c$",
        "var_unterminatedIsLiteral | ${aws:username | ${aws:username",
      })
  void variables(String name, String template, String expected) {
    Map<String, String> values = Map.of("aws:username", "alice");
    Optional<int[]> codes =
        Template.parse(template, true, true).resolve(k -> Optional.ofNullable(values.get(k)));
    assertThat(codes.map(Template::text)).contains(expected);
  }
}
