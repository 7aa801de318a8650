package dev.crossrole.server.internal.iam.simulator;

import static dev.crossrole.server.internal.iam.simulator.IamSimulationShapes.key;

import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.IdentityException;
import dev.crossrole.core.IdentityPolicies;
import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.PolicyHolder;
import dev.crossrole.core.Role;
import dev.crossrole.core.User;
import dev.crossrole.policy.AuthorizationRequest;
import dev.crossrole.policy.Decision;
import dev.crossrole.policy.Explanation;
import dev.crossrole.policy.Grammar;
import dev.crossrole.policy.NamedPolicy;
import dev.crossrole.policy.PolicyDocument;
import dev.crossrole.policy.PolicySet;
import dev.crossrole.policy.PolicyType;
import dev.crossrole.policy.PolicyValidationException;
import dev.crossrole.policy.Principal;
import dev.crossrole.policy.RequestContext;
import dev.crossrole.server.internal.iam.IamEntities;
import dev.crossrole.server.internal.iam.IamShapes;
import dev.crossrole.server.internal.iam.Page;
import dev.crossrole.server.internal.iam.simulator.IamSimulationShapes.Outcome;
import dev.crossrole.server.internal.iam.simulator.IamSimulationShapes.Result;
import dev.crossrole.server.internal.iam.simulator.IamSimulationShapes.Source;
import dev.crossrole.server.internal.query.QueryAccess;
import dev.crossrole.server.internal.query.QueryAnswer;
import dev.crossrole.server.internal.query.QueryParameters;
import dev.crossrole.server.internal.query.ServiceCall;
import dev.crossrole.server.internal.query.Validation;
import dev.crossrole.server.internal.query.XmlResponse;
import dev.crossrole.server.internal.request.AwsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SimulateCustomPolicy and SimulatePrincipalPolicy: each action on each resource decided by the
 * policy engine under the given policies (and, for a principal, its own), with the statements that
 * decided it located in their documents, the condition keys the request left out, and how the
 * permissions boundary and a resource policy each decided.
 */
public final class IamSimulator {
  private static final Set<String> KEY_TYPES =
      Set.of(
          "string",
          "stringList",
          "numeric",
          "numericList",
          "boolean",
          "booleanList",
          "ip",
          "ipList",
          "binary",
          "binaryList",
          "date",
          "dateList");
  private static final Pattern SOURCE_ARN =
      Pattern.compile("arn:aws:iam::(\\d{12}):(user|role|group)(/|/[\\u0021-\\u007E]*/)([^/]+)");
  private static final Pattern ACCOUNT_ARN = Pattern.compile("arn:aws:iam::(\\d{12}):root");
  private static final Pattern POLICY_TEXT =
      Pattern.compile("[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+", Pattern.DOTALL);

  private final IdentityStore store;
  private final QueryAccess access;

  public IamSimulator(IdentityStore store, QueryAccess access) {
    this.store = store;
    this.access = access;
  }

  /** The policies of one simulation, named for the engine, with their sources by engine name. */
  private record Inputs(PolicySet set, Map<String, Source> sources) {}

  public QueryAnswer simulateCustomPolicy(ServiceCall call) {
    QueryParameters p = call.parameters();
    String account = call.caller().accountId();
    access.require(call, "iam:SimulateCustomPolicy", "*", Map.of(), Optional.empty());
    if (p.list("PolicyInputList").isEmpty()) {
      throw AwsException.missing("PolicyInputList");
    }
    Optional<Principal> caller = callerArn(p);
    Principal principal =
        caller.orElseGet(
            () -> Principal.parse("arn:aws:iam::" + account + ":user/SimulatedCaller"));
    Map<String, Source> sources = new LinkedHashMap<>();
    PolicySet.Builder set = PolicySet.builder();
    addInputs(p, set, sources);
    return simulate("SimulateCustomPolicy", call, principal, set, sources, caller.isPresent());
  }

