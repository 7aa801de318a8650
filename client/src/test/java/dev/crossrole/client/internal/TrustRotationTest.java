package dev.crossrole.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossrole.client.ClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The trust policy rewrites of an ExternalId rotation, at a fixed instant. */
class TrustRotationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00.250Z");
  private static final String BUILDER = "arn:aws:iam::222222222222:user/builder";

  private static String trust(String condition) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
        + BUILDER
        + "\"},\"Action\":\"sts:AssumeRole\",\"Condition\":"
        + condition
        + "}}";
  }

  static Stream<Arguments> rotations() {
    return Stream.of(
        Arguments.of(
            "stringEquals_graceCopyUntilTheRoundedEnd",
            trust("{\"StringEquals\":{\"sts:ExternalId\":\"old\"}}"),
            Duration.ofHours(1),
            "[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                + BUILDER
                + "\"},"
                + "\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":"
                + "{\"sts:ExternalId\":\"new\"}}},"
                + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                + BUILDER
                + "\"},"
                + "\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":"
                + "{\"sts:ExternalId\":\"old\"},\"DateLessThan\":"
                + "{\"aws:CurrentTime\":\"2026-03-01T11:00:01Z\"}},"
                + "\"Sid\":\"ExternalIdGraceUntil20260301T110001Z\"}]",
            Optional.of(Instant.parse("2026-03-01T11:00:01Z"))),
        Arguments.of(
            "noGrace_onlyTheNewId",
            trust("{\"StringLike\":{\"STS:externalid\":[\"a\",\"b\"]}}"),
            Duration.ZERO,
            "[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                + BUILDER
                + "\"},"
                + "\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringLike\":"
                + "{\"STS:externalid\":\"new\"}}}]",
            Optional.empty()),
        Arguments.of(
            "earlierCurrentTimeCondition_keptInTheGraceCopy",
            trust(
                "{\"StringEquals\":{\"sts:ExternalId\":\"old\"},\"DateLessThan\":"
                    + "{\"aws:CurrentTime\":\"2026-03-01T10:30:00Z\"}}"),
            Duration.ofHours(1),
            null,
            Optional.of(Instant.parse("2026-03-01T11:00:01Z"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rotations")
  void rotate_cases(
      String name,
      String policy,
      Duration grace,
      String expectedStatements,
      Optional<Instant> graceUntil)
      throws Exception {
    TrustRotation.Result result = TrustRotation.rotate(policy, "new", grace, NOW);

    JsonNode statements = JSON.readTree(result.document()).get("Statement");
    if (expectedStatements != null) {
      assertThat(statements).isEqualTo(JSON.readTree(expectedStatements));
    } else {
      assertThat(statements.at("/1/Condition/DateLessThan/aws:CurrentTime").asText())
          .isEqualTo("2026-03-01T10:30:00Z");
    }
    assertThat(result.graceUntil()).isEqualTo(graceUntil);
  }

  @Test
  void rotate_secondRotationAfterTheGrace_endedGraceRemovedLiveOneKept() throws Exception {
    String first =
        TrustRotation.rotate(
                trust("{\"StringEquals\":{\"sts:ExternalId\":\"a\"}}"),
                "b",
                Duration.ofMinutes(10),
                NOW)
            .document();

    TrustRotation.Result second =
        TrustRotation.rotate(first, "c", Duration.ofHours(1), NOW.plus(Duration.ofMinutes(20)));
    TrustRotation.Result third =
        TrustRotation.rotate(
            second.document(), "d", Duration.ofHours(1), NOW.plus(Duration.ofMinutes(30)));

    assertThat(second.expiredRemoved()).isEqualTo(1);
    assertThat(second.oldIds()).containsExactly("b");
    assertThat(third.expiredRemoved()).isZero();
    JsonNode statements = JSON.readTree(third.document()).get("Statement");
    assertThat(statements).hasSize(3);
    assertThat(statements.findValuesAsText("sts:ExternalId")).containsExactly("d", "b", "c");
  }

  @Test
  void rotate_noExternalIdCondition_refused() {
    assertThatThrownBy(
            () ->
                TrustRotation.rotate(
                    trust("{\"Bool\":{\"aws:SecureTransport\":\"true\"}}"),
                    "new",
                    Duration.ZERO,
                    NOW))
        .isInstanceOf(ClientException.class)
        .hasMessageContaining("no statement with an sts:ExternalId condition");
  }

  @Test
  void externalIds_generated_strongAndAccepted() {
    String id = ExternalIds.generate();

    assertThat(id).matches("[A-Za-z0-9]{32}").isNotEqualTo(ExternalIds.generate());
    assertThat(ExternalIds.checked(id)).isEqualTo(id);
    assertThatThrownBy(() -> ExternalIds.checked("x")).isInstanceOf(ClientException.class);
  }
}
