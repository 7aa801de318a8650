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
 * A 100-statement identity policy ({@code hundred-statements.json}, written by {@code
 * bench/generate-policies.py}) with wildcard actions and resources and StringEquals, StringLike,
 * IpAddress, DateLessThan and Bool conditions on keys the request carries. The request ({@code
 * s3:GetObject} on an {@code analytics-prod} object) is allowed only by statement 97: half of the
 * statements before it match its action and resource and fail only at their last condition, so
 * nearly every condition in the document is evaluated — the worst case for a linear scan.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HundredStatements {
  private AuthorizationRequest request;
  private PolicySet policies;

  @Setup
  public void setup() {
    PolicyDocument document =
        PolicyDocument.parse(Resources.text("hundred-statements.json"), Grammar.IDENTITY);
    if (document.statements().size() != 100) {
      throw new IllegalStateException("expected 100 statements");
    }
    policies =
        PolicySet.builder().identityPolicy(new NamedPolicy("AnalyticsAccess", document)).build();
    Principal analyst =
        Principal.builder("arn:aws:iam::222222222222:user/analyst")
            .userId("AIDAEXAMPLEANALYST01")
            .tag("team", "analytics")
            .build();
    request =
        AuthorizationRequest.builder(
                analyst,
                "s3:GetObject",
                "arn:aws:s3:::analytics-prod-222222222222/reports/2025/q2/summary.csv")
            .context(
                RequestContext.builder()
                    .put("aws:SourceIp", "10.20.30.40")
                    .put("aws:CurrentTime", "2025-06-01T12:00:00Z")
                    .put("aws:SecureTransport", "true")
                    .put("aws:RequestedRegion", "us-east-1")
                    .put("s3:ExistingObjectTag/classification", "internal-reports")
                    .build())
            .build();
    Evaluation e = evaluate();
    SeedDecision.expect(e, Decision.ALLOWED);
    if (e.statements().size() != 1 || e.statements().get(0).statementIndex() != 97) {
      throw new IllegalStateException("expected only statement 97 to allow, got " + e);
    }
  }

  @Benchmark
  public Evaluation evaluate() {
    return PolicyEvaluator.evaluate(request, policies);
  }
}