  public QueryAnswer simulatePrincipalPolicy(ServiceCall call) {
    QueryParameters p = call.parameters();
    String account = call.caller().accountId();
    String sourceArn = p.required("PolicySourceArn");
    if (sourceArn.length() < 20 || sourceArn.length() > 2048) {
      throw Validation.invalid(
          "policySourceArn",
          sourceArn,
          sourceArn.length() < 20
              ? "Member must have length greater than or equal to 20"
              : "Member must have length less than or equal to 2048");
    }
    access.require(call, "iam:SimulatePrincipalPolicy", sourceArn, Map.of(), Optional.empty());
    Matcher m = SOURCE_ARN.matcher(sourceArn);
    if (!m.matches() || !m.group(1).equals(account)) {
      throw new IdentityException(ErrorCode.INVALID_INPUT, "Invalid PolicySourceArn: " + sourceArn);
    }
    String name = m.group(4);
    Principal source;
    PolicyHolder holder;
    switch (m.group(2)) {
      case "user" -> {
        User u = new IamEntities(store).user(account, name);
        Principal.Builder b = Principal.builder(u.arn()).userId(u.userId());
        u.tags().forEach(b::tag);
        source = b.build();
        holder = PolicyHolder.USER;
      }
      case "role" -> {
        Role r = new IamEntities(store).role(account, name);
        Principal.Builder b = Principal.builder(r.arn()).userId(r.roleId());
        r.tags().forEach(b::tag);
        source = b.build();
        holder = PolicyHolder.ROLE;
      }
      default -> {
        new IamEntities(store).requireExisting(account, PolicyHolder.GROUP, name);
        // A group is not a principal: its policies are simulated for a member of the group in
        // the account that has no policies of its own (not the root, which needs none).
        source = Principal.builder("arn:aws:iam::" + account + ":user/" + name).build();
        holder = PolicyHolder.GROUP;
      }
    }
    Optional<Principal> caller = callerArn(p);
    if (p.optional("ResourcePolicy").isPresent()
        && caller.isEmpty()
        && holder != PolicyHolder.USER) {
      throw new IdentityException(
          ErrorCode.INVALID_INPUT,
          "CallerArn is required when a ResourcePolicy is given and PolicySourceArn is not a user.");
    }
    Map<String, Source> sources = new LinkedHashMap<>();
    PolicySet.Builder set = ownPolicies(holder, account, name, sources);
    addInputs(p, set, sources);
    return simulate("SimulatePrincipalPolicy", call, caller.orElse(source), set, sources, true);
  }

  /**
   * The user's, role's or group's identity-based policies (a user's groups' too) and boundary, read
   * once and named as IAM names them: inline policies by name, of type {@code user}, {@code group}
   * or {@code role}; managed policies by ARN, of type {@code aws-managed} or {@code user-managed}.
   */
  private PolicySet.Builder ownPolicies(
      PolicyHolder holder, String account, String name, Map<String, Source> sources) {
    IdentityPolicies own = access.authorizer().policiesOf(holder, account, name);
    String type =
        switch (holder) {
          case USER -> "user";
          case ROLE -> "role";
          case GROUP -> "group";
        };
    for (IdentityPolicies.Document d : own.inline()) {
      int slash = d.name().indexOf('/');
      // A user's group's inline policy is named GROUP/NAME (policy names cannot hold a slash).
      sources.put(
          key(PolicyType.IDENTITY, d.name()),
          slash < 0
              ? new Source(d.name(), Optional.of(type), d.text())
              : new Source(d.name().substring(slash + 1), Optional.of("group"), d.text()));
    }
    for (IdentityPolicies.Document d : own.managed()) {
      sources.put(key(PolicyType.IDENTITY, d.name()), managedSource(d.name(), d.text()));
    }
    own.permissionsBoundary()
        .ifPresent(
            d ->
                sources.put(
                    key(PolicyType.PERMISSIONS_BOUNDARY, d.name()),
                    managedSource(d.name(), d.text())));
    return access.authorizer().identityPolicies(own);
  }

  private static Source managedSource(String arn, String text) {
    String type = arn.startsWith("arn:aws:iam::aws:policy/") ? "aws-managed" : "user-managed";
    return new Source(arn, Optional.of(type), text);
  }

