package dev.crossrole.server.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crossrole.policy.Decision;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServerMetricsTest {
  static Stream<Arguments> operations() {
    return Stream.of(
        Arguments.of("sameOperation_sameMeters", 1, "GetUser", "GetUser", true),
        Arguments.of("otherOperation_otherMeters", 1, "GetUser", "ListUsers", false),
        Arguments.of(
            "pastTheCap_unknownMeters",
            ServerMetrics.MAX_OPERATIONS,
            ServerMetrics.UNKNOWN,
            "Operation" + ServerMetrics.MAX_OPERATIONS,
            true));
  }

  /**
   * After {@code registered} operations named {@code Operation0…}, plus {@code first}, {@code
   * second} is measured by the same meters as {@code first} or not.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("operations")
  void operation_afterOthers_metersAsExpected(
      String name, int registered, String first, String second, boolean same) {
    ServerMetrics metrics = ServerMetrics.create();
    for (int i = 0; i < registered - 1; i++) {
      metrics.operation("iam", "Operation" + i);
    }
    OperationMeters firstMeters = metrics.operation("iam", first);

    OperationMeters secondMeters = metrics.operation("iam", second);

    assertThat(secondMeters == firstMeters).isEqualTo(same);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decisions")
  void decided_eachOutcome_countedUnderItsName(String name, Decision decision, String line) {
    ServerMetrics metrics = ServerMetrics.create();

    metrics.decided(decision);
    metrics.decided(decision);

    assertThat(metrics.scrape()).contains(line);
  }

  static Stream<Arguments> decisions() {
    return Stream.of(
        Arguments.of(
            "allowed",
            Decision.ALLOWED,
            "crossrole_authorization_decisions_total{decision=\"allowed\"} 2.0"),
        Arguments.of(
            "explicitDeny",
            Decision.EXPLICIT_DENY,
            "crossrole_authorization_decisions_total{decision=\"explicitDeny\"} 2.0"),
        Arguments.of(
            "implicitDeny",
            Decision.IMPLICIT_DENY,
            "crossrole_authorization_decisions_total{decision=\"implicitDeny\"} 2.0"));
  }
}
