package dev.crossrole.server.internal.ecr;

import dev.crossrole.core.Authorizer;
import dev.crossrole.core.EcrRepository;
import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.crypto.RegistryPassword;
import dev.crossrole.core.crypto.RegistryPasswordCodec;
import dev.crossrole.policy.AuthorizationRequest;
import dev.crossrole.policy.Decision;
import dev.crossrole.policy.Evaluation;
import dev.crossrole.policy.Grammar;
import dev.crossrole.policy.Principal;
import dev.crossrole.policy.RequestContext;
import dev.crossrole.server.internal.authz.Access;
import dev.crossrole.server.internal.authz.DecisionCount;
import dev.crossrole.server.internal.authz.Requester;
import dev.crossrole.server.internal.authz.StandingPrincipals;
import dev.crossrole.server.internal.registry.RegistryAuthException;
import dev.crossrole.server.internal.registry.RegistryAuthorizer;
import dev.crossrole.server.internal.registry.RegistryLogin;
import dev.crossrole.server.internal.request.Caller;
import dev.crossrole.server.internal.request.Origin;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The registry's logins and scopes decided as ECR decides them: a login is user {@code AWS} with a
 * password from GetAuthorizationToken, standing for the IAM caller that asked for it; a registry
 * action on a repository is granted only when IAM allows that caller every ECR action it needs,
 * with the repository policy as the resource policy under the same-/cross-account rules, in the
 * request context an API call of the caller's gets ({@code aws:SourceIp} and {@code
 * aws:SecureTransport} of the token request). Policies are read at each decision, so a principal
 * that lost its permissions gets nothing at its next token request, whatever its password, and a
 * login whose session is revoked is refused.
 */
public final class EcrRegistryAuthorizer implements RegistryAuthorizer {
  /** The user name of every ECR login. */
  public static final String USER = "AWS";

  /** The ECR actions each registry action needs, all of them. */
  static final Map<String, List<String>> NEEDED =
      Map.of(
          "pull",
          List.of(
              "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"),
          "push",
          List.of(
              "ecr:BatchCheckLayerAvailability",
              "ecr:InitiateLayerUpload",
              "ecr:UploadLayerPart",
              "ecr:CompleteLayerUpload",
              "ecr:PutImage"),
          "delete",
          List.of("ecr:BatchDeleteImage"));

  private final IdentityStore store;
  private final Authorizer authorizer;
  private final RegistryPasswordCodec passwords;
  private final Clock clock;
  private final String region;
  private final DecisionCount decisions;

  /** Decides with the policies of {@code store}, for repositories of {@code region}. */
  public EcrRegistryAuthorizer(
      IdentityStore store, RegistryPasswordCodec passwords, Clock clock, String region) {
    this(store, passwords, clock, region, DecisionCount.none());
  }

  /** Decides as above, counting each decision in {@code decisions}. */
  public EcrRegistryAuthorizer(
      IdentityStore store,
      RegistryPasswordCodec passwords,
      Clock clock,
      String region,
      DecisionCount decisions) {
    this.decisions = decisions;
    this.store = store;
    this.authorizer = new Authorizer(store);
    this.passwords = passwords;
    this.clock = clock;
    this.region = region;
  }

  @Override
  public RegistryLogin authenticate(String username, String password, Origin origin) {
    if (!USER.equals(username)) {
      throw new RegistryAuthException("the user name of an ECR login is AWS");
    }
    RegistryPassword claims =
        passwords
            .decode(password)
            .orElseThrow(() -> new RegistryAuthException("the password is not a valid ECR token"));
    if (claims.isExpired(clock.instant())) {
      throw new RegistryAuthException("the authorization token has expired");
    }
    Caller caller = caller(claims);
    // A password is worth no more than the credentials it was issued to: once their role or user
    // is deleted or re-created under the same name, the login is refused.
    if (!StandingPrincipals.stands(store, caller.principal())) {
      throw new RegistryAuthException(
          "the identity this authorization token was issued to no longer exists");
    }
    // A revocation (AWSRevokeOlderSessions, or any explicit deny of the action that issued the
    // password) disowns the logins of the sessions it covers: refused here, not only scope by
    // scope.
    if (disowned(Requester.of(caller, clock.instant(), origin))) {
      throw new RegistryAuthException(
          "the identity this authorization token was issued to is now explicitly denied"
              + " ecr:GetAuthorizationToken");
    }
    return new RegistryLogin(caller, origin, claims.expiresAt());
  }

