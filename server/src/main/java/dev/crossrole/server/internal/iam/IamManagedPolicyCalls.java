package dev.crossrole.server.internal.iam;

import dev.crossrole.core.AttachedPolicy;
import dev.crossrole.core.AwsManagedPolicies;
import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.IdentityException;
import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.ManagedPolicy;
import dev.crossrole.core.ManagedPolicyVersion;
import dev.crossrole.core.PolicyAttachment;
import dev.crossrole.core.PolicyHolder;
import dev.crossrole.core.PolicyUsage;
import dev.crossrole.core.Role;
import dev.crossrole.core.User;
import dev.crossrole.core.crypto.Identifiers;
import dev.crossrole.server.internal.authz.Policies;
import dev.crossrole.server.internal.query.QueryAccess;
import dev.crossrole.server.internal.query.QueryAnswer;
import dev.crossrole.server.internal.query.QueryParameters;
import dev.crossrole.server.internal.query.ServiceCall;
import dev.crossrole.server.internal.query.Validation;
import dev.crossrole.server.internal.query.XmlResponse;
import dev.crossrole.server.internal.request.AwsException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * IAM's managed policy calls: customer managed policies and their versions, the built-in AWS
 * managed policies, attachments to users, groups and roles, and permissions boundaries.
 */
final class IamManagedPolicyCalls {
  private static final String NS = IamShapes.NAMESPACE;

  /** {@code policyPathType}. */
  static final Pattern POLICY_PATH = Pattern.compile("((/[A-Za-z0-9\\.,\\+@=_-]+)*)/");

  /** {@code policyVersionIdType}. */
  private static final Pattern VERSION_ID = Pattern.compile("v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?");

  /** A policy ARN as IAM reads it: {@code arn:aws:iam::ACCOUNT|aws:policy/PATH/NAME}. */
  private static final Pattern POLICY_ARN =
      Pattern.compile("arn:aws:iam::(\\d{12}|aws):policy(/|/.*/)([\\w+=,.@-]+)");

  private final IdentityStore store;
  private final QueryAccess access;
  private final Policies policies = new Policies();
  private final IamEntities entities;

  IamManagedPolicyCalls(IdentityStore store, QueryAccess access) {
    this.store = store;
    this.access = access;
    this.entities = new IamEntities(store);
  }

  /** {@code PolicyArn} (or another ARN parameter), with IAM's InvalidInput for a malformed one. */
  static String policyArn(QueryParameters p, String parameter) {
    String arn = p.required(parameter);
    Validation.check(
        Character.toLowerCase(parameter.charAt(0)) + parameter.substring(1), arn, 20, 2048);
    if (!POLICY_ARN.matcher(arn).matches()) {
      throw new IdentityException(ErrorCode.INVALID_INPUT, "ARN " + arn + " is not valid.");
    }
    return arn;
  }

  private static String versionId(QueryParameters p) {
    String id = p.required("VersionId");
    if (!VERSION_ID.matcher(id).matches()) {
      throw Validation.invalid(
          "versionId",
          id,
          "Member must satisfy regular expression pattern: " + VERSION_ID.pattern());
    }
    return id;
  }

  private static IdentityException noSuchPolicy(String arn) {
    return new IdentityException(ErrorCode.NO_SUCH_ENTITY, "Policy " + arn + " was not found.");
  }

  /**
   * Refuses a change to an AWS managed policy as IAM does: the policy belongs to AWS, not to the
   * caller's account, and no resource-based policy lets another account change it.
   */
  private static void refuseAwsManaged(ServiceCall call, String action, String arn) {
    if (AwsManagedPolicies.isAwsManagedArn(arn)) {
      throw new IdentityException(
          ErrorCode.ACCESS_DENIED,
          "User: "
              + call.caller().principal().arn()
              + " is not authorized to perform: "
              + action
              + " on resource: policy "
              + arn
              + " because no resource-based policy allows the "
              + action
              + " action");
    }
  }

  private static Instant now(ServiceCall call) {
    return call.receivedAt().truncatedTo(ChronoUnit.SECONDS);
  }

  /** The policy named by ARN, visible from the caller's account: its own or an AWS managed one. */
  private ManagedPolicy visiblePolicy(String account, String arn) {
    return store
        .managedPolicy(arn)
        .filter(p -> p.awsManaged() || p.accountId().equals(account))
        .orElseThrow(() -> noSuchPolicy(arn));
  }

