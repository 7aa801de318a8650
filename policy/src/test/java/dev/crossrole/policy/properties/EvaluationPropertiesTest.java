package dev.crossrole.policy.properties;

import static dev.crossrole.policy.properties.PolicyGenerators.allPolicies;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crossrole.policy.AuthorizationRequest;
import dev.crossrole.policy.Decision;
import dev.crossrole.policy.Effect;
import dev.crossrole.policy.Evaluation;
import dev.crossrole.policy.Grammar;
import dev.crossrole.policy.NamedPolicy;
import dev.crossrole.policy.PolicyDocument;
import dev.crossrole.policy.PolicyEvaluator;
import dev.crossrole.policy.PolicySet;
import dev.crossrole.policy.Principal;
import dev.crossrole.policy.StatementRef;
import dev.crossrole.policy.properties.PolicyGenerators.Cond;
import dev.crossrole.policy.properties.PolicyGenerators.Lexer;
import dev.crossrole.policy.properties.PolicyGenerators.Pol;
import dev.crossrole.policy.properties.PolicyGenerators.Principals;
import dev.crossrole.policy.properties.PolicyGenerators.Scenario;
import dev.crossrole.policy.properties.PolicyGenerators.Stmt;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import net.jqwik.api.statistics.StatisticsReport.StatisticsReportMode;

/**
 * Properties of {@link PolicyEvaluator} over generated scenarios (requests by users, roles, role
 * sessions and roots of three accounts; identity, boundary, session and resource or trust
 * policies): monotonicity of Allow, the supremacy of a matching Deny, independence from statement
 * and policy order, from white space and string escapes, from printing and re-parsing, from the
 * case of actions and condition keys, from the Version of policies without variables and from how
 * identity statements are grouped into policies, and the consistency of the explanation. Seeds are
 * fixed so every run checks the same cases.
 */
class EvaluationPropertiesTest {
  private static final String SEED = "20240517";

  // ---------------------------------------------------------------------------------------------
  // 1. Monotonicity.

  record AllowCase(Scenario scenario, Stmt identityStmt, Stmt resourceStmt, int where) {}

  @Provide
  Arbitrary<AllowCase> allowCases() {
    return Combinators.combine(
            PolicyGenerators.scenarios(),
            PolicyGenerators.dice(),
            PolicyGenerators.dice(),
            Arbitraries.integers().between(0, 1000))
        .as(
            (s, identityDice, resourceDice, where) -> {
              Stmt a =
                  PolicyGenerators.statement(
                      s.request(), Grammar.IDENTITY, identityDice, Optional.of(Effect.ALLOW));
              Stmt b =
                  PolicyGenerators.statement(
                      s.request(), s.resourceGrammar(), resourceDice, Optional.of(Effect.ALLOW));
              return new AllowCase(
                  s,
                  a.withSid(a.sid().map(x -> "Added")),
                  b.withSid(b.sid().map(x -> "Added")),
                  where);
            });
  }

  @Property(tries = 800, seed = SEED, afterFailure = AfterFailureMode.PREVIOUS_SEED)
  @StatisticsReport(StatisticsReportMode.OFF)
  void evaluate_allowStatementAdded_neverLosesAllowOrExplicitDeny(
      @ForAll("allowCases") AllowCase c) {
    Scenario before = c.scenario();
    List<Scenario> placements = before.placements(c.identityStmt(), c.resourceStmt(), false, true);
    Scenario after = placements.get(c.where() % placements.size());

    Decision was = before.evaluate().decision();
    Decision now = after.evaluate().decision();

    if (was == Decision.ALLOWED) {
      assertThat(now).as("allowed, then an Allow was added:\n%s", after).isEqualTo(was);
    }
    if (was == Decision.EXPLICIT_DENY) {
      assertThat(now).as("denied, then an Allow was added:\n%s", after).isEqualTo(was);
    }
    Statistics.label("transition").collect(was.text() + "->" + now.text());
    Statistics.label("transition")
        .coverage(
            checker -> {
              checker.check("implicitDeny->allowed").count(n -> n >= 20);
              checker.check("allowed->allowed").count(n -> n >= 50);
              checker.check("implicitDeny->implicitDeny").count(n -> n >= 50);
              checker.check("explicitDeny->explicitDeny").count(n -> n >= 20);
            });
  }

