package dev.crossrole.policy.properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crossrole.policy.AuthorizationRequest;
import dev.crossrole.policy.Evaluation;
import dev.crossrole.policy.Grammar;
import dev.crossrole.policy.NamedPolicy;
import dev.crossrole.policy.PolicyDocument;
import dev.crossrole.policy.PolicyEvaluator;
import dev.crossrole.policy.PolicyKind;
import dev.crossrole.policy.PolicySet;
import dev.crossrole.policy.PolicyValidationException;
import dev.crossrole.policy.Principal;
import dev.crossrole.policy.RequestContext;
import dev.crossrole.policy.properties.PolicyGenerators.Lexer;
import dev.crossrole.policy.properties.PolicyGenerators.Pol;
import dev.crossrole.policy.properties.PolicyGenerators.PolicyDice;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import net.jqwik.api.statistics.StatisticsReport.StatisticsReportMode;

/**
 * Fuzzes {@link PolicyDocument#parse} under every grammar and every attachment kind: whatever the
 * input, it returns a document or throws {@link PolicyValidationException}, never another
 * exception; a document it returns prints ({@code toJson}) to JSON that parses back to the same
 * text. Also fuzzes the evaluator with odd requests against whatever the reader accepted. Seeds are
 * fixed so every run checks the same inputs.
 */
@StatisticsReport(StatisticsReportMode.OFF)
class ParserFuzzTest {
  private static final String SEED = "7301966";

  // ---------------------------------------------------------------------------------------------
  // The reader only ever refuses with its validation error.

  @Provide
  Arbitrary<String> randomStrings() {
    return FuzzGenerators.randomStrings();
  }

  @Provide
  Arbitrary<String> randomJson() {
    return FuzzGenerators.randomJson();
  }

  @Provide
  Arbitrary<String> policyShaped() {
    return FuzzGenerators.policyShaped();
  }

  /** A valid policy of any grammar, mutated. */
  @Provide
  Arbitrary<String> mutatedPolicies() {
    return Combinators.combine(
            PolicyGenerators.requests(),
            PolicyGenerators.policyDice(),
            Arbitraries.of(Grammar.values()),
            Arbitraries.randoms())
        .as(
            (request, dice, grammar, random) ->
                FuzzGenerators.mutate(
                    PolicyGenerators.policy(request, grammar, "p", dice).tokens(), random));
  }

  @Property(
      tries = 2000,
      seed = SEED,
      afterFailure = AfterFailureMode.PREVIOUS_SEED,
      shrinking = ShrinkingMode.BOUNDED)
  void parse_randomStrings_returnsDocumentOrValidationError(@ForAll("randomStrings") String json) {
    checkParse(json);
  }

  @Property(
      tries = 2000,
      seed = SEED,
      afterFailure = AfterFailureMode.PREVIOUS_SEED,
      shrinking = ShrinkingMode.BOUNDED)
  void parse_randomJsonValues_returnsDocumentOrValidationError(@ForAll("randomJson") String json) {
    checkParse(json);
  }

  @Property(
      tries = 2500,
      seed = SEED,
      afterFailure = AfterFailureMode.PREVIOUS_SEED,
      shrinking = ShrinkingMode.BOUNDED)
  void parse_policyShapedJson_returnsDocumentOrValidationError(
      @ForAll("policyShaped") String json) {
    acceptedAtLeast(checkParse(json), 5);
  }

  @Property(
      tries = 2500,
      seed = SEED,
      afterFailure = AfterFailureMode.PREVIOUS_SEED,
      shrinking = ShrinkingMode.BOUNDED)
  void parse_mutatedValidPolicies_returnsDocumentOrValidationError(
      @ForAll("mutatedPolicies") String json) {
    acceptedAtLeast(checkParse(json), 5);
  }