  QueryAnswer createPolicy(ServiceCall call) {
    QueryParameters p = call.parameters();
    String name = Validation.check("policyName", p.required("PolicyName"), 1, 128, Validation.NAME);
    String path = Validation.check("path", p.optional("Path").orElse("/"), 1, 512, POLICY_PATH);
    Optional<String> description = p.optional("Description");
    if (description.isPresent() && description.get().length() > 1000) {
      throw Validation.invalid(
          "description", description.get(), "Member must have length less than or equal to 1000");
    }
    String document = policies.managed(p.required("PolicyDocument"));
    String account = call.caller().accountId();
    String arn = ManagedPolicy.arn(account, path, name);
    access.require(call, "iam:CreatePolicy", arn, Map.of(), Optional.empty());
    Instant now = now(call);
    ManagedPolicy policy =
        new ManagedPolicy(
            account,
            path,
            name,
            Identifiers.policyId(),
            now,
            now,
            description,
            "v1",
            p.map("Tags"));
    store.createManagedPolicy(policy, document);
    XmlResponse x = XmlResponse.result("CreatePolicy", NS).open("Policy");
    IamShapes.policy(x, policy, PolicyUsage.NONE, true);
    return x.close("Policy").finish("CreatePolicy", call.requestId());
  }

  QueryAnswer getPolicy(ServiceCall call) {
    String arn = policyArn(call.parameters(), "PolicyArn");
    String account = call.caller().accountId();
    access.require(call, "iam:GetPolicy", arn, Map.of(), Optional.empty());
    ManagedPolicy policy = visiblePolicy(account, arn);
    XmlResponse x = XmlResponse.result("GetPolicy", NS).open("Policy");
    IamShapes.policy(x, policy, store.policyUsage(account, policy.arn()), true);
    return x.close("Policy").finish("GetPolicy", call.requestId());
  }

  QueryAnswer listPolicies(ServiceCall call) {
    QueryParameters p = call.parameters();
    String account = call.caller().accountId();
    String scope = p.optional("Scope").orElse("All");
    if (!List.of("All", "AWS", "Local").contains(scope)) {
      throw Validation.invalid(
          "scope", scope, "Member must satisfy enum value set: [All, AWS, Local]");
    }
    boolean onlyAttached = bool(p, "OnlyAttached");
    String prefix =
        Validation.check("pathPrefix", p.optional("PathPrefix").orElse("/"), 1, 512, POLICY_PATH);
    Optional<String> usageFilter = p.optional("PolicyUsageFilter");
    usageFilter.ifPresent(
        f -> {
          if (!f.equals("PermissionsPolicy") && !f.equals("PermissionsBoundary")) {
            throw Validation.invalid(
                "policyUsageFilter",
                f,
                "Member must satisfy enum value set: [PermissionsPolicy, PermissionsBoundary]");
          }
        });
    access.require(call, "iam:ListPolicies", "*", Map.of(), Optional.empty());
    List<ManagedPolicy> candidates = new ArrayList<>();
    if (!scope.equals("Local")) {
      AwsManagedPolicies.all().forEach(e -> candidates.add(e.policy()));
    }
    if (!scope.equals("AWS")) {
      candidates.addAll(store.managedPolicies(account));
    }
    // The account's usage of every policy, counted by the store in one read.
    Map<String, PolicyUsage> usages = store.policyUsages(account);
    List<Listed> listed = new ArrayList<>();
    for (ManagedPolicy m : candidates) {
      if (!m.path().startsWith(prefix)) {
        continue;
      }
      String key = m.arn().toLowerCase(Locale.ROOT);
      PolicyUsage usage = usages.getOrDefault(key, PolicyUsage.NONE);
      // Every managed policy can serve both as a permissions policy and as a boundary: the usage
      // filter tells which use OnlyAttached looks for.
      boolean used =
          switch (usageFilter.orElse("")) {
            case "PermissionsPolicy" -> usage.attachmentCount() > 0;
            case "PermissionsBoundary" -> usage.permissionsBoundaryUsageCount() > 0;
            default -> usage.attachmentCount() > 0 || usage.permissionsBoundaryUsageCount() > 0;
          };
      if (onlyAttached && !used) {
        continue;
      }
      listed.add(new Listed(m, usage));
    }
    Page<Listed> page = Page.of(listed, l -> l.policy().name() + "\n" + l.policy().arn(), p);
    XmlResponse x = XmlResponse.result("ListPolicies", NS).open("Policies");
    for (Listed l : page.items()) {
      x.open("member");
      IamShapes.policy(x, l.policy(), l.usage(), false);
      x.close("member");
    }
    return page.writeTruncation(x.close("Policies")).finish("ListPolicies", call.requestId());
  }