  // ---------------------------------------------------------------------------------------------
  // 2. A matching Deny always wins.

  record DenyCase(
      Scenario scenario, int action, int resource, int principal, int condition, int where) {}

  @Provide
  Arbitrary<DenyCase> denyCases() {
    Arbitrary<Integer> choice = Arbitraries.integers().between(0, 1000);
    return Combinators.combine(PolicyGenerators.scenarios(), choice, choice, choice, choice, choice)
        .as(DenyCase::new);
  }

  @Property(tries = 800, seed = SEED, afterFailure = AfterFailureMode.PREVIOUS_SEED)
  @StatisticsReport(StatisticsReportMode.OFF)
  void evaluate_matchingDenyAddedToAnyPolicy_isExplicitDeny(@ForAll("denyCases") DenyCase c) {
    Scenario s = c.scenario();
    AuthorizationRequest r = s.request();
    Stmt identityDeny = matchingDeny(r, Grammar.IDENTITY, c);
    Stmt resourceDeny = matchingDeny(r, s.resourceGrammar(), c);
    List<Scenario> placements = s.placements(identityDeny, resourceDeny, true, true);
    int where = c.where() % placements.size();
    Scenario denied = placements.get(where);

    Evaluation e = denied.evaluate();

    assertThat(e.decision())
        .as("a matching Deny was added:\n%s", denied)
        .isEqualTo(Decision.EXPLICIT_DENY);
    assertThat(e.statements())
        .as("the added Deny is listed:\n%s", denied)
        .anySatisfy(
            ref -> {
              assertThat(ref.sid()).contains("AddedDeny");
              assertThat(ref.effect()).isEqualTo(Effect.DENY);
            });
    Statistics.label("placement")
        .collect(
            where == placements.size() - 1 && s.resource().isEmpty() ? "new resource" : "other");
    Statistics.label("placement")
        .coverage(checker -> checker.check("new resource").count(n -> n >= 20));
  }

  /**
   * A Deny statement of grammar {@code g} that applies to {@code r}, shaped by the case's choices.
   */
  private static Stmt matchingDeny(AuthorizationRequest r, Grammar g, DenyCase c) {
    String action = r.action();
    String service = action.substring(0, action.indexOf(':'));
    List<String> actions;
    boolean notAction = false;
    if (g == Grammar.TRUST) {
      actions = List.of(c.action() % 2 == 0 ? action : "sts:*");
    } else {
      switch (c.action() % 5) {
        case 0 -> actions = List.of(action);
        case 1 -> actions = List.of(service + ":*");
        case 2 -> actions = List.of("*");
        case 3 -> actions = List.of(action.toUpperCase(Locale.ROOT));
        default -> {
          actions = List.of("iam:NeverCalled");
          notAction = true;
        }
      }
    }
    Optional<List<String>> resources;
    boolean notResource = false;
    int resourceChoice = c.resource() % (g == Grammar.RESOURCE ? 4 : 3);
    if (g == Grammar.TRUST || resourceChoice == 3) {
      resources = Optional.empty();
    } else if (resourceChoice == 0) {
      resources = Optional.of(List.of(r.resource()));
    } else if (resourceChoice == 1) {
      resources = Optional.of(List.of("*"));
    } else {
      resources = Optional.of(List.of("arn:aws:s3:::never-matches"));
      notResource = true;
    }
    Optional<Principals> principal = Optional.empty();
    if (g != Grammar.IDENTITY) {
      Principal p = r.principal();
      List<Principals> options = new ArrayList<>();
      options.add(Principals.aws(List.of("*")));
      options.add(Principals.aws(List.of(p.arn())));
      options.add(Principals.aws(List.of(p.account().orElseThrow())));
      options.add(Principals.aws(List.of(p.issuer().orElse(p.arn()))));
      p.userId()
          .filter(id -> id.indexOf(':') < 0)
          .ifPresent(id -> options.add(Principals.aws(List.of(id))));
      if (g == Grammar.RESOURCE) {
        options.add(Principals.star());
      }
      principal = Optional.of(options.get(c.principal() % options.size()));
    }
    List<Cond> holding = holdingConditions(r);
    int conditionChoice = c.condition() % (holding.size() + 2);
    List<Cond> conditions =
        conditionChoice < holding.size() ? List.of(holding.get(conditionChoice)) : List.of();
    return new Stmt(
        Optional.of("AddedDeny"),
        Effect.DENY,
        principal,
        false,
        actions,
        notAction,
        resources,
        notResource,
        conditions);
  }

