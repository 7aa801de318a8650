package dev.crossrole.server.internal.iam;

import dev.crossrole.core.AttachedPolicy;
import dev.crossrole.core.AwsManagedPolicies;
import dev.crossrole.core.Group;
import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.InlinePolicy;
import dev.crossrole.core.ManagedPolicy;
import dev.crossrole.core.ManagedPolicyVersion;
import dev.crossrole.core.PolicyAttachment;
import dev.crossrole.core.PolicyHolder;
import dev.crossrole.core.PolicyUsage;
import dev.crossrole.core.Role;
import dev.crossrole.core.User;
import dev.crossrole.server.internal.authz.TrustPrincipals;
import dev.crossrole.server.internal.query.QueryAccess;
import dev.crossrole.server.internal.query.QueryAnswer;
import dev.crossrole.server.internal.query.ServiceCall;
import dev.crossrole.server.internal.query.Validation;
import dev.crossrole.server.internal.query.XmlResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GetAccountAuthorizationDetails}: the account's users, groups, roles and managed policies
 * with their relationships, in IAM's shape. The entities are paged together, users first, then
 * groups, roles and policies; {@code MaxItems} counts entities. The account's entities, inline
 * policies, attachments and memberships are read with one query each; only the versions of the
 * listed policies are read per policy.
 */
final class IamAuthorizationDetails {
  private static final String NS = IamShapes.NAMESPACE;
  private static final List<String> FILTERS =
      List.of("User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy");

  private final IdentityStore store;
  private final QueryAccess access;

  IamAuthorizationDetails(IdentityStore store, QueryAccess access) {
    this.store = store;
    this.access = access;
  }

  /** One entity of the answer, keyed for paging. */
  private record Item(String key, Object entity) {}