  /** Adds PolicyInputList, PermissionsBoundaryPolicyInputList and ResourcePolicy. */
  private static void addInputs(
      QueryParameters p, PolicySet.Builder set, Map<String, Source> sources) {
    List<String> inputs = p.list("PolicyInputList");
    for (int i = 0; i < inputs.size(); i++) {
      String id = "PolicyInputList." + (i + 1);
      set.identityPolicy(
          new NamedPolicy(id, parse("policyInputList", inputs.get(i), Grammar.IDENTITY)));
      sources.put(
          key(PolicyType.IDENTITY, id), new Source(id, Optional.of("IAM Policy"), inputs.get(i)));
    }
    List<String> boundaries = p.list("PermissionsBoundaryPolicyInputList");
    if (boundaries.size() > 1) {
      throw new IdentityException(
          ErrorCode.INVALID_INPUT,
          "Only one permissions boundary can be given in PermissionsBoundaryPolicyInputList.");
    }
    if (!boundaries.isEmpty()) {
      String id = "PermissionsBoundaryPolicyInputList.1";
      set.permissionsBoundary(
          new NamedPolicy(
              id,
              parse("permissionsBoundaryPolicyInputList", boundaries.get(0), Grammar.IDENTITY)));
      sources.put(
          key(PolicyType.PERMISSIONS_BOUNDARY, id),
          new Source(id, Optional.of("PermissionsBoundaryPolicy"), boundaries.get(0)));
    }
    Optional<String> resourcePolicy = p.optional("ResourcePolicy");
    if (resourcePolicy.isPresent()) {
      String id = "ResourcePolicy";
      set.resourcePolicy(
          new NamedPolicy(id, parse("resourcePolicy", resourcePolicy.get(), Grammar.RESOURCE)));
      sources.put(
          key(PolicyType.RESOURCE, id),
          new Source(id, Optional.of("Resource Policy"), resourcePolicy.get()));
    }
  }

  private static PolicyDocument parse(String member, String text, Grammar grammar) {
    Validation.check(member, text, 1, 131_072, POLICY_TEXT);
    try {
      return PolicyDocument.parse(text, grammar);
    } catch (PolicyValidationException e) {
      throw new IdentityException(ErrorCode.INVALID_INPUT, e.getMessage());
    }
  }

  private static Optional<Principal> callerArn(QueryParameters p) {
    Optional<String> arn = p.optional("CallerArn");
    if (arn.isEmpty()) {
      return Optional.empty();
    }
    Validation.check("callerArn", arn.get(), 1, 2048);
    try {
      Principal principal = Principal.parse(arn.get());
      if (principal.type() == Principal.Type.USER) {
        return Optional.of(principal);
      }
    } catch (IllegalArgumentException e) {
      // refused below, like any ARN that is not a user's
    }
    throw new IdentityException(
        ErrorCode.INVALID_INPUT, "Invalid CallerArn: " + arn.get() + ". Only IAM users are valid.");
  }

  private static RequestContext context(QueryParameters p) {
    RequestContext.Builder context = RequestContext.builder();
    for (int i = 1; ; i++) {
      String prefix = "ContextEntries.member." + i + ".";
      Optional<String> name = p.optional(prefix + "ContextKeyName");
      if (name.isEmpty()) {
        return context.build();
      }
      Validation.check("contextEntries." + i + ".member.contextKeyName", name.get(), 5, 256);
      Optional<String> type = p.optional(prefix + "ContextKeyType");
      if (type.isPresent() && !KEY_TYPES.contains(type.get())) {
        throw Validation.invalid(
            "contextEntries." + i + ".member.contextKeyType",
            type.get(),
            "Member must satisfy enum value set: " + KEY_TYPES);
      }
      context.put(name.get(), p.list(prefix + "ContextKeyValues"));
    }
  }

