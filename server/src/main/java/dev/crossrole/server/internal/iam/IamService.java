package dev.crossrole.server.internal.iam;

import dev.crossrole.core.AccessKey;
import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.IdentityException;
import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.InlinePolicy;
import dev.crossrole.core.PolicyHolder;
import dev.crossrole.core.Role;
import dev.crossrole.core.User;
import dev.crossrole.core.crypto.Identifiers;
import dev.crossrole.core.crypto.SecretBox;
import dev.crossrole.policy.Principal;
import dev.crossrole.server.internal.authz.Policies;
import dev.crossrole.server.internal.authz.Tags;
import dev.crossrole.server.internal.authz.TrustPrincipals;
import dev.crossrole.server.internal.iam.simulator.IamSimulator;
import dev.crossrole.server.internal.query.QueryAccess;
import dev.crossrole.server.internal.query.QueryAnswer;
import dev.crossrole.server.internal.query.QueryParameters;
import dev.crossrole.server.internal.query.QueryService;
import dev.crossrole.server.internal.query.ServiceCall;
import dev.crossrole.server.internal.query.Validation;
import dev.crossrole.server.internal.query.XmlResponse;
import dev.crossrole.server.internal.request.AwsException;
import dev.crossrole.server.internal.request.UsageLog;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The IAM API over the Query protocol: users, access keys, roles, groups, inline and managed
 * policies, attachments and permissions boundaries, each call authorized by the policy engine in
 * the caller's own account.
 */
public final class IamService implements QueryService {
  /** The namespace of IAM's responses. */
  public static final String NAMESPACE = IamShapes.NAMESPACE;

  private final IdentityStore store;
  private final SecretBox secrets;
  private final QueryAccess access;
  private final Policies policies = new Policies();
  private final UsageLog usage;
  private final IamTagging tagging;
  private final IamUpdates updates;
  private final IamSimulator simulator;
  private final IamGroupCalls groups;
  private final IamManagedPolicyCalls managed;
  private final IamAuthorizationDetails details;
  private final IamEntities entities;

  public IamService(IdentityStore store, SecretBox secrets, QueryAccess access, UsageLog usage) {
    this.store = store;
    this.secrets = secrets;
    this.access = access;
    this.usage = usage;
    this.tagging = new IamTagging(store, access);
    this.updates = new IamUpdates(store, access, usage);
    this.simulator = new IamSimulator(store, access);
    this.groups = new IamGroupCalls(store, access);
    this.managed = new IamManagedPolicyCalls(store, access);
    this.details = new IamAuthorizationDetails(store, access);
    this.entities = new IamEntities(store);
  }

  @Override
  public String namespace() {
    return NAMESPACE;
  }

