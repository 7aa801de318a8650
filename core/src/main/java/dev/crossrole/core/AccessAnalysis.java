package dev.crossrole.core;

import dev.crossrole.core.AccessReport.ConditionEntry;
import dev.crossrole.core.AccessReport.PermissionStatement;
import dev.crossrole.core.AccessReport.Source;
import dev.crossrole.core.AccessReport.Standing;
import dev.crossrole.core.AccessReport.TrustStatement;
import dev.crossrole.core.AccessReport.TrustedPrincipal;
import dev.crossrole.policy.AuthorizationRequest;
import dev.crossrole.policy.Condition;
import dev.crossrole.policy.Decision;
import dev.crossrole.policy.Evaluation;
import dev.crossrole.policy.Grammar;
import dev.crossrole.policy.PolicyDocument;
import dev.crossrole.policy.PolicyEvaluator;
import dev.crossrole.policy.PolicyType;
import dev.crossrole.policy.Principal;
import dev.crossrole.policy.PrincipalElement;
import dev.crossrole.policy.RequestContext;
import dev.crossrole.policy.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes {@link AccessReport}s from the store, with the policy engine's reading of each document
 * (the documents the store holds were validated when they were written).
 */
public final class AccessAnalysis {
  private static final Pattern ENTITY_ARN =
      Pattern.compile("arn:[a-z][a-z0-9-]*:iam::([0-9]{12}):(user|role)/(?:.*/)?([^/]+)");
  private static final Pattern ACCOUNT =
      Pattern.compile("(?:arn:[a-z][a-z0-9-]*:iam::)?([0-9]{12})(?::root)?");

  private final IdentityStore store;
  private final Authorizer authorizer;

  /** An analysis of what {@code store} holds. */
  public AccessAnalysis(IdentityStore store) {
    this.store = store;
    this.authorizer = new Authorizer(store);
  }

  /** Whose access to report: a role or a user, by name. */
  public enum Kind {
    ROLE,
    USER
  }

  /**
   * The report of role or user {@code name}, in {@code account} or, when empty, in the one account
   * that has it, decided at {@code now}.
   *
   * @throws IdentityException NoSuchEntity when no account has it, ValidationError when several do
   *     and none is named
   */
  public AccessReport report(Kind kind, String name, Optional<String> account, Instant now) {
    String accountId = account.orElseGet(() -> onlyAccountWith(kind, name));
    return kind == Kind.ROLE ? role(accountId, name, now) : user(accountId, name);
  }

  private String onlyAccountWith(Kind kind, String name) {
    List<String> found =
        store.accounts().stream()
            .map(Account::id)
            .filter(
                id ->
                    kind == Kind.ROLE
                        ? store.role(id, name).isPresent()
                        : store.user(id, name).isPresent())
            .toList();
    if (found.size() > 1) {
      throw new IdentityException(
          ErrorCode.VALIDATION_ERROR,
          "a " + noun(kind) + " named " + name + " is in accounts " + found + ": name one");
    }
    return found.stream().findFirst().orElseThrow(() -> noSuch(kind, name));
  }

  private AccessReport role(String account, String name, Instant now) {
    Role role = store.role(account, name).orElseThrow(() -> noSuch(Kind.ROLE, name));
    List<TrustStatement> trust = new ArrayList<>();
    for (Statement s : PolicyDocument.parse(role.trustPolicy(), Grammar.TRUST).statements()) {
      trust.add(
          new TrustStatement(
              s.sid(),
              s.effect().text(),
              s.action().values(),
              principals(role, s.principal(), now),
              conditions(s)));
    }
    IdentityPolicies policies = store.identityPolicies(PolicyHolder.ROLE, account, name);
    return new AccessReport(
        "role", role.arn(), role.roleId(), account, trust, permissions(policies));
  }

  private AccessReport user(String account, String name) {
    User user = store.user(account, name).orElseThrow(() -> noSuch(Kind.USER, name));
    IdentityPolicies policies = store.identityPolicies(PolicyHolder.USER, account, name);
    return new AccessReport(
        "user", user.arn(), user.userId(), account, List.of(), permissions(policies));
  }

  private List<TrustedPrincipal> principals(
      Role role, Optional<PrincipalElement> element, Instant now) {
    List<TrustedPrincipal> principals = new ArrayList<>();
    if (element.isEmpty()) {
      return principals;
    }
    if (element.get().isEveryone()) {
      principals.add(
          new TrustedPrincipal(
              "*", "*", Optional.empty(), Standing.ELSEWHERE, true, Optional.empty()));
      return principals;
    }
    for (Map.Entry<String, List<String>> typed : element.get().values().entrySet()) {
      for (String value : typed.getValue()) {
        principals.add(
            typed.getKey().equals("AWS")
                ? awsPrincipal(role, value, now)
                : new TrustedPrincipal(
                    typed.getKey(),
                    value,
                    Optional.empty(),
                    Standing.ELSEWHERE,
                    false,
                    Optional.empty()));
      }
    }
    return principals;
  }

