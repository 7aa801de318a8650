package dev.crossrole.server.internal.iam;

import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.Role;
import dev.crossrole.core.User;
import dev.crossrole.server.internal.authz.Access;
import dev.crossrole.server.internal.authz.Tags;
import dev.crossrole.server.internal.query.QueryException;
import dev.crossrole.server.internal.query.ServiceCall;
import dev.crossrole.server.internal.query.XmlResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * TagUser, UntagUser, ListUserTags, TagRole, UntagRole and ListRoleTags. Each is authorized with
 * the tags of the entity acted on ({@code aws:ResourceTag/…}) and, for tagging and untagging, the
 * tags and keys of the request ({@code aws:RequestTag/…}, {@code aws:TagKeys}).
 */
final class IamTagging {
  private final IdentityStore store;
  private final Access access;
  private final IamEntities entities;

  IamTagging(IdentityStore store, Access access) {
    this.store = store;
    this.access = access;
    this.entities = new IamEntities(store);
  }

  private static String userName(ServiceCall call) {
    return IamEntities.userName(call.parameters(), IamEntities.UserName.EXISTING);
  }

  private static String roleName(ServiceCall call) {
    return IamEntities.roleName(call.parameters());
  }

  private static Map<String, List<String>> keys(
      Map<String, String> resourceTags, Map<String, List<String>> requestKeys) {
    Map<String, List<String>> keys = new LinkedHashMap<>(Tags.resourceKeys(resourceTags));
    keys.putAll(requestKeys);
    return keys;
  }

  String tagUser(ServiceCall call) {
    String account = call.caller().accountId();
    String name = userName(call);
    Map<String, String> added = Tags.fromRequest(call.parameters());
    if (added.isEmpty()) {
      throw QueryException.missing("Tags");
    }
    User user = entities.user(account, name);
    access.requireWith(call, "iam:TagUser", user.arn(), keys(user.tags(), Tags.requestKeys(added)));
    Map<String, String> tags = Tags.merge(user.tags(), added);
    store.updateUser(account, user.name(), user.withTags(tags));
    return XmlResponse.result("TagUser", IamShapes.NAMESPACE).finish("TagUser", call.requestId());
  }

  String untagUser(ServiceCall call) {
    String account = call.caller().accountId();
    String name = userName(call);
    List<String> removed = Tags.keysFromRequest(call.parameters());
    User user = entities.user(account, name);
    access.requireWith(
        call,
        "iam:UntagUser",
        user.arn(),
        keys(user.tags(), Map.of("aws:TagKeys", List.copyOf(removed))));
    store.updateUser(account, user.name(), user.withTags(Tags.remove(user.tags(), removed)));
    return XmlResponse.result("UntagUser", IamShapes.NAMESPACE)
        .finish("UntagUser", call.requestId());
  }

  String listUserTags(ServiceCall call) {
    String account = call.caller().accountId();
    String name = userName(call);
    // One reading serves the authorization (the ARN and tags of the user, if it exists) and the
    // answer; a user that does not exist is NoSuchEntity only once the caller may ask.
    Optional<User> user = store.user(account, name);
    access.requireWith(
        call,
        "iam:ListUserTags",
        IamEntities.userArn(user, account, name),
        user.map(u -> Tags.resourceKeys(u.tags())).orElse(Map.of()));
    return listTags("ListUserTags", IamEntities.existingUser(user, name).tags(), call);
  }

  String tagRole(ServiceCall call) {
    String account = call.caller().accountId();
    String name = roleName(call);
    Map<String, String> added = Tags.fromRequest(call.parameters());
    if (added.isEmpty()) {
      throw QueryException.missing("Tags");
    }
    Role role = entities.role(account, name);
    access.requireWith(call, "iam:TagRole", role.arn(), keys(role.tags(), Tags.requestKeys(added)));
    store.updateRole(role.withTags(Tags.merge(role.tags(), added)));
    return XmlResponse.result("TagRole", IamShapes.NAMESPACE).finish("TagRole", call.requestId());
  }

  String untagRole(ServiceCall call) {
    String account = call.caller().accountId();
    String name = roleName(call);
    List<String> removed = Tags.keysFromRequest(call.parameters());
    Role role = entities.role(account, name);
    access.requireWith(
        call,
        "iam:UntagRole",
        role.arn(),
        keys(role.tags(), Map.of("aws:TagKeys", List.copyOf(removed))));
    store.updateRole(role.withTags(Tags.remove(role.tags(), removed)));
    return XmlResponse.result("UntagRole", IamShapes.NAMESPACE)
        .finish("UntagRole", call.requestId());
  }

  String listRoleTags(ServiceCall call) {
    String account = call.caller().accountId();
    String name = roleName(call);
    Optional<Role> role = store.role(account, name);
    access.requireWith(
        call,
        "iam:ListRoleTags",
        IamEntities.roleArn(role, account, name),
        role.map(r -> Tags.resourceKeys(r.tags())).orElse(Map.of()));
    return listTags("ListRoleTags", IamEntities.existingRole(role, name).tags(), call);
  }

  private static String listTags(String action, Map<String, String> tags, ServiceCall call) {
    Page<Map.Entry<String, String>> page =
        Page.of(new ArrayList<>(tags.entrySet()), Map.Entry::getKey, call.parameters());
    XmlResponse x = XmlResponse.result(action, IamShapes.NAMESPACE).open("Tags");
    for (Map.Entry<String, String> t : page.items()) {
      x.open("member").element("Key", t.getKey()).element("Value", t.getValue()).close("member");
    }
    return page.writeTruncation(x.close("Tags")).finish(action, call.requestId());
  }
}