  @Override
  public QueryAnswer handle(ServiceCall call) {
    Principal caller = call.caller().principal();
    boolean sessionOfUserOrRoot =
        call.caller().tokenIssuedAt().isPresent() && caller.type() != Principal.Type.ASSUMED_ROLE;
    if (sessionOfUserOrRoot) {
      // GetSessionToken's credentials cannot call IAM without MFA, which crossrole has not.
      throw dev.crossrole.server.internal.sigv4.SignatureException.invalidClientTokenId();
    }
    return switch (call.action()) {
      case "CreateUser" -> createUser(call);
      case "GetUser" -> getUser(call);
      case "ListUsers" -> listUsers(call);
      case "DeleteUser" -> deleteUser(call);
      case "CreateAccessKey" -> createAccessKey(call);
      case "ListAccessKeys" -> listAccessKeys(call);
      case "UpdateAccessKey" -> updateAccessKey(call);
      case "DeleteAccessKey" -> deleteAccessKey(call);
      case "CreateRole" -> createRole(call);
      case "GetRole" -> getRole(call);
      case "ListRoles" -> listRoles(call);
      case "DeleteRole" -> deleteRole(call);
      case "UpdateAssumeRolePolicy" -> updateAssumeRolePolicy(call);
      case "PutUserPolicy" -> putPolicy(call, PolicyHolder.USER);
      case "PutRolePolicy" -> putPolicy(call, PolicyHolder.ROLE);
      case "GetUserPolicy" -> getPolicy(call, PolicyHolder.USER);
      case "GetRolePolicy" -> getPolicy(call, PolicyHolder.ROLE);
      case "ListUserPolicies" -> listPolicies(call, PolicyHolder.USER);
      case "ListRolePolicies" -> listPolicies(call, PolicyHolder.ROLE);
      case "DeleteUserPolicy" -> deletePolicy(call, PolicyHolder.USER);
      case "DeleteRolePolicy" -> deletePolicy(call, PolicyHolder.ROLE);
      case "TagUser" -> tagging.tag(call, PolicyHolder.USER);
      case "UntagUser" -> tagging.untag(call, PolicyHolder.USER);
      case "ListUserTags" -> tagging.listTags(call, PolicyHolder.USER);
      case "TagRole" -> tagging.tag(call, PolicyHolder.ROLE);
      case "UntagRole" -> tagging.untag(call, PolicyHolder.ROLE);
      case "ListRoleTags" -> tagging.listTags(call, PolicyHolder.ROLE);
      case "UpdateUser" -> updates.updateUser(call);
      case "UpdateRole" -> updates.updateRole(call);
      case "UpdateRoleDescription" -> updates.updateRoleDescription(call);
      case "GetAccessKeyLastUsed" -> updates.getAccessKeyLastUsed(call);
      case "SimulateCustomPolicy" -> simulator.simulateCustomPolicy(call);
      case "SimulatePrincipalPolicy" -> simulator.simulatePrincipalPolicy(call);
      case "PutGroupPolicy" -> putPolicy(call, PolicyHolder.GROUP);
      case "GetGroupPolicy" -> getPolicy(call, PolicyHolder.GROUP);
      case "ListGroupPolicies" -> listPolicies(call, PolicyHolder.GROUP);
      case "DeleteGroupPolicy" -> deletePolicy(call, PolicyHolder.GROUP);
      case "CreateGroup" -> groups.createGroup(call);
      case "GetGroup" -> groups.getGroup(call);
      case "ListGroups" -> groups.listGroups(call);
      case "UpdateGroup" -> groups.updateGroup(call);
      case "DeleteGroup" -> groups.deleteGroup(call);
      case "AddUserToGroup" -> groups.addUserToGroup(call);
      case "RemoveUserFromGroup" -> groups.removeUserFromGroup(call);
      case "ListGroupsForUser" -> groups.listGroupsForUser(call);
      case "CreatePolicy" -> managed.createPolicy(call);
      case "GetPolicy" -> managed.getPolicy(call);
      case "ListPolicies" -> managed.listPolicies(call);
      case "DeletePolicy" -> managed.deletePolicy(call);
      case "CreatePolicyVersion" -> managed.createPolicyVersion(call);
      case "GetPolicyVersion" -> managed.getPolicyVersion(call);
      case "ListPolicyVersions" -> managed.listPolicyVersions(call);
      case "DeletePolicyVersion" -> managed.deletePolicyVersion(call);
      case "SetDefaultPolicyVersion" -> managed.setDefaultPolicyVersion(call);
      case "AttachUserPolicy" -> managed.attach(call, PolicyHolder.USER);
      case "AttachRolePolicy" -> managed.attach(call, PolicyHolder.ROLE);
      case "AttachGroupPolicy" -> managed.attach(call, PolicyHolder.GROUP);
      case "DetachUserPolicy" -> managed.detach(call, PolicyHolder.USER);
      case "DetachRolePolicy" -> managed.detach(call, PolicyHolder.ROLE);
      case "DetachGroupPolicy" -> managed.detach(call, PolicyHolder.GROUP);
      case "ListAttachedUserPolicies" -> managed.listAttached(call, PolicyHolder.USER);
      case "ListAttachedRolePolicies" -> managed.listAttached(call, PolicyHolder.ROLE);
      case "ListAttachedGroupPolicies" -> managed.listAttached(call, PolicyHolder.GROUP);
      case "ListEntitiesForPolicy" -> managed.listEntitiesForPolicy(call);
      case "PutUserPermissionsBoundary" -> managed.putBoundary(call, PolicyHolder.USER);
      case "PutRolePermissionsBoundary" -> managed.putBoundary(call, PolicyHolder.ROLE);
      case "DeleteUserPermissionsBoundary" -> managed.deleteBoundary(call, PolicyHolder.USER);
      case "DeleteRolePermissionsBoundary" -> managed.deleteBoundary(call, PolicyHolder.ROLE);
      case "GetAccountAuthorizationDetails" -> details.handle(call);
      default ->
          throw AwsException.query(
              "InvalidAction",
              400,
              "Could not find operation " + call.action() + " for version 2010-05-08");
    };
  }

