package dev.crossrole.server.internal.sts;

import dev.crossrole.core.AccessKey;
import dev.crossrole.core.Authorizer;
import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.IdentityException;
import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.Role;
import dev.crossrole.core.crypto.CryptoException;
import dev.crossrole.core.crypto.Identifiers;
import dev.crossrole.core.crypto.SessionClaims;
import dev.crossrole.core.crypto.SessionTokenCodec;
import dev.crossrole.policy.Grammar;
import dev.crossrole.policy.Principal;
import dev.crossrole.server.internal.authz.Policies;
import dev.crossrole.server.internal.authz.Tags;
import dev.crossrole.server.internal.authz.TrustPrincipals;
import dev.crossrole.server.internal.query.QueryAccess;
import dev.crossrole.server.internal.query.QueryAnswer;
import dev.crossrole.server.internal.query.QueryParameters;
import dev.crossrole.server.internal.query.QueryService;
import dev.crossrole.server.internal.query.ServiceCall;
import dev.crossrole.server.internal.query.Validation;
import dev.crossrole.server.internal.query.XmlResponse;
import dev.crossrole.server.internal.request.AwsException;
import dev.crossrole.server.internal.request.Caller;
import dev.crossrole.server.internal.request.UsageLog;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The STS API over the Query protocol. */
public final class StsService implements QueryService {
  /** The namespace of STS's responses. */
  public static final String NAMESPACE = XmlResponse.STS_NAMESPACE;

  private static final Pattern ROLE_ARN =
      Pattern.compile("arn:aws:iam::(\\d{12}):role(/|/[\\u0021-\\u007E]*/)([\\w+=,.@-]+)");
  private static final int CHAINED_MAX_SECONDS = 3600;
  private static final int MAX_POLICY_ARNS = 10;
  private static final Pattern ACCESS_KEY_ID = Pattern.compile("[\\w]*");

  private final IdentityStore store;
  private final SessionTokenCodec tokens;
  private final QueryAccess access;
  private final DecodeAuthorizationMessage messages;
  private final Policies policies = new Policies();
  private final UsageLog usage;

  public StsService(
      IdentityStore store,
      SessionTokenCodec tokens,
      QueryAccess access,
      DecodeAuthorizationMessage messages,
      UsageLog usage) {
    this.usage = usage;
    this.store = store;
    this.tokens = tokens;
    this.access = access;
    this.messages = messages;
  }

  @Override
  public String namespace() {
    return NAMESPACE;
  }

  @Override
  public QueryAnswer handle(ServiceCall call) {
    return switch (call.action()) {
      case "GetCallerIdentity" -> getCallerIdentity(call);
      case "AssumeRole" -> assumeRole(call);
      case "GetSessionToken" -> getSessionToken(call);
      case "GetAccessKeyInfo" -> getAccessKeyInfo(call);
      case "DecodeAuthorizationMessage" -> messages.decode(call);
      default ->
          throw AwsException.query(
              "InvalidAction",
              400,
              "Could not find operation " + call.action() + " for version 2011-06-15");
    };
  }

  /** Never denied: any authenticated caller may ask who it is. */
  private static QueryAnswer getCallerIdentity(ServiceCall call) {
    Caller caller = call.caller();
    return XmlResponse.result("GetCallerIdentity", NAMESPACE)
        .element("UserId", caller.userIdForIdentity())
        .element("Account", caller.accountId())
        .element("Arn", caller.principal().arn())
        .finish("GetCallerIdentity", call.requestId());
  }

