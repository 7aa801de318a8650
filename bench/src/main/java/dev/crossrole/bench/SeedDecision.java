package dev.crossrole.bench;

import dev.crossrole.policy.AuthorizationRequest;
import dev.crossrole.policy.Decision;
import dev.crossrole.policy.Evaluation;
import dev.crossrole.policy.Grammar;
import dev.crossrole.policy.NamedPolicy;
import dev.crossrole.policy.PolicyDocument;
import dev.crossrole.policy.PolicyEvaluator;
import dev.crossrole.policy.PolicySet;
import dev.crossrole.policy.Principal;
import dev.crossrole.policy.RequestContext;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The seed story's decision: the BUILD account's user {@code builder} assumes our role {@code
 * OURTHINGBUILDROLE} across accounts with {@code sts:ExternalId = some_key_build}. The role's trust
 * policy names the user and requires the ExternalId; the user's 5-statement identity policy allows
 * {@code sts:AssumeRole} on the role in one statement. Policies, principal and request are built
 * once; the measured method is one {@link PolicyEvaluator#evaluate} call.
 *
 * <p>{@link #evaluate} is the allowed decision; {@link #evaluateWrongExternalId} is the same
 * request with a wrong ExternalId, which the trust policy refuses (implicit deny).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SeedDecision {
  static final String ROLE = "arn:aws:iam::111111111111:role/OURTHINGBUILDROLE";
  static final String USER = "arn:aws:iam::222222222222:user/builder";

  private AuthorizationRequest request;
  private AuthorizationRequest wrongExternalId;
  private PolicySet policies;

  @Setup
  public void setup() {
    PolicyDocument trust = PolicyDocument.parse(Resources.text("seed-trust.json"), Grammar.TRUST);
    PolicyDocument identity =
        PolicyDocument.parse(Resources.text("seed-identity.json"), Grammar.IDENTITY);
    policies =
        PolicySet.builder()
            .identityPolicy(new NamedPolicy("BuildUserPolicy", identity))
            .resourcePolicy(new NamedPolicy("OURTHINGBUILDROLE-trust", trust))
            .build();
    Principal builder = Principal.parse(USER);
    request =
        AuthorizationRequest.builder(builder, "sts:AssumeRole", ROLE)
            .context(RequestContext.builder().put("sts:ExternalId", "some_key_build").build())
            .build();
    wrongExternalId =
        AuthorizationRequest.builder(builder, "sts:AssumeRole", ROLE)
            .context(RequestContext.builder().put("sts:ExternalId", "wrong_key").build())
            .build();
    expect(evaluate(), Decision.ALLOWED);
    expect(evaluateWrongExternalId(), Decision.IMPLICIT_DENY);
  }

  static void expect(Evaluation e, Decision d) {
    if (e.decision() != d) {
      throw new IllegalStateException("benchmark set-up is wrong: expected " + d + ", got " + e);
    }
  }

  @Benchmark
  public Evaluation evaluate() {
    return PolicyEvaluator.evaluate(request, policies);
  }

  @Benchmark
  public Evaluation evaluateWrongExternalId() {
    return PolicyEvaluator.evaluate(wrongExternalId, policies);
  }
}
