package dev.crossrole.server.internal.iam;

import dev.crossrole.core.Group;
import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.PolicyHolder;
import dev.crossrole.core.User;
import dev.crossrole.core.crypto.Identifiers;
import dev.crossrole.server.internal.query.QueryAccess;
import dev.crossrole.server.internal.query.QueryAnswer;
import dev.crossrole.server.internal.query.QueryParameters;
import dev.crossrole.server.internal.query.ServiceCall;
import dev.crossrole.server.internal.query.Validation;
import dev.crossrole.server.internal.query.XmlResponse;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** IAM's group calls: groups, their members (inline group policies are in {@link IamService}). */
final class IamGroupCalls {
  private static final String NS = IamShapes.NAMESPACE;
  private static final Pattern PATH_PREFIX = Pattern.compile("\\u002F[\\u0021-\\u007F]*");

  private final IdentityStore store;
  private final QueryAccess access;
  private final IamEntities entities;

  IamGroupCalls(IdentityStore store, QueryAccess access) {
    this.store = store;
    this.access = access;
    this.entities = new IamEntities(store);
  }

  QueryAnswer createGroup(ServiceCall call) {
    QueryParameters p = call.parameters();
    String name = IamEntities.groupName(p, "GroupName");
    String path = Validation.check("path", p.optional("Path").orElse("/"), 1, 512, Validation.PATH);
    String account = call.caller().accountId();
    access.require(
        call,
        "iam:CreateGroup",
        IamEntities.groupArn(account, path, name),
        Map.of(),
        Optional.empty());
    Group group =
        new Group(
            account,
            path,
            name,
            Identifiers.groupId(),
            call.receivedAt().truncatedTo(ChronoUnit.SECONDS));
    store.createGroup(group);
    XmlResponse x = XmlResponse.result("CreateGroup", NS).open("Group");
    IamShapes.group(x, group);
    return x.close("Group").finish("CreateGroup", call.requestId());
  }

  QueryAnswer getGroup(ServiceCall call) {
    String account = call.caller().accountId();
    String name = IamEntities.groupName(call.parameters(), "GroupName");
    access.require(
        call, "iam:GetGroup", entities.groupArn(account, name), Map.of(), Optional.empty());
    Group group =
        store
            .group(account, name)
            .orElseThrow(() -> IamEntities.noSuchEntity(PolicyHolder.GROUP, name));
    Page<User> page = Page.of(store.groupMembers(account, name), User::name, call.parameters());
    XmlResponse x = XmlResponse.result("GetGroup", NS).open("Group");
    IamShapes.group(x, group);
    x.close("Group").open("Users");
    for (User u : page.items()) {
      x.open("member");
      IamShapes.user(x, u);
      x.close("member");
    }
    return page.writeTruncation(x.close("Users")).finish("GetGroup", call.requestId());
  }

  QueryAnswer listGroups(ServiceCall call) {
    String account = call.caller().accountId();
    String prefix = pathPrefix(call.parameters());
    access.require(
        call,
        "iam:ListGroups",
        "arn:aws:iam::" + account + ":group" + prefix,
        Map.of(),
        Optional.empty());
    Page<Group> page = Page.of(store.groups(account, prefix), Group::name, call.parameters());
    return groups(page, "ListGroups", call);
  }

  QueryAnswer listGroupsForUser(ServiceCall call) {
    String account = call.caller().accountId();
    String user = IamEntities.userName(call.parameters(), IamEntities.UserName.EXISTING);
    Optional<User> found = store.user(account, user);
    String userArn = IamEntities.userArn(found, account, user);
    access.require(call, "iam:ListGroupsForUser", userArn, Map.of(), Optional.empty());
    IamEntities.existingUser(found, user);
    Page<Group> page = Page.of(store.groupsForUser(account, user), Group::name, call.parameters());
    return groups(page, "ListGroupsForUser", call);
  }

  private static QueryAnswer groups(Page<Group> page, String action, ServiceCall call) {
    XmlResponse x = XmlResponse.result(action, NS).open("Groups");
    for (Group g : page.items()) {
      x.open("member");
      IamShapes.group(x, g);
      x.close("member");
    }
    return page.writeTruncation(x.close("Groups")).finish(action, call.requestId());
  }

  /**
   * Renames or moves a group. As IAM requires, the caller needs {@code iam:UpdateGroup} on the
   * group as it is and as it will be.
   */
  QueryAnswer updateGroup(ServiceCall call) {
    QueryParameters p = call.parameters();
    String account = call.caller().accountId();
    String name = IamEntities.groupName(p, "GroupName");
    Optional<String> newName =
        p.optional("NewGroupName")
            .map(n -> Validation.check("newGroupName", n, 1, 128, Validation.NAME));
    Optional<String> newPath =
        p.optional("NewPath").map(v -> Validation.check("newPath", v, 1, 512, Validation.PATH));
    Optional<Group> current = store.group(account, name);
    String arn = current.map(Group::arn).orElse(IamEntities.groupArn(account, "/", name));
    access.require(call, "iam:UpdateGroup", arn, Map.of(), Optional.empty());
    if (newName.isPresent() || newPath.isPresent()) {
      String path = newPath.orElse(current.map(Group::path).orElse("/"));
      String target = IamEntities.groupArn(account, path, newName.orElse(name));
      if (!target.equals(arn)) {
        access.require(call, "iam:UpdateGroup", target, Map.of(), Optional.empty());
      }
    }
    current.orElseThrow(() -> IamEntities.noSuchEntity(PolicyHolder.GROUP, name));
    store.updateGroup(account, name, newName, newPath);
    return XmlResponse.result("UpdateGroup", NS).finish("UpdateGroup", call.requestId());
  }

  QueryAnswer deleteGroup(ServiceCall call) {
    String account = call.caller().accountId();
    String name = IamEntities.groupName(call.parameters(), "GroupName");
    access.require(
        call, "iam:DeleteGroup", entities.groupArn(account, name), Map.of(), Optional.empty());
    store.deleteGroup(account, name);
    return XmlResponse.result("DeleteGroup", NS).finish("DeleteGroup", call.requestId());
  }

  QueryAnswer addUserToGroup(ServiceCall call) {
    String account = call.caller().accountId();
    String name = IamEntities.groupName(call.parameters(), "GroupName");
    String user = IamEntities.userName(call.parameters(), IamEntities.UserName.EXISTING);
    access.require(
        call, "iam:AddUserToGroup", entities.groupArn(account, name), Map.of(), Optional.empty());
    store.addUserToGroup(account, name, user);
    return XmlResponse.result("AddUserToGroup", NS).finish("AddUserToGroup", call.requestId());
  }

  QueryAnswer removeUserFromGroup(ServiceCall call) {
    String account = call.caller().accountId();
    String name = IamEntities.groupName(call.parameters(), "GroupName");
    String user = IamEntities.userName(call.parameters(), IamEntities.UserName.EXISTING);
    access.require(
        call,
        "iam:RemoveUserFromGroup",
        entities.groupArn(account, name),
        Map.of(),
        Optional.empty());
    store.removeUserFromGroup(account, name, user);
    return XmlResponse.result("RemoveUserFromGroup", NS)
        .finish("RemoveUserFromGroup", call.requestId());
  }

  /** {@code PathPrefix} of the list calls on users, groups and roles. */
  static String pathPrefix(QueryParameters p) {
    return Validation.check(
        "pathPrefix", p.optional("PathPrefix").orElse("/"), 1, 512, PATH_PREFIX);
  }
}