  private QueryAnswer assumeRole(ServiceCall call) {
    QueryParameters p = call.parameters();
    String roleArn =
        Validation.check("roleArn", p.required("RoleArn"), 20, 2048, Validation.ONE_LINE);
    String sessionName =
        Validation.check(
            "roleSessionName", p.required("RoleSessionName"), 2, 64, Validation.SESSION_NAME);
    Optional<String> externalId = p.optional("ExternalId");
    externalId.ifPresent(id -> Validation.check("externalId", id, 2, 1224, Validation.EXTERNAL_ID));
    Optional<String> sessionPolicy = p.optional("Policy").map(policies::session);
    SessionAttributes requested = SessionAttributes.parse(p);
    List<String> policyArns = policyArns(p);
    unsupported(p);
    Principal caller = call.caller().principal();
    if (caller.type() == Principal.Type.ROOT) {
      throw new IdentityException(
          ErrorCode.ACCESS_DENIED, "Roles may not be assumed by root accounts.");
    }
    SessionAttributes session = requested.chainedFrom(call.caller());
    Map<String, List<String>> keys = new LinkedHashMap<>();
    externalId.ifPresent(id -> keys.put("sts:ExternalId", List.of(id)));
    keys.put("sts:RoleSessionName", List.of(sessionName));
    keys.putAll(Tags.requestKeys(session.tags()));
    if (!session.transitiveTagKeys().isEmpty()) {
      keys.put("sts:TransitiveTagKeys", List.copyOf(session.transitiveTagKeys()));
    }
    session.sourceIdentity().ifPresent(s -> keys.put("sts:SourceIdentity", List.of(s)));
    Optional<Role> role = role(roleArn);
    Optional<Authorizer.ResourcePolicy> trust =
        role.map(
            r ->
                new Authorizer.ResourcePolicy(
                    r.name() + " trust policy", TrustPrincipals.effective(r), Grammar.TRUST));
    // A role that does not exist is refused exactly like one whose trust policy says no.
    // Tags (passed, or inherited as transitive) and a source identity (set, or kept from the
    // calling session) each need their own permission, evaluated like AssumeRole itself and
    // refused in this order.
    List<String> actions = new ArrayList<>(List.of("sts:AssumeRole"));
    if (!session.tags().isEmpty()) {
      actions.add("sts:TagSession");
    }
    if (session.sourceIdentity().isPresent()) {
      actions.add("sts:SetSourceIdentity");
    }
    access.requireAll(call, actions, roleArn, keys, trust);
    Role r = role.orElseThrow();
    requireSessionPolicies(policyArns, r);
    Optional<Integer> packed = session.packedPercent(sessionPolicy, policyArns);
    int duration = duration(p, r, caller.type() == Principal.Type.ASSUMED_ROLE);
    usage.roleUsed(r.accountId(), r.name(), call.receivedAt(), call.region());
    Instant issued = call.receivedAt().truncatedTo(ChronoUnit.SECONDS);
    SessionClaims.Builder claims =
        SessionClaims.builder(
                Identifiers.temporaryAccessKeyId(r.accountId()),
                Identifiers.secretAccessKey(),
                r.accountId(),
                new SessionClaims.RoleSession(r.arn(), r.roleId(), sessionName),
                issued,
                issued.plusSeconds(duration))
            // The principal tags travel in the token, so that no request of the session needs the
            // store to learn them.
            .tags(session.principalTags(r.tags()))
            .transitiveTagKeys(session.transitiveTagKeys());
    sessionPolicy.ifPresent(claims::sessionPolicy);
    claims.policyArns(policyArns);
    session.sourceIdentity().ifPresent(claims::sourceIdentity);
    SessionClaims issuedClaims = claims.build();
    String token;
    try {
      token = tokens.encode(issuedClaims);
    } catch (CryptoException e) {
      if (e.kind() != CryptoException.Kind.TOKEN_TOO_LARGE) {
        throw e;
      }
      // The role's own tags ride in the token too: together they can outgrow it.
      throw AwsException.query(
          "PackedPolicyTooLarge",
          400,
          "Packed policy consumes more than 100% of allotted space, please use smaller policy.");
    }
    XmlResponse x =
        XmlResponse.result("AssumeRole", NAMESPACE)
            .open("Credentials")
            .element("AccessKeyId", issuedClaims.accessKeyId())
            .element("SecretAccessKey", issuedClaims.secretAccessKey())
            .element("SessionToken", token)
            .element("Expiration", issuedClaims.expiresAt().toString())
            .close("Credentials")
            .open("AssumedRoleUser")
            .element("AssumedRoleId", r.roleId() + ":" + sessionName)
            .element(
                "Arn",
                "arn:aws:sts::" + r.accountId() + ":assumed-role/" + r.name() + "/" + sessionName)
            .close("AssumedRoleUser");
    packed.ifPresent(n -> x.element("PackedPolicySize", Integer.toString(n)));
    session.sourceIdentity().ifPresent(s -> x.element("SourceIdentity", s));
    return x.finish("AssumeRole", call.requestId());
  }