  private String account(ServiceCall call) {
    return call.caller().accountId();
  }

  private QueryAnswer createUser(ServiceCall call) {
    QueryParameters p = call.parameters();
    String name = IamEntities.userName(p, IamEntities.UserName.NEW);
    String path = Validation.check("path", p.optional("Path").orElse("/"), 1, 512, Validation.PATH);
    String account = account(call);
    Map<String, String> tags = RequestTags.of(p);
    authorizeCreate(call, "User", IamEntities.userArn(account, path, name), tags);
    User user =
        new User(
            account,
            path,
            name,
            Identifiers.userId(),
            now(call),
            managed.boundaryParameter(call),
            tags);
    store.createUser(user);
    XmlResponse x = XmlResponse.result("CreateUser", NAMESPACE).open("User");
    user(x, user);
    return x.close("User").finish("CreateUser", call.requestId());
  }

  private QueryAnswer getUser(ServiceCall call) {
    String account = account(call);
    Optional<String> requested = call.parameters().optional("UserName");
    Principal caller = call.caller().principal();
    String name;
    if (requested.isPresent()) {
      name = IamEntities.userName("userName", requested.get(), IamEntities.UserName.EXISTING);
    } else if (caller.type() == Principal.Type.USER) {
      name = caller.entityName().orElseThrow();
    } else {
      throw AwsException.query(
          "ValidationError", 400, "Must specify userName when calling with non-User credentials");
    }
    access.require(
        call, "iam:GetUser", entities.userArn(account, name), Map.of(), Optional.empty());
    User user = entities.user(account, name);
    XmlResponse x = XmlResponse.result("GetUser", NAMESPACE).open("User");
    user(x, user);
    return x.close("User").finish("GetUser", call.requestId());
  }

  private QueryAnswer listUsers(ServiceCall call) {
    return list(call, "Users", PolicyHolder.USER, store::users, User::name, IamService::user);
  }

  /**
   * ListUsers or ListRoles ({@code plural}): authorized on the ARN of {@code PathPrefix}, the
   * entities under it by name, a page at a time.
   */
  private <T> QueryAnswer list(
      ServiceCall call,
      String plural,
      PolicyHolder kind,
      BiFunction<String, String, List<T>> under,
      Function<T, String> name,
      BiConsumer<XmlResponse, T> write) {
    String account = account(call);
    String prefix = call.parameters().optional("PathPrefix").orElse("/");
    String action = "List" + plural;
    access.require(
        call,
        "iam:" + action,
        IamEntities.arn(account, kind, prefix, ""),
        Map.of(),
        Optional.empty());
    Page<T> page = Page.of(under.apply(account, prefix), name, call.parameters());
    XmlResponse x = XmlResponse.result(action, NAMESPACE).open(plural);
    for (T entity : page.items()) {
      x.open("member");
      write.accept(x, entity);
      x.close("member");
    }
    return page.writeTruncation(x.close(plural)).finish(action, call.requestId());
  }

  private QueryAnswer deleteUser(ServiceCall call) {
    String account = account(call);
    String name = IamEntities.userName(call.parameters(), IamEntities.UserName.EXISTING);
    access.require(
        call, "iam:DeleteUser", entities.userArn(account, name), Map.of(), Optional.empty());
    entities.user(account, name);
    store.deleteUser(account, name);
    return XmlResponse.result("DeleteUser", NAMESPACE).finish("DeleteUser", call.requestId());
  }

  private static void user(XmlResponse x, User u) {
    IamShapes.user(x, u);
  }

  /** The user a key call is about: the named one, else the caller itself (a user or the root). */
  private Optional<String> keyOwner(ServiceCall call) {
    Optional<String> named = call.parameters().optional("UserName");
    if (named.isPresent()) {
      return Optional.of(
          IamEntities.userName("userName", named.get(), IamEntities.UserName.EXISTING));
    }
    Principal caller = call.caller().principal();
    return caller.type() == Principal.Type.USER ? caller.entityName() : Optional.empty();
  }