  /**
   * Whether the caller's policies, read now, explicitly deny the GetAuthorizationToken that issued
   * its password. An implicit deny does not disown a login: a scope then grants what the registry
   * actions' own permissions allow, as on AWS.
   */
  private boolean disowned(Requester requester) {
    Caller caller = requester.caller();
    AuthorizationRequest request =
        AuthorizationRequest.builder(caller.principal(), "ecr:GetAuthorizationToken", "*")
            .context(Access.contextOf(requester))
            .build();
    return authorizer
            .authorize(
                request, caller.sessionPolicy(), caller.sessionPolicyArns(), Optional.empty())
            .decision()
        == Decision.EXPLICIT_DENY;
  }

  /** What a password issued to {@code caller} carries: all that rebuilds it, and the expiry. */
  static RegistryPassword password(Caller caller, Instant issuedAt, Instant expiresAt) {
    Principal p = caller.principal();
    return new RegistryPassword(
        p.arn(),
        p.userId(),
        p.issuer(),
        p.tags(),
        caller.accountId(),
        caller.accessKeyId(),
        caller.sessionPolicy(),
        caller.sessionPolicyArns(),
        caller.tokenIssuedAt(),
        caller.sourceIdentity(),
        caller.transitiveTagKeys(),
        issuedAt,
        expiresAt);
  }

  /** The caller a password stands for, rebuilt from the password alone. */
  static Caller caller(RegistryPassword claims) {
    Principal.Builder principal = Principal.builder(claims.principalArn());
    claims.userId().ifPresent(principal::userId);
    claims.issuer().ifPresent(principal::issuer);
    claims.principalTags().forEach(principal::tag);
    return new Caller(
        principal.build(),
        claims.accountId(),
        claims.accessKeyId(),
        claims.sessionPolicy(),
        claims.tokenIssuedAt(),
        claims.sourceIdentity(),
        claims.transitiveTagKeys(),
        claims.sessionPolicyArns(),
        Optional.of(claims.expiresAt()));
  }

  @Override
  public Set<String> granted(RegistryLogin login, String repository, Set<String> requested) {
    Instant now = clock.instant();
    if (!now.isBefore(login.expiresAt())) {
      return Set.of();
    }
    int slash = repository.indexOf('/');
    if (slash != 12
        || !EcrRepositories.REGISTRY_ID.matcher(repository.substring(0, 12)).matches()) {
      return Set.of();
    }
    String account = repository.substring(0, slash);
    String name = repository.substring(slash + 1);
    if (!EcrRepositories.NAME.matcher(name).matches()) {
      return Set.of();
    }
    Optional<EcrRepository> found = store.repository(account, name);
    if (found.isEmpty()) {
      return Set.of();
    }
    String arn = found.get().arn(region);
    Optional<Authorizer.ResourcePolicy> policy =
        found
            .get()
            .policy()
            .map(
                p ->
                    new Authorizer.ResourcePolicy(
                        EcrRepositories.POLICY_NAME, p, Grammar.RESOURCE));
    Caller caller = login.caller();
    RequestContext context = Access.contextOf(Requester.of(caller, now, login.origin()));
    // Every ECR action the requested registry actions need, each decided once on one reading of
    // the policies: pull,push needs seven distinct actions, not eight reads of the store.
    Map<String, List<String>> neededBy = new LinkedHashMap<>();
    Set<String> actions = new LinkedHashSet<>();
    for (String action : requested) {
      List<String> needed =
          action.equals("*")
              ? NEEDED.values().stream().flatMap(List::stream).distinct().toList()
              : NEEDED.getOrDefault(action, List.of());
      neededBy.put(action, needed);
      actions.addAll(needed);
    }
    List<AuthorizationRequest> requests = new ArrayList<>(actions.size());
    for (String action : actions) {
      requests.add(
          AuthorizationRequest.builder(caller.principal(), action, arn).context(context).build());
    }
    List<Evaluation> decisions =
        authorizer.authorizeAll(
            requests, caller.sessionPolicy(), caller.sessionPolicyArns(), policy);
    decisions.forEach(e -> this.decisions.add(e.decision()));
    Set<String> allowed = new HashSet<>();
    for (int i = 0; i < requests.size(); i++) {
      if (decisions.get(i).allowed()) {
        allowed.add(requests.get(i).action());
      }
    }
    Set<String> granted = new LinkedHashSet<>();
    neededBy.forEach(
        (action, needed) -> {
          if (!needed.isEmpty() && allowed.containsAll(needed)) {
            granted.add(action);
          }
        });
    return granted;
  }
}