  /**
   * Temporary credentials for the calling user or root, for 15 minutes to 36 hours (root: one
   * hour). No permission is needed, but an explicit deny applies, and sessions cannot call it.
   */
  private QueryAnswer getSessionToken(ServiceCall call) {
    Caller caller = call.caller();
    Principal principal = caller.principal();
    if (caller.tokenIssuedAt().isPresent()) {
      throw new IdentityException(
          ErrorCode.ACCESS_DENIED, "Cannot call GetSessionToken with session credentials");
    }
    QueryParameters p = call.parameters();
    if (p.optional("SerialNumber").isPresent() || p.optional("TokenCode").isPresent()) {
      throw new IdentityException(
          ErrorCode.ACCESS_DENIED,
          "MultiFactorAuthentication failed: MFA devices are not supported");
    }
    boolean root = principal.type() == Principal.Type.ROOT;
    int max = root ? 3600 : 129_600;
    int seconds =
        p.optional("DurationSeconds").map(t -> seconds(t, max)).orElse(Math.min(43_200, max));
    access.requireNoExplicitDeny(call, "sts:GetSessionToken", "*");
    Instant issued = call.receivedAt().truncatedTo(ChronoUnit.SECONDS);
    SessionClaims session =
        SessionClaims.builder(
                Identifiers.temporaryAccessKeyId(caller.accountId()),
                Identifiers.secretAccessKey(),
                caller.accountId(),
                new SessionClaims.UserSession(
                    principal.arn(), principal.userId().orElse(caller.accountId())),
                issued,
                issued.plusSeconds(seconds))
            .tags(principal.tags())
            .build();
    return XmlResponse.result("GetSessionToken", NAMESPACE)
        .open("Credentials")
        .element("AccessKeyId", session.accessKeyId())
        .element("SecretAccessKey", session.secretAccessKey())
        .element("SessionToken", tokens.encode(session))
        .element("Expiration", session.expiresAt().toString())
        .close("Credentials")
        .finish("GetSessionToken", call.requestId());
  }

  private static int seconds(String text, int max) {
    int seconds;
    try {
      seconds = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw Validation.invalid("durationSeconds", text, "Member must be an integer");
    }
    if (seconds < 900 || seconds > max) {
      throw Validation.invalid(
          "durationSeconds",
          text,
          seconds < 900
              ? "Member must have value greater than or equal to 900"
              : "Member must have value less than or equal to " + max);
    }
    return seconds;
  }

  /**
   * The account an access key belongs to: read from a temporary key's id, or from the store for a
   * long-term key. Authorized like any action ({@code sts:GetAccessKeyInfo}).
   */
  private QueryAnswer getAccessKeyInfo(ServiceCall call) {
    String keyId =
        Validation.check(
            "accessKeyId", call.parameters().required("AccessKeyId"), 16, 128, ACCESS_KEY_ID);
    access.require(call, "sts:GetAccessKeyInfo", "*", Map.of(), Optional.empty());
    String account =
        Identifiers.accountOfTemporaryKey(keyId)
            .or(() -> store.accessKey(keyId).map(AccessKey::accountId))
            .orElseThrow(
                () ->
                    AwsException.query(
                        "InvalidParameterValue",
                        400,
                        "The access key ID " + keyId + " is not valid"));
    return XmlResponse.result("GetAccessKeyInfo", NAMESPACE)
        .element("Account", account)
        .finish("GetAccessKeyInfo", call.requestId());
  }