  /** Conditions that hold for {@code r}: over its context keys and its principal's keys. */
  private static List<Cond> holdingConditions(AuthorizationRequest r) {
    List<Cond> out = new ArrayList<>();
    r.context()
        .asMap()
        .forEach(
            (key, values) -> {
              if (!values.isEmpty()) {
                out.add(new Cond("StringEquals", key, List.of(values.get(0))));
                out.add(new Cond("Null", key, List.of("false")));
              }
            });
    Principal p = r.principal();
    out.add(new Cond("StringEquals", "aws:PrincipalAccount", List.of(p.account().orElseThrow())));
    out.add(new Cond("StringLike", "aws:PrincipalArn", List.of("*")));
    out.add(
        new Cond(
            "ArnEquals",
            "aws:PrincipalArn",
            List.of(p.conditionKeys().get("aws:principalarn").get(0))));
    out.add(new Cond("StringEquals", "aws:PrincipalType", List.of(p.type().principalType())));
    out.add(new Cond("Null", "aws:RequestTag/absent", List.of("true")));
    out.add(new Cond("StringNotEqualsIfExists", "aws:RequestTag/absent", List.of("x")));
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // 3. Order does not matter.

  @Provide
  Arbitrary<Scenario> scenarios() {
    return PolicyGenerators.scenarios();
  }

  @Property(tries = 600, seed = SEED, afterFailure = AfterFailureMode.PREVIOUS_SEED)
  void evaluate_statementsAndIdentityPoliciesShuffled_sameDecision(
      @ForAll("scenarios") Scenario s, @ForAll Random random) {
    Scenario shuffled =
        s.mapPolicies(
            p -> {
              List<Stmt> list = new ArrayList<>(p.statements());
              Collections.shuffle(list, random);
              return p.withStatements(list);
            });
    List<Pol> identity = new ArrayList<>(shuffled.identity());
    Collections.shuffle(identity, random);
    shuffled = shuffled.withIdentity(identity);

    Evaluation original = s.evaluate();
    Evaluation reordered = shuffled.evaluate();

    assertThat(reordered.decision()).as("shuffled:\n%s", shuffled).isEqualTo(original.decision());
    assertThat(reordered.lacking()).isEqualTo(original.lacking());
    assertThat(deciders(reordered)).isEqualTo(deciders(original));
  }

  /** The deciding statements, without their positions: how many of each policy, sid and effect. */
  private static Map<List<Object>, Integer> deciders(Evaluation e) {
    Map<List<Object>, Integer> out = new HashMap<>();
    for (StatementRef ref : e.statements()) {
      out.merge(
          List.of(ref.policyType(), ref.policyName(), ref.sid(), ref.effect()), 1, Integer::sum);
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // 4. Lexical form does not matter.

  @Property(tries = 500, seed = SEED, afterFailure = AfterFailureMode.PREVIOUS_SEED)
  void evaluate_extraWhitespaceBetweenTokens_sameEvaluation(
      @ForAll("scenarios") Scenario s, @ForAll Random random) {
    assertSameUnderRendering(s, p -> Lexer.spaced(p.tokens(), random));
  }

  @Property(tries = 500, seed = SEED, afterFailure = AfterFailureMode.PREVIOUS_SEED)
  void evaluate_stringsWithJsonEscapes_sameEvaluation(
      @ForAll("scenarios") Scenario s, @ForAll Random random) {
    assertSameUnderRendering(s, p -> Lexer.escaped(p.tokens(), random, random.nextBoolean()));
  }

  private static void assertSameUnderRendering(Scenario s, Function<Pol, String> render) {
    Map<String, String> rendered = new HashMap<>();
    PolicySet set =
        s.policySet(
            p -> {
              String json = render.apply(p);
              rendered.put(p.name(), json);
              PolicyDocument doc = PolicyDocument.parse(json, p.grammar());
              assertThat(doc.toJson()).as("toJson of %s", json).isEqualTo(p.parse().toJson());
              return new NamedPolicy(p.name(), doc);
            });
    assertThat(PolicyEvaluator.evaluate(s.request(), set))
        .as("rendered as %s\n%s", rendered, s)
        .isEqualTo(s.evaluate());
  }

  // ---------------------------------------------------------------------------------------------
  // 5. Printing and parsing back.

  @Property(tries = 600, seed = SEED, afterFailure = AfterFailureMode.PREVIOUS_SEED)
  void evaluate_policiesPrintedAndParsedBack_sameEvaluation(@ForAll("scenarios") Scenario s) {
    PolicySet reparsed =
        s.policySet(
            p -> new NamedPolicy(p.name(), PolicyDocument.parse(p.parse().toJson(), p.grammar())));

    assertThat(PolicyEvaluator.evaluate(s.request(), reparsed)).as("%s", s).isEqualTo(s.evaluate());
  }

  @Property(tries = 600, seed = SEED, afterFailure = AfterFailureMode.PREVIOUS_SEED)
  void toJson_afterOneRoundTrip_isFixedPoint(@ForAll("scenarios") Scenario s) {
    for (Pol p : allPolicies(s)) {
      String once = p.parse().toJson();
      String twice = PolicyDocument.parse(once, p.grammar()).toJson();

      assertThat(twice).as("from %s", p.json()).isEqualTo(once);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // More invariants of the language: case, version, how statements are grouped.

  @Property(tries = 400, seed = SEED, afterFailure = AfterFailureMode.PREVIOUS_SEED)
  void evaluate_actionAndConditionKeyCaseChanged_sameEvaluation(
      @ForAll("scenarios") Scenario s, @ForAll Random random) {
    // Actions and condition keys are case-insensitive; trust policies keep IAM's spelling of
    // their actions, which the trust grammar checks.
    Scenario recased =
        s.mapPolicies(
            p ->
                p.withStatements(
                    p.statements().stream()
                        .map(
                            st ->
                                new Stmt(
                                    st.sid(),
                                    st.effect(),
                                    st.principal(),
                                    st.notPrincipal(),
                                    p.grammar() == Grammar.TRUST
                                        ? st.actions()
                                        : st.actions().stream()
                                            .map(a -> randomCase(a, random))
                                            .toList(),
                                    st.notAction(),
                                    st.resources(),
                                    st.notResource(),
                                    st.conditions().stream()
                                        .map(
                                            c ->
                                                new Cond(
                                                    c.operator(),
                                                    randomCase(c.key(), random),
                                                    c.values()))
                                        .toList()))
                        .toList()));

    assertThat(recased.evaluate()).as("recased:\n%s", recased).isEqualTo(s.evaluate());
  }

  private static String randomCase(String text, Random random) {
    StringBuilder b = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      b.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
    }
    return b.toString();
  }

  @Property(tries = 400, seed = SEED, afterFailure = AfterFailureMode.PREVIOUS_SEED)
  void evaluate_versionChangedInPolicyWithoutVariables_sameEvaluation(
      @ForAll("scenarios") Scenario s, @ForAll Random random) {
    List<Optional<String>> versions =
        List.of(Optional.of(PolicyGenerators.V2012), Optional.of("2008-10-17"), Optional.empty());
    Scenario changed =
        s.mapPolicies(
            p ->
                p.json().contains("${")
                    ? p
                    : new Pol(
                        p.name(),
                        p.grammar(),
                        versions.get(random.nextInt(versions.size())),
                        p.id(),
                        p.statements()));

    assertThat(changed.evaluate()).as("versions changed:\n%s", changed).isEqualTo(s.evaluate());
  }

  @Property(tries = 400, seed = SEED, afterFailure = AfterFailureMode.PREVIOUS_SEED)
  void evaluate_identityStatementsSplitOrMerged_sameDecision(@ForAll("scenarios") Scenario s) {
    Evaluation original = s.evaluate();
    List<Pol> split = new ArrayList<>();
    List<Stmt> merged = new ArrayList<>();
    for (Pol p : s.identity()) {
      for (Stmt st : p.statements()) {
        split.add(
            new Pol(p.name() + "-" + split.size(), p.grammar(), p.version(), p.id(), List.of(st)));
        merged.add(st.withSid(st.sid().map(x -> "M" + merged.size())));
      }
    }
    Scenario splitScenario = s.withIdentity(split);

    Evaluation fromSplit = splitScenario.evaluate();

    assertThat(fromSplit.decision()).as("split:\n%s", splitScenario).isEqualTo(original.decision());
    assertThat(fromSplit.lacking()).isEqualTo(original.lacking());
    boolean oneVersion = s.identity().stream().map(Pol::version).distinct().count() <= 1;
    if (oneVersion && !merged.isEmpty()) {
      Pol first = s.identity().get(0);
      Scenario mergedScenario =
          s.withIdentity(
              List.of(new Pol("merged", Grammar.IDENTITY, first.version(), first.id(), merged)));

      Evaluation fromMerged = mergedScenario.evaluate();

      assertThat(fromMerged.decision())
          .as("merged:\n%s", mergedScenario)
          .isEqualTo(original.decision());
      assertThat(fromMerged.lacking()).isEqualTo(original.lacking());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 6. The explanation names the deciding statements.

  @Property(tries = 800, seed = SEED, afterFailure = AfterFailureMode.PREVIOUS_SEED)
  @StatisticsReport(StatisticsReportMode.OFF)
  void evaluate_anyScenario_explanationListsOnlyDecidingStatements(
      @ForAll("scenarios") Scenario s) {
    Evaluation e = s.evaluate();

    switch (e.decision()) {
      case EXPLICIT_DENY -> {
        assertThat(e.statements()).as("%s", s).isNotEmpty();
        assertThat(e.statements())
            .allSatisfy(ref -> assertThat(ref.effect()).isEqualTo(Effect.DENY));
        assertThat(e.reason(s.request().action())).startsWith("with an explicit deny in ");
      }
      case ALLOWED -> {
        assertThat(e.statements())
            .allSatisfy(ref -> assertThat(ref.effect()).isEqualTo(Effect.ALLOW));
        assertThat(e.lacking()).isEmpty();
        // The root user needs no Allow of its own account's identity policies.
        if (s.request().principal().type() != Principal.Type.ROOT) {
          assertThat(e.statements()).as("%s", s).isNotEmpty();
        }
      }
      case IMPLICIT_DENY -> {
        assertThat(e.statements())
            .allSatisfy(ref -> assertThat(ref.effect()).isEqualTo(Effect.ALLOW));
        assertThat(e.lacking()).as("%s", s).isNotEmpty();
        assertThat(e.reason(s.request().action())).startsWith("because no ");
      }
    }
    for (StatementRef ref : e.statements()) {
      Pol policy =
          allPolicies(s).stream()
              .filter(p -> p.name().equals(ref.policyName()))
              .findFirst()
              .orElseThrow();
      Stmt stmt = policy.statements().get(ref.statementIndex());
      assertThat(ref.effect()).isEqualTo(stmt.effect());
      assertThat(ref.sid()).isEqualTo(stmt.sid());
    }
    Statistics.label("decision").collect(e.decision());
    Statistics.label("decision")
        .coverage(
            checker -> {
              checker.check(Decision.ALLOWED).percentage(p -> p >= 15);
              checker.check(Decision.IMPLICIT_DENY).percentage(p -> p >= 15);
              checker.check(Decision.EXPLICIT_DENY).percentage(p -> p >= 10);
            });
  }
}
