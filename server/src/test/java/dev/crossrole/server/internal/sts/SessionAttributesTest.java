package dev.crossrole.server.internal.sts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.crossrole.policy.Principal;
import dev.crossrole.server.internal.query.QueryParameters;
import dev.crossrole.server.internal.request.AwsException;
import dev.crossrole.server.internal.request.Caller;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * AssumeRole's Tags, TransitiveTagKeys and SourceIdentity: STS's constraints and chaining rules.
 */
class SessionAttributesTest {

  private static QueryParameters params(String... pairs) {
    StringBuilder b = new StringBuilder("Action=AssumeRole");
    for (int i = 0; i < pairs.length; i += 2) {
      b.append('&')
          .append(pairs[i])
          .append('=')
          .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    return QueryParameters.parse(b.toString());
  }

  private static String[] tags(int n) {
    return IntStream.rangeClosed(1, n)
        .boxed()
        .flatMap(
            i ->
                Stream.of("Tags.member." + i + ".Key", "k" + i, "Tags.member." + i + ".Value", "v"))
        .toArray(String[]::new);
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of("fifty-one tags", tags(51), "ValidationError", "at 'tags' failed to satisfy"),
        Arguments.of(
            "empty key",
            new String[] {"Tags.member.1.Key", "", "Tags.member.1.Value", "v"},
            "ValidationError",
            "at 'tags.1.member.key' failed to satisfy constraint: Member must have length greater"),
        Arguments.of(
            "key of 129 characters",
            new String[] {"Tags.member.1.Key", "k".repeat(129), "Tags.member.1.Value", "v"},
            "ValidationError",
            "Member must have length less than or equal to 128"),
        Arguments.of(
            "key with a forbidden character",
            new String[] {"Tags.member.1.Key", "a*b", "Tags.member.1.Value", "v"},
            "ValidationError",
            "at 'tags.1.member.key' failed to satisfy constraint: Member must satisfy regular"),
        Arguments.of(
            "value of 257 characters",
            new String[] {"Tags.member.1.Key", "k", "Tags.member.1.Value", "v".repeat(257)},
            "ValidationError",
            "Member must have length less than or equal to 256"),
        Arguments.of(
            "value with a forbidden character",
            new String[] {"Tags.member.1.Key", "k", "Tags.member.1.Value", "a#b"},
            "ValidationError",
            "at 'tags.1.member.value'"),
        Arguments.of(
            "value missing",
            new String[] {"Tags.member.1.Key", "k"},
            "ValidationError",
            "Value null at 'tags.1.member.value' failed to satisfy constraint: Member must not be"),
        Arguments.of(
            "keys differing only in case",
            new String[] {
              "Tags.member.1.Key", "Team", "Tags.member.1.Value", "a",
              "Tags.member.2.Key", "team", "Tags.member.2.Value", "b"
            },
            "InvalidParameterValue",
            "Duplicate tag keys found. Please note that Tag keys are case insensitive."),
        Arguments.of(
            "transitive key not among the tags",
            new String[] {
              "Tags.member.1.Key",
              "team",
              "Tags.member.1.Value",
              "a",
              "TransitiveTagKeys.member.1",
              "project"
            },
            "InvalidParameterValue",
            "The specified transitive tag key must be included in the requested tags."),
        Arguments.of(
            "transitive keys without tags",
            new String[] {"TransitiveTagKeys.member.1", "project"},
            "InvalidParameterValue",
            "must be included in the requested tags"),
        Arguments.of(
            "source identity of one character",
            new String[] {"SourceIdentity", "a"},
            "ValidationError",
            "at 'sourceIdentity' failed to satisfy constraint: Member must have length greater"),
        Arguments.of(
            "source identity of 65 characters",
            new String[] {"SourceIdentity", "a".repeat(65)},
            "ValidationError",
            "Member must have length less than or equal to 64"),
        Arguments.of(
            "source identity with the reserved prefix aws:",
            new String[] {"SourceIdentity", "aws:alice"},
            "ValidationError",
            "at 'sourceIdentity' failed to satisfy constraint: Member must satisfy regular"),
        Arguments.of(
            "source identity with a space",
            new String[] {"SourceIdentity", "alice smith"},
            "ValidationError",
            "Member must satisfy regular expression pattern: [\\w+=,.@-]*"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void parse_invalidInput_stsError(String name, String[] pairs, String code, String message) {
    AwsException e =
        catchThrowableOfType(AwsException.class, () -> SessionAttributes.parse(params(pairs)));

    assertThat(e).as(name).isNotNull();
    assertThat(e.error().code()).isEqualTo(code);
    assertThat(e.error().status()).isEqualTo(400);
    assertThat(e.getMessage()).contains(message);
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        Arguments.of("nothing", new String[] {}, Map.of(), Set.of(), Optional.empty()),
        Arguments.of("fifty tags", tags(50), parsedTags(50), Set.of(), Optional.empty()),
        Arguments.of(
            "unicode, spaces and an empty value",
            new String[] {
              "Tags.member.1.Key", "équipe Ü", "Tags.member.1.Value", "",
              "Tags.member.2.Key", "a_b.c:d/e=f+g-h@i", "Tags.member.2.Value", "チーム 1"
            },
            orderedTags("équipe Ü", "", "a_b.c:d/e=f+g-h@i", "チーム 1"),
            Set.of(),
            Optional.empty()),
        Arguments.of(
            "transitive key spelled in another case, kept as the tag spells it",
            new String[] {
              "Tags.member.1.Key",
              "Project",
              "Tags.member.1.Value",
              "seed",
              "TransitiveTagKeys.member.1",
              "PROJECT"
            },
            Map.of("Project", "seed"),
            Set.of("Project"),
            Optional.empty()),
        Arguments.of(
            "source identity of every allowed character",
            new String[] {"SourceIdentity", "a_Z9+=,.@-"},
            Map.of(),
            Set.of(),
            Optional.of("a_Z9+=,.@-")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void parse_validInput_attributes(
      String name,
      String[] pairs,
      Map<String, String> tags,
      Set<String> transitive,
      Optional<String> sourceIdentity) {
    SessionAttributes a = SessionAttributes.parse(params(pairs));

    assertThat(a.tags()).as(name).isEqualTo(tags);
    assertThat(a.transitiveTagKeys()).isEqualTo(transitive);
    assertThat(a.sourceIdentity()).isEqualTo(sourceIdentity);
  }

  private static Map<String, String> parsedTags(int n) {
    return IntStream.rangeClosed(1, n)
        .boxed()
        .collect(Collectors.toMap(i -> "k" + i, i -> "v", (a, b) -> a, LinkedHashMap::new));
  }

  private static Map<String, String> orderedTags(String... kv) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      out.put(kv[i], kv[i + 1]);
    }
    return out;
  }

  // ---- role chaining ----------------------------------------------------------------------------

  /** A role session whose tags are {@code tags}, {@code transitive} of them transitive. */
  private static Caller session(
      Map<String, String> tags, Set<String> transitive, Optional<String> sourceIdentity) {
    Principal.Builder p =
        Principal.builder("arn:aws:sts::111111111111:assumed-role/First/s1")
            .userId("AROAEXAMPLEEXAMPLE12:s1");
    tags.forEach(p::tag);
    return new Caller(
        p.build(),
        "111111111111",
        "ASIAAAAAAAAAAAAAAAAA",
        Optional.empty(),
        Optional.of(Instant.parse("2026-11-28T12:00:00Z")),
        sourceIdentity,
        transitive);
  }

  private static final Caller FIRST =
      session(
          orderedTags("project", "seed", "team", "platform", "role-tag", "from-role"),
          Set.of("project"),
          Optional.of("alice"));

  @Test
  void chainedFrom_roleSession_inheritsTransitiveTagsOnlyAndTheSourceIdentity() {
    SessionAttributes own =
        SessionAttributes.parse(
            params(
                "Tags.member.1.Key",
                "stage",
                "Tags.member.1.Value",
                "2",
                "TransitiveTagKeys.member.1",
                "stage"));

    SessionAttributes chained = own.chainedFrom(FIRST);

    assertThat(chained.tags()).isEqualTo(orderedTags("project", "seed", "stage", "2"));
    assertThat(chained.transitiveTagKeys()).containsExactly("project", "stage");
    assertThat(chained.sourceIdentity()).contains("alice");
  }

  @Test
  void chainedFrom_sameSourceIdentityAgain_accepted() {
    SessionAttributes chained =
        SessionAttributes.parse(params("SourceIdentity", "alice")).chainedFrom(FIRST);

    assertThat(chained.sourceIdentity()).contains("alice");
  }

  static Stream<Arguments> chainRefusals() {
    return Stream.of(
        Arguments.of(
            "transitive tag overridden",
            new String[] {"Tags.member.1.Key", "project", "Tags.member.1.Value", "other"},
            "conflict with transitive tags"),
        Arguments.of(
            "transitive tag overridden in another case",
            new String[] {"Tags.member.1.Key", "PROJECT", "Tags.member.1.Value", "seed"},
            "conflict with transitive tags"),
        Arguments.of(
            "source identity changed",
            new String[] {"SourceIdentity", "mallory"},
            "The source identity of a role session cannot be changed"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chainRefusals")
  void chainedFrom_changeOfInheritedAttribute_invalidParameterValue(
      String name, String[] pairs, String message) {
    SessionAttributes own = SessionAttributes.parse(params(pairs));

    AwsException e = catchThrowableOfType(AwsException.class, () -> own.chainedFrom(FIRST));

    assertThat(e).as(name).isNotNull();
    assertThat(e.error().code()).isEqualTo("InvalidParameterValue");
    assertThat(e.getMessage()).contains(message);
  }

  @Test
  void chainedFrom_nonTransitiveTagOfTheCaller_mayBeSetAnew() {
    SessionAttributes chained =
        SessionAttributes.parse(params("Tags.member.1.Key", "team", "Tags.member.1.Value", "ops"))
            .chainedFrom(FIRST);

    assertThat(chained.tags()).isEqualTo(orderedTags("project", "seed", "team", "ops"));
  }

  @Test
  void principalTags_roleTagsAndSessionTags_sessionWinsWithoutRegardToCase() {
    SessionAttributes a =
        SessionAttributes.parse(params("Tags.member.1.Key", "Team", "Tags.member.1.Value", "web"));

    assertThat(a.principalTags(orderedTags("team", "role-team", "env", "prod")))
        .isEqualTo(orderedTags("env", "prod", "Team", "web"));
  }

  static Stream<Arguments> packedSizes() {
    String policy = "{\"Version\":\"2012-10-17\"," + " ".repeat(4000) + "\"Statement\":[]}";
    return Stream.of(
        Arguments.of("nothing packed", new String[] {}, Optional.empty(), Optional.empty()),
        Arguments.of(
            "one small tag rounds up to 1%",
            new String[] {"Tags.member.1.Key", "k", "Tags.member.1.Value", "v"},
            Optional.empty(),
            Optional.of(1)),
        Arguments.of(
            "white space of a policy costs nothing",
            new String[] {},
            Optional.of(policy),
            Optional.of(1)),
        Arguments.of("fifty tags of 40 bytes", tags40(50), Optional.empty(), Optional.of(49)));
  }

  private static String[] tags40(int n) {
    return IntStream.rangeClosed(1, n)
        .boxed()
        .flatMap(
            i ->
                Stream.of(
                    "Tags.member." + i + ".Key",
                    String.format("key-%016d", i),
                    "Tags.member." + i + ".Value",
                    "v".repeat(20)))
        .toArray(String[]::new);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("packedSizes")
  void packedPercent_policyAndTags_percentOfAllowance(
      String name, String[] pairs, Optional<String> policy, Optional<Integer> expected) {
    assertThat(SessionAttributes.parse(params(pairs)).packedPercent(policy, List.of()))
        .as(name)
        .isEqualTo(expected);
  }

  @Test
  void packedPercent_fiftyLongestTags_packedPolicyTooLarge() {
    String[] pairs =
        IntStream.rangeClosed(1, 50)
            .boxed()
            .flatMap(
                i ->
                    Stream.of(
                        "Tags.member." + i + ".Key",
                        String.format("%03d", i) + "k".repeat(125),
                        "Tags.member." + i + ".Value",
                        "v".repeat(256)))
            .toArray(String[]::new);

    AwsException e =
        catchThrowableOfType(
            AwsException.class,
            () ->
                SessionAttributes.parse(params(pairs)).packedPercent(Optional.empty(), List.of()));

    assertThat(e.error().code()).isEqualTo("PackedPolicyTooLarge");
    assertThat(e.getMessage()).matches("Packed policy consumes \\d+% of allotted space.*");
  }
}