  private record Listed(ManagedPolicy policy, PolicyUsage usage) {}

  QueryAnswer deletePolicy(ServiceCall call) {
    String arn = policyArn(call.parameters(), "PolicyArn");
    String account = call.caller().accountId();
    refuseAwsManaged(call, "iam:DeletePolicy", arn);
    access.require(call, "iam:DeletePolicy", arn, Map.of(), Optional.empty());
    ManagedPolicy policy = visiblePolicy(account, arn);
    store.deleteManagedPolicy(policy.arn());
    return XmlResponse.result("DeletePolicy", NS).finish("DeletePolicy", call.requestId());
  }

  QueryAnswer createPolicyVersion(ServiceCall call) {
    QueryParameters p = call.parameters();
    String arn = policyArn(p, "PolicyArn");
    String document = policies.managed(p.required("PolicyDocument"));
    boolean setAsDefault = bool(p, "SetAsDefault");
    String account = call.caller().accountId();
    refuseAwsManaged(call, "iam:CreatePolicyVersion", arn);
    access.require(call, "iam:CreatePolicyVersion", arn, Map.of(), Optional.empty());
    ManagedPolicy policy = visiblePolicy(account, arn);
    ManagedPolicyVersion v =
        store.createPolicyVersion(policy.arn(), document, setAsDefault, now(call));
    XmlResponse x = XmlResponse.result("CreatePolicyVersion", NS).open("PolicyVersion");
    IamShapes.version(x, v, false);
    return x.close("PolicyVersion").finish("CreatePolicyVersion", call.requestId());
  }

  QueryAnswer getPolicyVersion(ServiceCall call) {
    QueryParameters p = call.parameters();
    String arn = policyArn(p, "PolicyArn");
    String versionId = versionId(p);
    String account = call.caller().accountId();
    access.require(call, "iam:GetPolicyVersion", arn, Map.of(), Optional.empty());
    ManagedPolicy policy = visiblePolicy(account, arn);
    ManagedPolicyVersion v =
        store
            .policyVersion(policy.arn(), versionId)
            .orElseThrow(
                () ->
                    new IdentityException(
                        ErrorCode.NO_SUCH_ENTITY,
                        "Policy "
                            + arn
                            + " version "
                            + versionId
                            + " does not exist or is not attachable."));
    XmlResponse x = XmlResponse.result("GetPolicyVersion", NS).open("PolicyVersion");
    IamShapes.version(x, v, true);
    return x.close("PolicyVersion").finish("GetPolicyVersion", call.requestId());
  }

  QueryAnswer listPolicyVersions(ServiceCall call) {
    String arn = policyArn(call.parameters(), "PolicyArn");
    String account = call.caller().accountId();
    access.require(call, "iam:ListPolicyVersions", arn, Map.of(), Optional.empty());
    ManagedPolicy policy = visiblePolicy(account, arn);
    Page<ManagedPolicyVersion> page =
        Page.inOrder(
            store.policyVersions(policy.arn()), ManagedPolicyVersion::versionId, call.parameters());
    XmlResponse x = XmlResponse.result("ListPolicyVersions", NS).open("Versions");
    for (ManagedPolicyVersion v : page.items()) {
      x.open("member");
      IamShapes.version(x, v, false);
      x.close("member");
    }
    return page.writeTruncation(x.close("Versions")).finish("ListPolicyVersions", call.requestId());
  }

  QueryAnswer deletePolicyVersion(ServiceCall call) {
    return changeVersion(call, "DeletePolicyVersion", store::deletePolicyVersion);
  }

  QueryAnswer setDefaultPolicyVersion(ServiceCall call) {
    return changeVersion(call, "SetDefaultPolicyVersion", store::setDefaultPolicyVersion);
  }

  /**
   * A call that changes one version of a customer managed policy: the policy ARN and version id
   * checked, AWS managed policies refused, {@code iam:OPERATION} required on the policy, then
   * {@code change} applied to the policy's stored ARN and the version id.
   */
  private QueryAnswer changeVersion(
      ServiceCall call, String operation, BiConsumer<String, String> change) {
    QueryParameters p = call.parameters();
    String arn = policyArn(p, "PolicyArn");
    String versionId = versionId(p);
    String action = "iam:" + operation;
    refuseAwsManaged(call, action, arn);
    access.require(call, action, arn, Map.of(), Optional.empty());
    ManagedPolicy policy = visiblePolicy(call.caller().accountId(), arn);
    change.accept(policy.arn(), versionId);
    return XmlResponse.result(operation, NS).finish(operation, call.requestId());
  }