  @Example
  void parse_pathologicalInputs_returnsDocumentOrValidationError() {
    String valid =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\","
            + "\"Resource\":\"*\"}]}";
    List<String> inputs =
        List.of(
            "",
            " ",
            "null",
            "[]",
            "{}",
            "\"\"",
            "0",
            "{\"Statement\":[]}",
            "{\"Statement\":null}",
            "{\"Statement\":{}}",
            "[".repeat(100_000),
            "[".repeat(10_000) + "]".repeat(10_000),
            "{\"a\":".repeat(10_000),
            "{\"Statement\":" + "[".repeat(40) + "{}" + "]".repeat(40) + "}",
            "{\"Id\":" + "1".repeat(5_000) + ",\"Statement\":{}}",
            "{\"Id\":1e999999999999,\"Statement\":{}}",
            "{\"Id\":\"" + "x".repeat(1_000_000) + "\",\"Statement\":{}}",
            valid + valid,
            valid + " x",
            valid.replace("\"Allow\"", "\"Allow\",\"Effect\":\"Allow\""),
            valid.replace("\"*\"}", "\"*\",\"Condition\":{\"StringEquals\":{\"a:b\":[]}}}"),
            valid.replace("\"*\"}", "\"*\",\"Condition\":{\"DateEquals\":{\"a:b\":1e400}}}"),
            valid.replace("\"*\"}", "\"*\",\"Condition\":{\"NumericEquals\":{\"a:b\":1e400}}}"),
            valid.replace("\"*\"}", "\"*\",\"Condition\":{\"Bool\":{\"a:b\":null}}}"),
            valid.replace("\"Allow\"", "\"\\ud800\""),
            valid.replace("\"Allow\"", "\"Allow\u0000\""),
            valid.replace("Version", "Ve\\u0072sion"),
            "\ufeff" + valid,
            valid.substring(0, valid.length() - 1));
    for (String json : inputs) {
      checkParse(json);
    }
  }

  /**
   * Parses {@code json} under every grammar and kind; each either succeeds or throws the validation
   * error; a document parsed under a kind is the one its grammar gives; every document prints to
   * JSON that parses back to itself.
   */
  static boolean checkParse(String json) {
    Map<Grammar, String> printed = new EnumMap<>(Grammar.class);
    for (Grammar g : Grammar.values()) {
      PolicyDocument doc =
          attempt(json, "parse(json, Grammar." + g + ")", () -> PolicyDocument.parse(json, g));
      if (doc != null) {
        printed.put(g, printsBack(doc, g, json));
      }
    }
    for (PolicyKind k : PolicyKind.values()) {
      PolicyDocument doc =
          attempt(json, "parse(json, PolicyKind." + k + ")", () -> PolicyDocument.parse(json, k));
      if (doc != null) {
        assertThat(printsBack(doc, k.grammar(), json))
            .as("parsed under %s and under its grammar: %s", k, show(json))
            .isEqualTo(printed.get(k.grammar()));
      }
    }
    return !printed.isEmpty();
  }

  /** Records whether the reader accepted the input, and checks how often it does. */
  private static void acceptedAtLeast(boolean accepted, double percent) {
    Statistics.label("accepted").collect(accepted);
    Statistics.label("accepted").coverage(c -> c.check(true).percentage(p -> p >= percent));
  }

  private static PolicyDocument attempt(String json, String call, Supplier<PolicyDocument> parse) {
    try {
      return parse.get();
    } catch (PolicyValidationException e) {
      assertThat(e.problem()).isNotNull();
      assertThat(e.getMessage()).isNotBlank();
      return null;
    } catch (RuntimeException | StackOverflowError e) {
      throw new AssertionError(
          call + " threw " + e + " instead of PolicyValidationException for " + show(json), e);
    }
  }

  /** Checks that the document's JSON parses back under {@code g} to the same JSON; returns it. */
  private static String printsBack(PolicyDocument doc, Grammar g, String json) {
    String printed;
    PolicyDocument back;
    try {
      printed = doc.toJson();
    } catch (RuntimeException e) {
      throw new AssertionError(
          "toJson() threw " + e + " for a document read from " + show(json), e);
    }
    try {
      back = PolicyDocument.parse(printed, g);
    } catch (RuntimeException e) {
      throw new AssertionError(
          "toJson() " + show(printed) + " does not parse back under " + g + ": " + e, e);
    }
    assertThat(back.toJson()).as("toJson of toJson of %s", show(json)).isEqualTo(printed);
    return printed;
  }