  private String keyResource(String account, Optional<String> owner) {
    return owner.map(n -> entities.userArn(account, n)).orElse("arn:aws:iam::" + account + ":root");
  }

  private QueryAnswer createAccessKey(ServiceCall call) {
    String account = account(call);
    Optional<String> owner = keyOwner(call);
    access.require(
        call, "iam:CreateAccessKey", keyResource(account, owner), Map.of(), Optional.empty());
    owner.ifPresent(n -> entities.user(account, n));
    if (store.accessKeys(account, owner).size() >= 2) {
      throw new IdentityException(
          ErrorCode.LIMIT_EXCEEDED, "Cannot exceed quota for AccessKeysPerUser: 2");
    }
    String id = Identifiers.accessKeyId();
    String secret = Identifiers.secretAccessKey();
    AccessKey key =
        new AccessKey(
            id,
            account,
            owner,
            AccessKey.Status.ACTIVE,
            now(call),
            secrets.sealText(secret, id),
            Optional.empty());
    store.createAccessKey(key);
    return XmlResponse.result("CreateAccessKey", NAMESPACE)
        .open("AccessKey")
        .element("UserName", owner.orElse(null))
        .element("AccessKeyId", id)
        .element("Status", key.status().text())
        .element("SecretAccessKey", secret)
        .element("CreateDate", key.created().toString())
        .close("AccessKey")
        .finish("CreateAccessKey", call.requestId());
  }

  private QueryAnswer listAccessKeys(ServiceCall call) {
    String account = account(call);
    Optional<String> owner = keyOwner(call);
    access.require(
        call, "iam:ListAccessKeys", keyResource(account, owner), Map.of(), Optional.empty());
    owner.ifPresent(n -> entities.user(account, n));
    Page<AccessKey> page =
        Page.of(store.accessKeys(account, owner), AccessKey::accessKeyId, call.parameters());
    XmlResponse x = XmlResponse.result("ListAccessKeys", NAMESPACE).open("AccessKeyMetadata");
    for (AccessKey k : page.items()) {
      x.open("member")
          .element("UserName", k.userName().orElse(null))
          .element("AccessKeyId", k.accessKeyId())
          .element("Status", k.status().text())
          .element("CreateDate", k.created().toString())
          .close("member");
    }
    return page.writeTruncation(x.close("AccessKeyMetadata"))
        .finish("ListAccessKeys", call.requestId());
  }

  /** A key of {@code owner} in the caller's account, or NoSuchEntity. */
  private AccessKey ownedKey(String account, Optional<String> owner, String keyId) {
    return store
        .accessKey(keyId)
        .filter(k -> k.accountId().equals(account) && k.userName().equals(owner))
        .orElseThrow(
            () ->
                new IdentityException(
                    ErrorCode.NO_SUCH_ENTITY,
                    "The Access Key with id " + keyId + " cannot be found."));
  }

  private QueryAnswer updateAccessKey(ServiceCall call) {
    String account = account(call);
    Optional<String> owner = keyOwner(call);
    String keyId = call.parameters().required("AccessKeyId");
    String status = call.parameters().required("Status");
    AccessKey.Status next =
        switch (status) {
          case "Active" -> AccessKey.Status.ACTIVE;
          case "Inactive" -> AccessKey.Status.INACTIVE;
          default ->
              throw Validation.invalid(
                  "status", status, "Member must satisfy enum value set: [Active, Inactive]");
        };
    access.require(
        call, "iam:UpdateAccessKey", keyResource(account, owner), Map.of(), Optional.empty());
    ownedKey(account, owner, keyId);
    store.updateAccessKeyStatus(keyId, next);
    return XmlResponse.result("UpdateAccessKey", NAMESPACE)
        .finish("UpdateAccessKey", call.requestId());
  }

  private QueryAnswer deleteAccessKey(ServiceCall call) {
    String account = account(call);
    Optional<String> owner = keyOwner(call);
    String keyId = call.parameters().required("AccessKeyId");
    access.require(
        call, "iam:DeleteAccessKey", keyResource(account, owner), Map.of(), Optional.empty());
    ownedKey(account, owner, keyId);
    store.deleteAccessKey(keyId);
    return XmlResponse.result("DeleteAccessKey", NAMESPACE)
        .finish("DeleteAccessKey", call.requestId());
  }