  private TrustedPrincipal awsPrincipal(Role role, String value, Instant now) {
    Matcher entity = ENTITY_ARN.matcher(value);
    if (entity.matches()) {
      String account = entity.group(1);
      boolean isUser = entity.group(2).equals("user");
      Optional<String> id =
          isUser
              ? store.user(account, entity.group(3)).map(User::userId)
              : store.role(account, entity.group(3)).map(Role::roleId);
      Optional<String> named = Optional.ofNullable(role.trustPrincipalIds().get(value));
      Standing standing =
          id.isEmpty()
              ? Standing.GONE
              : named.filter(n -> !n.equals(id.get())).isPresent()
                  ? Standing.RECREATED
                  : Standing.EXISTS;
      Optional<String> decision = id.map(uid -> identityDecision(value, uid, role.arn(), now));
      return new TrustedPrincipal(
          "AWS", value, id, standing, !account.equals(role.accountId()), decision);
    }
    Matcher accountPrincipal = ACCOUNT.matcher(value);
    if (accountPrincipal.matches()) {
      String account = accountPrincipal.group(1);
      return new TrustedPrincipal(
          "AWS",
          value,
          Optional.empty(),
          store.accountById(account).isPresent() ? Standing.ACCOUNT : Standing.ELSEWHERE,
          !account.equals(role.accountId()),
          Optional.empty());
    }
    return new TrustedPrincipal(
        "AWS", value, Optional.empty(), Standing.ELSEWHERE, true, Optional.empty());
  }

  /**
   * What the principal's own identity policies (and boundary) decide for {@code sts:AssumeRole} of
   * {@code roleArn}: across accounts they must allow it as well as the trust policy.
   */
  private String identityDecision(String arn, String uniqueId, String roleArn, Instant now) {
    Principal principal = Principal.builder(arn).userId(uniqueId).build();
    RequestContext context =
        RequestContext.builder()
            .put("aws:CurrentTime", now.truncatedTo(ChronoUnit.SECONDS).toString())
            .put("aws:EpochTime", Long.toString(now.getEpochSecond()))
            .build();
    AuthorizationRequest request =
        AuthorizationRequest.builder(principal, "sts:AssumeRole", roleArn).context(context).build();
    Evaluation decision =
        PolicyEvaluator.evaluate(request, authorizer.identityPolicies(principal).build());
    // Without the trust policy the engine always lacks the resource side of an AssumeRole; what
    // is asked here is whether the principal's own policies (and boundary) lack nothing.
    if (decision.decision() == Decision.EXPLICIT_DENY
        || decision.lacking().contains(PolicyType.IDENTITY)
        || decision.lacking().contains(PolicyType.PERMISSIONS_BOUNDARY)) {
      return decision.decision() == Decision.EXPLICIT_DENY
          ? Decision.EXPLICIT_DENY.text()
          : Decision.IMPLICIT_DENY.text();
    }
    return Decision.ALLOWED.text();
  }

  private static List<PermissionStatement> permissions(IdentityPolicies policies) {
    List<PermissionStatement> statements = new ArrayList<>();
    for (IdentityPolicies.Document d : policies.inline()) {
      statements.addAll(statements(Source.INLINE, d));
    }
    for (IdentityPolicies.Document d : policies.managed()) {
      statements.addAll(statements(Source.MANAGED, d));
    }
    policies
        .permissionsBoundary()
        .ifPresent(d -> statements.addAll(statements(Source.PERMISSIONS_BOUNDARY, d)));
    return statements;
  }

  private static List<PermissionStatement> statements(
      Source source, IdentityPolicies.Document document) {
    List<PermissionStatement> statements = new ArrayList<>();
    for (Statement s : PolicyDocument.parse(document.text(), Grammar.IDENTITY).statements()) {
      statements.add(
          new PermissionStatement(
              source,
              document.name(),
              s.sid(),
              s.effect().text(),
              s.action().negated(),
              s.action().values(),
              s.resource().map(r -> r.negated()).orElse(false),
              s.resource().map(r -> r.values()).orElse(List.of()),
              conditions(s)));
    }
    return statements;
  }

  private static List<ConditionEntry> conditions(Statement statement) {
    List<ConditionEntry> conditions = new ArrayList<>();
    for (Condition c : statement.conditions()) {
      conditions.add(new ConditionEntry(c.operatorText(), c.key(), c.values()));
    }
    return conditions;
  }

  private static IdentityException noSuch(Kind kind, String name) {
    return new IdentityException(
        ErrorCode.NO_SUCH_ENTITY, "The " + noun(kind) + " with name " + name + " cannot be found.");
  }

  private static String noun(Kind kind) {
    return kind == Kind.ROLE ? "role" : "user";
  }
}