  /** The input, printable and at most a few hundred characters long. */
  static String show(String json) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < json.length() && b.length() < 400; i++) {
      char c = json.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    b.append('"');
    return json.length() > 400 ? b + "… (" + json.length() + " chars)" : b.toString();
  }

  // ---------------------------------------------------------------------------------------------
  // Printing keeps a document acceptable where it was accepted.

  @Provide
  Arbitrary<Pol> validPolicies() {
    return Combinators.combine(
            PolicyGenerators.requests(),
            PolicyGenerators.policyDice(),
            Arbitraries.of(Grammar.values()))
        .as((request, dice, grammar) -> PolicyGenerators.policy(request, grammar, "p", dice));
  }

  @Property(tries = 300, seed = SEED, afterFailure = AfterFailureMode.PREVIOUS_SEED)
  void toJson_ofDocumentAcceptedUnderKind_isAcceptedUnderSameKind(
      @ForAll("validPolicies") Pol p, @ForAll Random random) {
    // ASCII text: characters beyond Latin-1 appear only as \\u escapes, which IAM accepts.
    String json = Lexer.escaped(p.tokens(), random, true);
    for (PolicyKind k : PolicyKind.values()) {
      if (k.grammar() != p.grammar() || PolicyDocument.sizeWithoutWhitespace(json) > k.maxSize()) {
        continue;
      }
      PolicyDocument doc = PolicyDocument.parse(json, k);
      String printed = doc.toJson();

      assertThatCode(() -> PolicyDocument.parse(printed, k))
          .as("accepted as %s: %s%nprinted: %s", k, json, show(printed))
          .doesNotThrowAnyException();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The evaluator never throws.

  /** Policies the reader accepted (valid, policy-shaped or mutated) and odd requests. */
  record EvaluatorCase(AuthorizationRequest request, PolicySet policies, List<String> sources) {
    @Override
    public String toString() {
      return request.principal()
          + " "
          + request.action()
          + " "
          + show(request.resource())
          + " "
          + request.context().asMap()
          + "\n  policies: "
          + sources.stream().map(ParserFuzzTest::show).toList();
    }
  }

  @Provide
  Arbitrary<List<EvaluatorCase>> evaluatorCases() {
    return Combinators.combine(
            PolicyGenerators.requests(),
            PolicyGenerators.policyDice().list().ofMinSize(1).ofMaxSize(4),
            Arbitraries.randoms())
        .as(ParserFuzzTest::evaluatorCases);
  }

  static List<EvaluatorCase> evaluatorCases(
      AuthorizationRequest request, List<PolicyDice> dice, Random r) {
    PolicySet.Builder set = PolicySet.builder();
    List<String> sources = new ArrayList<>();
    boolean boundary = false;
    boolean resource = false;
    for (PolicyDice d : dice) {
      Grammar g = FuzzGenerators.pick(r, List.of(Grammar.values()));
      Pol pol = PolicyGenerators.policy(request, g, "p" + sources.size(), d);
      String json =
          switch (r.nextInt(4)) {
            case 0 -> FuzzGenerators.policyShaped(r);
            case 1 -> FuzzGenerators.mutate(pol.tokens(), r);
            default -> pol.json();
          };
      PolicyDocument doc;
      try {
        doc = PolicyDocument.parse(json, g);
      } catch (PolicyValidationException e) {
        continue;
      }
      NamedPolicy named = new NamedPolicy("p" + sources.size(), doc);
      sources.add(g + " " + json);
      if (g != Grammar.IDENTITY) {
        if (!resource) {
          set.resourcePolicy(named);
          resource = true;
        }
      } else if (!boundary && r.nextInt(4) == 0) {
        set.permissionsBoundary(named);
        boundary = true;
      } else if (r.nextInt(4) == 0) {
        set.sessionPolicy(named);
      } else {
        set.identityPolicy(named);
      }
    }
    PolicySet policies = set.build();
    List<String> keys = new ArrayList<>();
    for (NamedPolicy p : allOf(policies)) {
      p.document().statements().forEach(s -> s.conditions().forEach(c -> keys.add(c.key())));
    }
    List<EvaluatorCase> out = new ArrayList<>();
    out.add(new EvaluatorCase(request, policies, sources));
    for (int i = 0; i < 6; i++) {
      AuthorizationRequest odd = FuzzGenerators.request(r, keys);
      if (i % 2 == 0) {
        // The generated request's principal, action and resource, with odd condition values.
        odd =
            AuthorizationRequest.builder(request.principal(), request.action(), request.resource())
                .context(merge(request.context(), odd.context()))
                .build();
      }
      out.add(new EvaluatorCase(odd, policies, sources));
    }
    return out;
  }

  private static List<NamedPolicy> allOf(PolicySet set) {
    List<NamedPolicy> all = new ArrayList<>(set.identityPolicies());
    set.permissionsBoundary().ifPresent(all::add);
    all.addAll(set.sessionPolicies());
    set.resourcePolicy().ifPresent(all::add);
    return all;
  }

  private static RequestContext merge(RequestContext a, RequestContext b) {
    RequestContext.Builder out = RequestContext.builder();
    a.asMap().forEach(out::put);
    b.asMap().forEach(out::put);
    return out.build();
  }

  @Property(
      tries = 600,
      seed = SEED,
      afterFailure = AfterFailureMode.PREVIOUS_SEED,
      shrinking = ShrinkingMode.OFF)
  void evaluate_oddRequestsAgainstAcceptedPolicies_neverThrows(
      @ForAll("evaluatorCases") List<EvaluatorCase> cases) {
    Statistics.label("with policies").collect(!cases.get(0).sources().isEmpty());
    Statistics.label("with policies").coverage(c -> c.check(true).percentage(p -> p >= 60));
    for (EvaluatorCase c : cases) {
      try {
        Evaluation e = PolicyEvaluator.evaluate(c.request(), c.policies());
        String action = c.request().action();
        assertThat(e.reason(action)).isNotNull();
        assertThat(
                e.accessDeniedMessage(
                    c.request().principal().arn(), action, c.request().resource()))
            .startsWith("User: ");
      } catch (RuntimeException | StackOverflowError e) {
        throw new AssertionError("evaluate threw " + e + " for " + c, e);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Minimal reproductions of what the fuzzing found.

  private static final String DATE_POLICY =
      "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\","
          + "\"Resource\":\"*\",\"Condition\":{\"DateGreaterThan\":{\"aws:CurrentTime\":\"%s\"}}}}";

  @Example
  void parse_dateValueBeyondEpochMillisRange_throwsValidationError() {
    for (String date :
        List.of("+300000000-01-01", "+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00")) {
      String json = String.format(DATE_POLICY, date);

      assertThatThrownBy(() -> PolicyDocument.parse(json, Grammar.IDENTITY))
          .as(json)
          .isInstanceOf(PolicyValidationException.class);
    }
  }

  @Example
  void evaluate_requestDateBeyondEpochMillisRange_decidesWithoutError() {
    PolicyDocument doc =
        PolicyDocument.parse(String.format(DATE_POLICY, "2025-01-01T00:00:00Z"), Grammar.IDENTITY);
    AuthorizationRequest request =
        AuthorizationRequest.builder(
                Principal.parse("arn:aws:iam::111111111111:user/builder"),
                "s3:GetObject",
                "arn:aws:s3:::bucket/key")
            .context(RequestContext.builder().put("aws:CurrentTime", "+300000000-01-01").build())
            .build();
    PolicySet policies = PolicySet.builder().identityPolicy(new NamedPolicy("p", doc)).build();

    assertThatCode(() -> PolicyEvaluator.evaluate(request, policies)).doesNotThrowAnyException();
  }

  @Example
  void toJson_ofEscapedCharacterBeyondLatin1_isAcceptedUnderSameKind() {
    String json =
        "{\"Id\":\"\\u0100\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}";
    PolicyDocument doc = PolicyDocument.parse(json, PolicyKind.MANAGED);

    assertThatCode(() -> PolicyDocument.parse(doc.toJson(), PolicyKind.MANAGED))
        .doesNotThrowAnyException();
  }
}