  /** MFA, which crossrole does not have, is refused rather than ignored. */
  private static void unsupported(QueryParameters p) {
    for (String name : new String[] {"SerialNumber", "TokenCode"}) {
      if (p.optional(name).isPresent()) {
        throw new IdentityException(
            ErrorCode.ACCESS_DENIED,
            "MultiFactorAuthentication failed: MFA devices are not supported");
      }
    }
  }

  /**
   * Whether a parameter {@code prefix} or {@code prefix.…} was given. A plain loop: it runs on
   * every AssumeRole, and a stream with a concatenated prefix per key allocated more than the check
   * is worth.
   */
  private static boolean givenUnder(QueryParameters p, String prefix) {
    for (String k : p.asMap().keySet()) {
      if (k.startsWith(prefix)
          && (k.length() == prefix.length() || k.charAt(prefix.length()) == '.')) {
        return true;
      }
    }
    return false;
  }

  /**
   * The managed session policies of {@code PolicyArns.member.N.arn}: at most 10, each an ARN of 20
   * to 2,048 characters, as STS validates them before anything else.
   */
  private static List<String> policyArns(QueryParameters p) {
    List<String> arns = new ArrayList<>();
    for (int i = 1; ; i++) {
      Optional<String> arn = p.optional("PolicyArns.member." + i + ".arn");
      if (arn.isEmpty()) {
        break;
      }
      Validation.check("policyArns." + i + ".member.arn", arn.get(), 20, 2048, Validation.ONE_LINE);
      arns.add(arn.get());
    }
    if (givenUnder(p, "PolicyArns") && arns.isEmpty()) {
      throw Validation.invalid("policyArns", "[]", "Member must be a list of policy descriptors");
    }
    if (arns.size() > MAX_POLICY_ARNS) {
      throw Validation.invalid(
          "policyArns", arns.toString(), "Member must have length less than or equal to 10");
    }
    return List.copyOf(arns);
  }

  /**
   * Each managed session policy must exist, in the role's account or among AWS's managed policies,
   * as STS requires when the session is created; later changes apply to the session as they happen.
   */
  private void requireSessionPolicies(List<String> arns, Role role) {
    for (String arn : arns) {
      boolean usable =
          (arn.startsWith("arn:aws:iam::aws:policy/")
                  || arn.startsWith("arn:aws:iam::" + role.accountId() + ":policy/"))
              && access.authorizer().managedDocument(arn).isPresent();
      if (!usable) {
        throw new IdentityException(
            ErrorCode.MALFORMED_POLICY_DOCUMENT,
            "Policy " + arn + " does not exist or is not attachable.");
      }
    }
  }

  private Optional<Role> role(String roleArn) {
    Matcher m = ROLE_ARN.matcher(roleArn);
    if (!m.matches()) {
      throw Validation.invalid("roleArn", roleArn, "Member must be a role ARN");
    }
    return store.role(m.group(1), m.group(3)).filter(r -> r.arn().equals(roleArn));
  }

  private static int duration(QueryParameters p, Role role, boolean chained) {
    int max =
        chained
            ? Math.min(CHAINED_MAX_SECONDS, role.maxSessionDurationSeconds())
            : role.maxSessionDurationSeconds();
    Optional<String> text = p.optional("DurationSeconds");
    if (text.isEmpty()) {
      return Math.min(3600, max);
    }
    int seconds;
    try {
      seconds = Integer.parseInt(text.get());
    } catch (NumberFormatException e) {
      throw Validation.invalid("durationSeconds", text.get(), "Member must be an integer");
    }
    if (seconds < 900) {
      throw Validation.invalid(
          "durationSeconds", text.get(), "Member must have value greater than or equal to 900");
    }
    if (seconds > max) {
      throw AwsException.query(
          "ValidationError",
          400,
          "The requested DurationSeconds exceeds the "
              + (chained
                  ? "1 hour session limit for roles assumed by role chaining."
                  : "MaxSessionDuration set for this role."));
    }
    return seconds;
  }
}