  QueryAnswer handle(ServiceCall call) {
    List<String> filter = call.parameters().list("Filter");
    for (String f : filter) {
      if (!FILTERS.contains(f)) {
        throw Validation.invalid(
            "filter",
            f,
            "Member must satisfy enum value set: [User, Role, Group, LocalManagedPolicy,"
                + " AWSManagedPolicy]");
      }
    }
    Set<String> wanted = new LinkedHashSet<>(filter.isEmpty() ? FILTERS : filter);
    String account = call.caller().accountId();
    access.require(call, "iam:GetAccountAuthorizationDetails", "*", Map.of(), Optional.empty());

    Map<String, List<InlinePolicy>> inline = new HashMap<>();
    for (InlinePolicy p : store.inlinePolicies(account)) {
      inline.computeIfAbsent(key(p.holder(), p.holderName()), k -> new ArrayList<>()).add(p);
    }
    Map<String, List<AttachedPolicy>> attached = new HashMap<>();
    Map<String, Integer> attachmentCounts = new HashMap<>();
    for (PolicyAttachment a : store.attachments(account)) {
      String name = lastSegment(a.policyArn());
      attached
          .computeIfAbsent(key(a.holder(), a.holderName()), k -> new ArrayList<>())
          .add(new AttachedPolicy(name, a.policyArn()));
      attachmentCounts.merge(a.policyArn().toLowerCase(Locale.ROOT), 1, Integer::sum);
    }
    Map<String, List<String>> groupsOfUser = new HashMap<>();
    for (IdentityStore.Membership m : store.memberships(account)) {
      groupsOfUser
          .computeIfAbsent(m.userName().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(m.groupName());
    }
    List<User> users = store.users(account, "/");
    List<Role> roles = store.roles(account, "/");
    Map<String, Integer> boundaryCounts = new HashMap<>();
    users.forEach(
        u ->
            u.permissionsBoundaryArn()
                .ifPresent(b -> boundaryCounts.merge(b.toLowerCase(Locale.ROOT), 1, Integer::sum)));
    roles.forEach(
        r ->
            r.permissionsBoundaryArn()
                .ifPresent(b -> boundaryCounts.merge(b.toLowerCase(Locale.ROOT), 1, Integer::sum)));

    List<Item> items = new ArrayList<>();
    if (wanted.contains("User")) {
      users.forEach(u -> items.add(new Item("U:" + u.userId(), u)));
    }
    if (wanted.contains("Group")) {
      store.groups(account, "/").forEach(g -> items.add(new Item("G:" + g.groupId(), g)));
    }
    if (wanted.contains("Role")) {
      roles.forEach(r -> items.add(new Item("R:" + r.roleId(), r)));
    }
    if (wanted.contains("LocalManagedPolicy")) {
      store.managedPolicies(account).forEach(p -> items.add(new Item("P:" + p.policyId(), p)));
    }
    if (wanted.contains("AWSManagedPolicy")) {
      // IAM lists the AWS managed policies the account uses, not the whole catalogue.
      for (AwsManagedPolicies.Entry e : AwsManagedPolicies.all()) {
        String k = e.policy().arn().toLowerCase(Locale.ROOT);
        if (attachmentCounts.containsKey(k) || boundaryCounts.containsKey(k)) {
          items.add(new Item("P:" + e.policy().policyId(), e.policy()));
        }
      }
    }
    Page<Item> page = Page.inOrder(items, Item::key, call.parameters());

    XmlResponse x = XmlResponse.result("GetAccountAuthorizationDetails", NS);
    x.open("UserDetailList");
    for (Item i : page.items()) {
      if (i.entity() instanceof User u) {
        x.open("member")
            .element("Path", u.path())
            .element("UserName", u.name())
            .element("UserId", u.userId())
            .element("Arn", u.arn())
            .element("CreateDate", u.created().toString());
        policyList(x, "UserPolicyList", inline.get(key(PolicyHolder.USER, u.name())));
        x.open("GroupList");
        for (String g : groupsOfUser.getOrDefault(u.name().toLowerCase(Locale.ROOT), List.of())) {
          x.element("member", g);
        }
        x.close("GroupList");
        IamShapes.attached(
            x,
            "AttachedManagedPolicies",
            attached.getOrDefault(key(PolicyHolder.USER, u.name()), List.of()));
        IamShapes.boundary(x, u.permissionsBoundaryArn());
        IamShapes.tags(x, u.tags());
        x.close("member");
      }
    }
    x.close("UserDetailList").open("GroupDetailList");
    for (Item i : page.items()) {
      if (i.entity() instanceof Group g) {
        x.open("member")
            .element("Path", g.path())
            .element("GroupName", g.name())
            .element("GroupId", g.groupId())
            .element("Arn", g.arn())
            .element("CreateDate", g.created().toString());
        policyList(x, "GroupPolicyList", inline.get(key(PolicyHolder.GROUP, g.name())));
        IamShapes.attached(
            x,
            "AttachedManagedPolicies",
            attached.getOrDefault(key(PolicyHolder.GROUP, g.name()), List.of()));
        x.close("member");
      }
    }
    x.close("GroupDetailList").open("RoleDetailList");
    for (Item i : page.items()) {
      if (i.entity() instanceof Role r) {
        x.open("member")
            .element("Path", r.path())
            .element("RoleName", r.name())
            .element("RoleId", r.roleId())
            .element("Arn", r.arn())
            .element("CreateDate", r.created().toString())
            .element("AssumeRolePolicyDocument", IamShapes.encode(TrustPrincipals.shown(r, store)))
            .open("InstanceProfileList")
            .close("InstanceProfileList");
        policyList(x, "RolePolicyList", inline.get(key(PolicyHolder.ROLE, r.name())));
        IamShapes.attached(
            x,
            "AttachedManagedPolicies",
            attached.getOrDefault(key(PolicyHolder.ROLE, r.name()), List.of()));
        IamShapes.boundary(x, r.permissionsBoundaryArn());
        IamShapes.tags(x, r.tags());
        x.close("member");
      }
    }
    x.close("RoleDetailList").open("Policies");
    for (Item i : page.items()) {
      if (i.entity() instanceof ManagedPolicy p) {
        String k = p.arn().toLowerCase(Locale.ROOT);
        PolicyUsage usage =
            new PolicyUsage(attachmentCounts.getOrDefault(k, 0), boundaryCounts.getOrDefault(k, 0));
        x.open("member");
        IamShapes.policy(x, p, usage, false);
        x.open("PolicyVersionList");
        for (ManagedPolicyVersion v : store.policyVersions(p.arn())) {
          x.open("member");
          IamShapes.version(x, v, true);
          x.close("member");
        }
        x.close("PolicyVersionList").close("member");
      }
    }
    x.close("Policies");
    return page.writeTruncation(x).finish("GetAccountAuthorizationDetails", call.requestId());
  }

  private static void policyList(XmlResponse x, String element, List<InlinePolicy> policies) {
    x.open(element);
    if (policies != null) {
      for (InlinePolicy p : policies) {
        x.open("member")
            .element("PolicyName", p.policyName())
            .element("PolicyDocument", IamShapes.encode(p.document()))
            .close("member");
      }
    }
    x.close(element);
  }

  private static String key(PolicyHolder holder, String name) {
    return holder + ":" + name.toLowerCase(Locale.ROOT);
  }

  private static String lastSegment(String arn) {
    return arn.substring(arn.lastIndexOf('/') + 1);
  }
}