  private QueryAnswer createRole(ServiceCall call) {
    QueryParameters p = call.parameters();
    String name = IamEntities.roleName(p);
    String path = Validation.check("path", p.optional("Path").orElse("/"), 1, 512, Validation.PATH);
    String trust = policies.trust(p.required("AssumeRolePolicyDocument"));
    int maxSession = IamUpdates.maxSessionDuration(p);
    String account = account(call);
    Map<String, String> tags = RequestTags.of(p);
    authorizeCreate(call, "Role", IamEntities.roleArn(account, path, name), tags);
    Role role =
        Role.builder(account, name)
            .path(path)
            .roleId(Identifiers.roleId())
            .created(now(call))
            .trustPolicy(trust)
            .description(p.optional("Description").map(IamEntities::roleDescription))
            .maxSessionDurationSeconds(maxSession)
            .permissionsBoundaryArn(managed.boundaryParameter(call))
            .tags(tags)
            .trustPrincipalIds(TrustPrincipals.resolve(trust, store))
            .build();
    store.createRole(role);
    XmlResponse x = XmlResponse.result("CreateRole", NAMESPACE).open("Role");
    role(x, role, store);
    return x.close("Role").finish("CreateRole", call.requestId());
  }

  /**
   * Authorizes CreateUser or CreateRole ({@code entity}) on {@code arn} with the request's tags and
   * permissions boundary as condition keys and, when it tags, Tag{@code entity} too: IAM requires
   * both for a create that tags.
   */
  private void authorizeCreate(
      ServiceCall call, String entity, String arn, Map<String, String> tags) {
    QueryParameters p = call.parameters();
    Optional<String> boundary = p.optional("PermissionsBoundary");
    boundary.ifPresent(b -> IamManagedPolicyCalls.policyArn(p, "PermissionsBoundary"));
    Map<String, List<String>> keys = new LinkedHashMap<>(requestTags(tags));
    boundary.ifPresent(b -> keys.put("iam:PermissionsBoundary", List.of(b)));
    access.requireWith(call, "iam:Create" + entity, arn, keys);
    if (!tags.isEmpty()) {
      access.requireWith(call, "iam:Tag" + entity, arn, requestTags(tags));
    }
  }

  /** The request keys of a create call with tags; none without. */
  private static Map<String, List<String>> requestTags(Map<String, String> tags) {
    return tags.isEmpty() ? Map.of() : Tags.requestKeys(tags);
  }

  private QueryAnswer getRole(ServiceCall call) {
    String account = account(call);
    String name = IamEntities.roleName(call.parameters());
    access.require(
        call, "iam:GetRole", entities.roleArn(account, name), Map.of(), Optional.empty());
    Role role = entities.role(account, name);
    XmlResponse x = XmlResponse.result("GetRole", NAMESPACE).open("Role");
    role(x, role, store);
    x.open("RoleLastUsed");
    usage
        .roleLastUsed(account, role.name())
        .ifPresent(
            u -> x.element("LastUsedDate", u.date().toString()).element("Region", u.region()));
    x.close("RoleLastUsed");
    return x.close("Role").finish("GetRole", call.requestId());
  }

  private QueryAnswer listRoles(ServiceCall call) {
    return list(
        call, "Roles", PolicyHolder.ROLE, store::roles, Role::name, (x, r) -> role(x, r, store));
  }

  private QueryAnswer deleteRole(ServiceCall call) {
    String account = account(call);
    String name = IamEntities.roleName(call.parameters());
    access.require(
        call, "iam:DeleteRole", entities.roleArn(account, name), Map.of(), Optional.empty());
    store.deleteRole(account, name);
    return XmlResponse.result("DeleteRole", NAMESPACE).finish("DeleteRole", call.requestId());
  }

  private QueryAnswer updateAssumeRolePolicy(ServiceCall call) {
    String account = account(call);
    String name = IamEntities.roleName(call.parameters());
    String trust = policies.trust(call.parameters().required("PolicyDocument"));
    access.require(
        call,
        "iam:UpdateAssumeRolePolicy",
        entities.roleArn(account, name),
        Map.of(),
        Optional.empty());
    Role role = entities.role(account, name);
    store.updateRole(role.withTrust(trust, TrustPrincipals.resolve(trust, store)));
    return XmlResponse.result("UpdateAssumeRolePolicy", NAMESPACE)
        .finish("UpdateAssumeRolePolicy", call.requestId());
  }

