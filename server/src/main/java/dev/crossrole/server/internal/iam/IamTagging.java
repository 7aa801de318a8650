package dev.crossrole.server.internal.iam;

import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.PolicyHolder;
import dev.crossrole.core.Role;
import dev.crossrole.core.User;
import dev.crossrole.server.internal.authz.Tags;
import dev.crossrole.server.internal.query.QueryAccess;
import dev.crossrole.server.internal.query.ServiceCall;
import dev.crossrole.server.internal.query.XmlResponse;
import dev.crossrole.server.internal.request.AwsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * TagUser, UntagUser, ListUserTags, TagRole, UntagRole and ListRoleTags. Each is authorized with
 * the tags of the entity acted on ({@code aws:ResourceTag/…}) and, for tagging and untagging, the
 * tags and keys of the request ({@code aws:RequestTag/…}, {@code aws:TagKeys}).
 */
final class IamTagging {
  private final IdentityStore store;
  private final QueryAccess access;
  private final IamEntities entities;

  IamTagging(IdentityStore store, QueryAccess access) {
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

  /** A user or role as tagging sees it: its ARN, its tags, and how to store other tags on it. */
  private record Tagged(
      String arn, Map<String, String> tags, Consumer<Map<String, String>> retag) {}

  private Tagged user(String account, String name) {
    User user = entities.user(account, name);
    return new Tagged(
        user.arn(), user.tags(), t -> store.updateUser(account, user.name(), user.withTags(t)));
  }

  private Tagged role(String account, String name) {
    Role role = entities.role(account, name);
    return new Tagged(role.arn(), role.tags(), t -> store.updateRole(role.withTags(t)));
  }

  String tagUser(ServiceCall call) {
    return tag(call, "User", userName(call), this::user);
  }

  String untagUser(ServiceCall call) {
    return untag(call, "User", userName(call), this::user);
  }

  String listUserTags(ServiceCall call) {
    String account = call.caller().accountId();
    String name = userName(call);
    // One reading serves the authorization (the ARN and tags of the user, if it exists) and the
    // answer; a user that does not exist is NoSuchEntity only once the caller may ask.
    Optional<User> user = store.user(account, name);
    return listTags(
        call,
        "ListUserTags",
        IamEntities.userArn(user, account, name),
        user.map(User::tags),
        PolicyHolder.USER,
        name);
  }

  String tagRole(ServiceCall call) {
    return tag(call, "Role", roleName(call), this::role);
  }

  String untagRole(ServiceCall call) {
    return untag(call, "Role", roleName(call), this::role);
  }

  String listRoleTags(ServiceCall call) {
    String account = call.caller().accountId();
    String name = roleName(call);
    Optional<Role> role = store.role(account, name);
    return listTags(
        call,
        "ListRoleTags",
        IamEntities.roleArn(role, account, name),
        role.map(Role::tags),
        PolicyHolder.ROLE,
        name);
  }

  /** TagUser or TagRole ({@code entity}): the request's tags merged into the entity's. */
  private String tag(
      ServiceCall call, String entity, String name, BiFunction<String, String, Tagged> find) {
    String account = call.caller().accountId();
    Map<String, String> added = RequestTags.of(call.parameters());
    if (added.isEmpty()) {
      throw AwsException.missing("Tags");
    }
    Tagged found = find.apply(account, name);
    String action = "Tag" + entity;
    access.requireWith(
        call, "iam:" + action, found.arn(), keys(found.tags(), Tags.requestKeys(added)));
    found.retag().accept(Tags.merge(found.tags(), added));
    return XmlResponse.result(action, IamShapes.NAMESPACE).finish(action, call.requestId());
  }

  /** UntagUser or UntagRole ({@code entity}): the request's keys removed from the entity's tags. */
  private String untag(
      ServiceCall call, String entity, String name, BiFunction<String, String, Tagged> find) {
    String account = call.caller().accountId();
    List<String> removed = RequestTags.keysOf(call.parameters());
    Tagged found = find.apply(account, name);
    String action = "Untag" + entity;
    access.requireWith(
        call,
        "iam:" + action,
        found.arn(),
        keys(found.tags(), Map.of("aws:TagKeys", List.copyOf(removed))));
    found.retag().accept(Tags.remove(found.tags(), removed));
    return XmlResponse.result(action, IamShapes.NAMESPACE).finish(action, call.requestId());
  }

  /**
   * ListUserTags or ListRoleTags: authorized with the entity's tags if it exists, then its tags, or
   * NoSuchEntity for {@code kind}'s {@code name}.
   */
  private String listTags(
      ServiceCall call,
      String action,
      String arn,
      Optional<Map<String, String>> tags,
      PolicyHolder kind,
      String name) {
    access.requireWith(call, "iam:" + action, arn, tags.map(Tags::resourceKeys).orElse(Map.of()));
    return listTags(action, tags.orElseThrow(() -> IamEntities.noSuchEntity(kind, name)), call);
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
