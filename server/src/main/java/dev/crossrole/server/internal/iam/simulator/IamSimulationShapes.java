package dev.crossrole.server.internal.iam.simulator;

import dev.crossrole.policy.Decision;
import dev.crossrole.policy.PolicyType;
import dev.crossrole.policy.StatementRef;
import dev.crossrole.server.internal.query.XmlResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The XML of SimulateCustomPolicy and SimulatePrincipalPolicy results: each action's decision, the
 * statements that decided it located in their documents, the missing context keys, and the
 * permissions boundary's and each side's decision.
 */
final class IamSimulationShapes {
  private IamSimulationShapes() {}

  /** A policy taking part in a simulation: how results name it, and its text for positions. */
  record Source(String id, Optional<String> type, String text) {}

  /** One evaluated action, on {@code *} or on each resource. */
  record Result(String action, String resource, Outcome overall, List<Outcome> each) {}

  /** The decision for one action on one resource, with its explanation. */
  record Outcome(
      String resource,
      Decision decision,
      List<StatementRef> statements,
      Set<String> missing,
      Optional<Boolean> boundaryAllows,
      Optional<Map<String, Decision>> details) {}

  /** How a policy is found among the sources: its type and engine name. */
  static String key(PolicyType type, String name) {
    return type.id() + "\u0000" + name;
  }

  /** Writes one EvaluationResults member: the action, its decision and their explanation. */
  static void write(XmlResponse x, Result r, Map<String, Source> sources) {
    x.open("member")
        .element("EvalActionName", r.action())
        .element("EvalResourceName", r.resource())
        .element("EvalDecision", r.overall().decision().text());
    if (r.each().size() <= 1) {
      details(x, r.overall(), sources);
    } else {
      x.open("MatchedStatements").close("MatchedStatements");
      x.open("MissingContextValues").close("MissingContextValues");
      x.open("ResourceSpecificResults");
      for (Outcome o : r.each()) {
        x.open("member")
            .element("EvalResourceName", o.resource())
            .element("EvalResourceDecision", o.decision().text());
        details(x, o, sources);
        x.close("member");
      }
      x.close("ResourceSpecificResults");
    }
    x.close("member");
  }

  private static void details(XmlResponse x, Outcome o, Map<String, Source> sources) {
    x.open("MatchedStatements");
    for (StatementRef s : o.statements()) {
      Source source = sources.get(key(s.policyType(), s.policyName()));
      if (source == null) {
        continue;
      }
      x.open("member").element("SourcePolicyId", source.id());
      source.type().ifPresent(t -> x.element("SourcePolicyType", t));
      StatementPositions.of(source.text(), s.statementIndex())
          .ifPresent(
              span ->
                  x.open("StartPosition")
                      .element("Line", Integer.toString(span.start().line()))
                      .element("Column", Integer.toString(span.start().column()))
                      .close("StartPosition")
                      .open("EndPosition")
                      .element("Line", Integer.toString(span.end().line()))
                      .element("Column", Integer.toString(span.end().column()))
                      .close("EndPosition"));
      x.close("member");
    }
    x.close("MatchedStatements").open("MissingContextValues");
    o.missing().forEach(k -> x.element("member", k));
    x.close("MissingContextValues");
    o.boundaryAllows()
        .ifPresent(
            b ->
                x.open("PermissionsBoundaryDecisionDetail")
                    .element("AllowedByPermissionsBoundary", Boolean.toString(b))
                    .close("PermissionsBoundaryDecisionDetail"));
    o.details()
        .ifPresent(
            d -> {
              x.open("EvalDecisionDetails");
              d.forEach(
                  (k, v) ->
                      x.open("entry").element("key", k).element("value", v.text()).close("entry"));
              x.close("EvalDecisionDetails");
            });
  }
}