  /** The members of {@code Role}, the trust policy shown as IAM shows it. */
  private static void role(XmlResponse x, Role r, IdentityStore store) {
    IamShapes.role(x, r, TrustPrincipals.shown(r, store));
  }

  /** The holder an inline-policy call names (a user as an existing one) and its ARN. */
  private IamEntities.Named holder(ServiceCall call, PolicyHolder kind) {
    return entities.named(account(call), call.parameters(), kind, IamEntities.UserName.EXISTING);
  }

  private static String prefix(PolicyHolder kind) {
    return IamManagedPolicyCalls.title(kind);
  }

  private QueryAnswer putPolicy(ServiceCall call, PolicyHolder kind) {
    IamEntities.Named h = holder(call, kind);
    String policyName =
        Validation.check(
            "policyName", call.parameters().required("PolicyName"), 1, 128, Validation.NAME);
    String document = policies.inline(call.parameters().required("PolicyDocument"), kind);
    String action = "Put" + prefix(kind) + "Policy";
    access.require(call, "iam:" + action, h.arn(), Map.of(), Optional.empty());
    entities.requireExisting(account(call), kind, h.name());
    store.putInlinePolicy(new InlinePolicy(kind, account(call), h.name(), policyName, document));
    return XmlResponse.result(action, NAMESPACE).finish(action, call.requestId());
  }

  private QueryAnswer getPolicy(ServiceCall call, PolicyHolder kind) {
    IamEntities.Named h = holder(call, kind);
    String policyName = call.parameters().required("PolicyName");
    String action = "Get" + prefix(kind) + "Policy";
    access.require(call, "iam:" + action, h.arn(), Map.of(), Optional.empty());
    entities.requireExisting(account(call), kind, h.name());
    InlinePolicy policy =
        store
            .inlinePolicy(kind, account(call), h.name(), policyName)
            .orElseThrow(
                () ->
                    new IdentityException(
                        ErrorCode.NO_SUCH_ENTITY,
                        "The "
                            + prefix(kind).toLowerCase(Locale.ROOT)
                            + " policy with name "
                            + policyName
                            + " cannot be found."));
    return XmlResponse.result(action, NAMESPACE)
        .element(prefix(kind) + "Name", h.name())
        .element("PolicyName", policy.policyName())
        .element("PolicyDocument", encode(policy.document()))
        .finish(action, call.requestId());
  }

  private QueryAnswer listPolicies(ServiceCall call, PolicyHolder kind) {
    IamEntities.Named h = holder(call, kind);
    String action = "List" + prefix(kind) + "Policies";
    access.require(call, "iam:" + action, h.arn(), Map.of(), Optional.empty());
    entities.requireExisting(account(call), kind, h.name());
    Page<InlinePolicy> page =
        Page.of(
            store.inlinePolicies(kind, account(call), h.name()),
            InlinePolicy::policyName,
            call.parameters());
    XmlResponse x = XmlResponse.result(action, NAMESPACE).open("PolicyNames");
    for (InlinePolicy p : page.items()) {
      x.element("member", p.policyName());
    }
    return page.writeTruncation(x.close("PolicyNames")).finish(action, call.requestId());
  }

  private QueryAnswer deletePolicy(ServiceCall call, PolicyHolder kind) {
    IamEntities.Named h = holder(call, kind);
    String policyName = call.parameters().required("PolicyName");
    String action = "Delete" + prefix(kind) + "Policy";
    access.require(call, "iam:" + action, h.arn(), Map.of(), Optional.empty());
    entities.requireExisting(account(call), kind, h.name());
    store.deleteInlinePolicy(kind, account(call), h.name(), policyName);
    return XmlResponse.result(action, NAMESPACE).finish(action, call.requestId());
  }

  private static String encode(String document) {
    return IamShapes.encode(document);
  }

  private static Instant now(ServiceCall call) {
    return call.receivedAt().truncatedTo(ChronoUnit.SECONDS);
  }
}