  /** The entity an attachment or boundary call names (a user by userNameType), and its ARN. */
  private IamEntities.Named entity(ServiceCall call, PolicyHolder kind) {
    return entities.named(
        call.caller().accountId(), call.parameters(), kind, IamEntities.UserName.NEW);
  }

  static String title(PolicyHolder kind) {
    String n = kind.name().toLowerCase(Locale.ROOT);
    return Character.toUpperCase(n.charAt(0)) + n.substring(1);
  }

  QueryAnswer attach(ServiceCall call, PolicyHolder kind) {
    IamEntities.Named e = entity(call, kind);
    String arn = policyArn(call.parameters(), "PolicyArn");
    String action = "Attach" + title(kind) + "Policy";
    access.require(call, "iam:" + action, e.arn(), Map.of("iam:PolicyARN", arn), Optional.empty());
    store.attachPolicy(kind, call.caller().accountId(), e.name(), arn);
    return XmlResponse.result(action, NS).finish(action, call.requestId());
  }

  QueryAnswer detach(ServiceCall call, PolicyHolder kind) {
    IamEntities.Named e = entity(call, kind);
    String arn = policyArn(call.parameters(), "PolicyArn");
    String action = "Detach" + title(kind) + "Policy";
    access.require(call, "iam:" + action, e.arn(), Map.of("iam:PolicyARN", arn), Optional.empty());
    store.detachPolicy(kind, call.caller().accountId(), e.name(), arn);
    return XmlResponse.result(action, NS).finish(action, call.requestId());
  }

  QueryAnswer listAttached(ServiceCall call, PolicyHolder kind) {
    IamEntities.Named e = entity(call, kind);
    String prefix =
        Validation.check(
            "pathPrefix",
            call.parameters().optional("PathPrefix").orElse("/"),
            1,
            512,
            POLICY_PATH);
    String action = "ListAttached" + title(kind) + "Policies";
    String account = call.caller().accountId();
    access.require(call, "iam:" + action, e.arn(), Map.of(), Optional.empty());
    entities.requireExisting(account, e.kind(), e.name());
    List<AttachedPolicy> attached = new ArrayList<>();
    for (AttachedPolicy a : store.attachedPolicies(kind, account, e.name())) {
      if (pathOf(a.policyArn()).startsWith(prefix)) {
        attached.add(a);
      }
    }
    Page<AttachedPolicy> page =
        Page.of(attached, a -> a.policyName() + "\n" + a.policyArn(), call.parameters());
    XmlResponse x = XmlResponse.result(action, NS);
    IamShapes.attached(x, "AttachedPolicies", page.items());
    return page.writeTruncation(x).finish(action, call.requestId());
  }

  /** The path of a policy ARN: {@code /} or {@code /a/b/}. */
  static String pathOf(String policyArn) {
    String rest = policyArn.substring(policyArn.indexOf(":policy") + 7);
    return rest.substring(0, rest.lastIndexOf('/') + 1);
  }

  QueryAnswer listEntitiesForPolicy(ServiceCall call) {
    QueryParameters p = call.parameters();
    String arn = policyArn(p, "PolicyArn");
    Optional<String> filter = p.optional("EntityFilter");
    if (filter.isPresent()
        && !List.of("User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy")
            .contains(filter.get())) {
      throw Validation.invalid(
          "entityFilter",
          filter.get(),
          "Member must satisfy enum value set: [User, Role, Group, LocalManagedPolicy, AWSManagedPolicy]");
    }
    String prefix =
        Validation.check(
            "pathPrefix", p.optional("PathPrefix").orElse("/"), 1, 512, Validation.PATH);
    String usage = p.optional("PolicyUsageFilter").orElse("");
    String account = call.caller().accountId();
    access.require(call, "iam:ListEntitiesForPolicy", arn, Map.of(), Optional.empty());
    ManagedPolicy policy = visiblePolicy(account, arn);
    List<PolicyAttachment> entities = new ArrayList<>();
    if (!usage.equals("PermissionsBoundary")) {
      entities.addAll(store.attachments(account, policy.arn()));
    }
    if (!usage.equals("PermissionsPolicy")) {
      for (PolicyAttachment b : store.boundaryUses(account, policy.arn())) {
        if (entities.stream()
            .noneMatch(a -> a.holder() == b.holder() && a.holderId().equals(b.holderId()))) {
          entities.add(b);
        }
      }
    }
    List<PolicyAttachment> selected = new ArrayList<>();
    for (PolicyAttachment a : entities) {
      if (filter.isPresent() && !filter.get().equalsIgnoreCase(a.holder().name())) {
        continue;
      }
      if (!a.holderPath().startsWith(prefix)) {
        continue;
      }
      selected.add(a);
    }
    Page<PolicyAttachment> page = Page.inOrder(selected, a -> a.holder() + ":" + a.holderId(), p);
    XmlResponse x = XmlResponse.result("ListEntitiesForPolicy", NS);
    entityList(x, "PolicyGroups", PolicyHolder.GROUP, page.items());
    entityList(x, "PolicyUsers", PolicyHolder.USER, page.items());
    entityList(x, "PolicyRoles", PolicyHolder.ROLE, page.items());
    return page.writeTruncation(x).finish("ListEntitiesForPolicy", call.requestId());
  }