  private QueryAnswer simulate(
      String operation,
      ServiceCall call,
      Principal principal,
      PolicySet.Builder builder,
      Map<String, Source> sources,
      boolean principalKnown) {
    QueryParameters p = call.parameters();
    List<String> actions = p.list("ActionNames");
    if (actions.isEmpty()) {
      throw AwsException.missing("ActionNames");
    }
    for (String a : actions) {
      if (a.indexOf(':') <= 0) {
        throw new IdentityException(
            ErrorCode.INVALID_INPUT, "Actions must be of the form service:action, got " + a);
      }
    }
    List<String> resources = p.list("ResourceArns");
    p.optional("ResourceHandlingOption")
        .ifPresent(o -> Validation.check("resourceHandlingOption", o, 1, 64));
    Optional<String> owner =
        p.optional("ResourceOwner")
            .map(
                o -> {
                  Matcher m = ACCOUNT_ARN.matcher(o);
                  if (!m.matches()) {
                    throw new IdentityException(
                        ErrorCode.INVALID_INPUT, "Invalid ResourceOwner: " + o);
                  }
                  return m.group(1);
                });
    RequestContext context = context(p);
    PolicySet set = builder.build();
    boolean crossAccount =
        owner.isPresent() && !owner.equals(principal.account()) && set.resourcePolicy().isPresent();
    List<Result> results = new ArrayList<>();
    for (String action : actions) {
      if (resources.isEmpty()) {
        Outcome o = decide(principal, action, "*", owner, context, set, principalKnown, false);
        results.add(new Result(action, "*", o, List.of()));
        continue;
      }
      List<Outcome> each = new ArrayList<>();
      for (String resource : resources) {
        each.add(
            decide(
                principal,
                action,
                resource,
                owner,
                context,
                set,
                principalKnown,
                set.resourcePolicy().isPresent() || crossAccount));
      }
      Outcome overall = each.size() == 1 ? each.get(0) : combined(each);
      results.add(new Result(action, each.size() == 1 ? resources.get(0) : "*", overall, each));
    }
    List<Map.Entry<String, Result>> keyed = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      keyed.add(Map.entry(String.format(Locale.ROOT, "%08d", i), results.get(i)));
    }
    Page<Map.Entry<String, Result>> page = Page.of(keyed, Map.Entry::getKey, p);
    XmlResponse x = XmlResponse.result(operation, IamShapes.NAMESPACE).open("EvaluationResults");
    for (Map.Entry<String, Result> e : page.items()) {
      IamSimulationShapes.write(x, e.getValue(), sources);
    }
    return page.writeTruncation(x.close("EvaluationResults")).finish(operation, call.requestId());
  }

  /** Several resources: the most restrictive decision, as IAM sums them up. */
  private static Outcome combined(List<Outcome> each) {
    Decision d = Decision.ALLOWED;
    for (Outcome o : each) {
      if (o.decision() == Decision.EXPLICIT_DENY) {
        d = Decision.EXPLICIT_DENY;
      } else if (o.decision() == Decision.IMPLICIT_DENY && d == Decision.ALLOWED) {
        d = Decision.IMPLICIT_DENY;
      }
    }
    return new Outcome("*", d, List.of(), Set.of(), Optional.empty(), Optional.empty());
  }

  private static Outcome decide(
      Principal principal,
      String action,
      String resource,
      Optional<String> owner,
      RequestContext context,
      PolicySet set,
      boolean principalKnown,
      boolean withDetails) {
    AuthorizationRequest.Builder rb =
        AuthorizationRequest.builder(principal, action, resource).context(context);
    owner.ifPresent(rb::resourceAccount);
    Explanation e = Explanation.of(rb.build(), set, principalKnown);
    Optional<Map<String, Decision>> details = Optional.empty();
    if (withDetails) {
      Map<String, Decision> d = new LinkedHashMap<>();
      boolean cross = owner.isPresent() && !owner.equals(principal.account());
      if (cross) {
        d.put("IAM Policy", e.decisionOf(PolicyType.IDENTITY));
        if (set.resourcePolicy().isPresent()) {
          d.put("Resource Policy", e.decisionOf(PolicyType.RESOURCE));
        }
      }
      details = Optional.of(d);
    }
    return new Outcome(
        resource,
        e.decision(),
        e.matchedStatements(),
        e.missingContextKeys(),
        e.allowedByPermissionsBoundary(),
        details);
  }
}