  private static void entityList(
      XmlResponse x, String element, PolicyHolder kind, List<PolicyAttachment> all) {
    String t = title(kind);
    x.open(element);
    for (PolicyAttachment a : all) {
      if (a.holder() == kind) {
        x.open("member")
            .element(t + "Name", a.holderName())
            .element(t + "Id", a.holderId())
            .close("member");
      }
    }
    x.close(element);
  }

  /**
   * The {@code PermissionsBoundary} parameter of CreateUser and CreateRole, resolved to the
   * policy's ARN as stored; IAM refuses a policy it cannot find.
   */
  Optional<String> boundaryParameter(ServiceCall call) {
    Optional<String> arn = call.parameters().optional("PermissionsBoundary");
    if (arn.isEmpty()) {
      return Optional.empty();
    }
    String checked = policyArn(call.parameters(), "PermissionsBoundary");
    return Optional.of(boundaryPolicy(call.caller().accountId(), checked).arn());
  }

  private ManagedPolicy boundaryPolicy(String account, String arn) {
    return store
        .managedPolicy(arn)
        .filter(p -> p.awsManaged() || p.accountId().equals(account))
        .orElseThrow(
            () ->
                new IdentityException(
                    ErrorCode.NO_SUCH_ENTITY,
                    "Scope ARN: " + arn + " does not exist or is not attachable."));
  }

  QueryAnswer putBoundary(ServiceCall call, PolicyHolder kind) {
    IamEntities.Named e = entity(call, kind);
    String arn = policyArn(call.parameters(), "PermissionsBoundary");
    String action = "Put" + title(kind) + "PermissionsBoundary";
    access.require(
        call, "iam:" + action, e.arn(), Map.of("iam:PermissionsBoundary", arn), Optional.empty());
    String account = call.caller().accountId();
    entities.requireExisting(account, e.kind(), e.name());
    boundaryPolicy(account, arn);
    store.setPermissionsBoundary(kind, account, e.name(), Optional.of(arn));
    return XmlResponse.result(action, NS).finish(action, call.requestId());
  }

  QueryAnswer deleteBoundary(ServiceCall call, PolicyHolder kind) {
    IamEntities.Named e = entity(call, kind);
    String action = "Delete" + title(kind) + "PermissionsBoundary";
    String account = call.caller().accountId();
    Map<String, String> keys = new LinkedHashMap<>();
    currentBoundary(account, e).ifPresent(b -> keys.put("iam:PermissionsBoundary", b));
    access.require(call, "iam:" + action, e.arn(), keys, Optional.empty());
    entities.requireExisting(account, e.kind(), e.name());
    store.setPermissionsBoundary(kind, account, e.name(), Optional.empty());
    return XmlResponse.result(action, NS).finish(action, call.requestId());
  }

  private Optional<String> currentBoundary(String account, IamEntities.Named e) {
    return switch (e.kind()) {
      case USER -> store.user(account, e.name()).flatMap(User::permissionsBoundaryArn);
      case ROLE -> store.role(account, e.name()).flatMap(Role::permissionsBoundaryArn);
      case GROUP -> Optional.empty();
    };
  }

  private static boolean bool(QueryParameters p, String name) {
    Optional<String> v = p.optional(name);
    if (v.isEmpty()) {
      return false;
    }
    return switch (v.get().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw AwsException.query(
              "ValidationError", 400, "Invalid boolean value for " + name + ": " + v.get());
    };
  }
}
