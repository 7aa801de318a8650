package dev.crossrole.server.internal.iam;

import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.PolicyHolder;
import dev.crossrole.server.internal.authz.Tags;
import dev.crossrole.server.internal.query.QueryAccess;
import dev.crossrole.server.internal.query.QueryAnswer;
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
import java.util.function.Function;

/**
 * TagUser, UntagUser, ListUserTags, TagRole, UntagRole and ListRoleTags. Each is authorized with
 * the tags of the entity acted on ({@code aws:ResourceTag/…}) and, for tagging and untagging, the
 * tags and keys of the request ({@code aws:RequestTag/…}, {@code aws:TagKeys}).
 */
final class IamTagging {
  private final IdentityStore store;
  private final QueryAccess access;
  private final Kind users;
  private final Kind roles;

  IamTagging(IdentityStore store, QueryAccess access) {
    this.store = store;
    this.access = access;
    this.users =
        new Kind(
            "User",
            PolicyHolder.USER,
            call -> IamEntities.userName(call.parameters(), IamEntities.UserName.EXISTING),
            this::user);
    this.roles =
        new Kind(
            "Role", PolicyHolder.ROLE, call -> IamEntities.roleName(call.parameters()), this::role);
  }

  /** A user or role as tagging sees it: its ARN, its tags, and how to store other tags on it. */
  private record Tagged(
      String arn, Map<String, String> tags, Consumer<Map<String, String>> retag) {}

  /**
   * The entities that carry tags: how the actions name them ({@code User}, {@code Role}), which
   * parameter names one, and its lookup by account and name.
   */
  private record Kind(
      String entity,
      PolicyHolder holder,
      Function<ServiceCall, String> name,
      BiFunction<String, String, Optional<Tagged>> find) {

    Tagged existing(String account, String name) {
      return find.apply(account, name).orElseThrow(() -> IamEntities.noSuchEntity(holder, name));
    }
  }

  private Optional<Tagged> user(String account, String name) {
    return store
        .user(account, name)
        .map(
            user ->
                new Tagged(
                    user.arn(),
                    user.tags(),
                    t -> store.updateUser(account, user.name(), user.withTags(t))));
  }

  private Optional<Tagged> role(String account, String name) {
    return store
        .role(account, name)
        .map(role -> new Tagged(role.arn(), role.tags(), t -> store.updateRole(role.withTags(t))));
  }

  private static Map<String, List<String>> keys(
      Map<String, String> resourceTags, Map<String, List<String>> requestKeys) {
    Map<String, List<String>> keys = new LinkedHashMap<>(Tags.resourceKeys(resourceTags));
    keys.putAll(requestKeys);
    return keys;
  }

  /** The tagging of {@code holder}'s entities: users and roles carry tags, groups do not. */
  private Kind kind(PolicyHolder holder) {
    return switch (holder) {
      case USER -> users;
      case ROLE -> roles;
      case GROUP -> throw new IllegalArgumentException("groups carry no tags");
    };
  }

  /** TagUser or TagRole: the request's tags merged into the entity's. */
  QueryAnswer tag(ServiceCall call, PolicyHolder holder) {
    Kind kind = kind(holder);
    String account = call.caller().accountId();
    String name = kind.name().apply(call);
    Map<String, String> added = RequestTags.of(call.parameters());
    if (added.isEmpty()) {
      throw AwsException.missing("Tags");
    }
    Tagged found = kind.existing(account, name);
    String action = "Tag" + kind.entity();
    access.requireWith(
        call, "iam:" + action, found.arn(), keys(found.tags(), Tags.requestKeys(added)));
    found.retag().accept(Tags.merge(found.tags(), added));
    return XmlResponse.result(action, IamShapes.NAMESPACE).finish(action, call.requestId());
  }

  /** UntagUser or UntagRole: the request's keys removed from the entity's tags. */
  QueryAnswer untag(ServiceCall call, PolicyHolder holder) {
    Kind kind = kind(holder);
    String account = call.caller().accountId();
    String name = kind.name().apply(call);
    List<String> removed = RequestTags.keysOf(call.parameters());
    Tagged found = kind.existing(account, name);
    String action = "Untag" + kind.entity();
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
   * NoSuchEntity. One reading serves the authorization (the ARN and tags of the entity, if it
   * exists) and the answer; an entity that does not exist is NoSuchEntity only once the caller may
   * ask.
   */
  QueryAnswer listTags(ServiceCall call, PolicyHolder holder) {
    Kind kind = kind(holder);
    String account = call.caller().accountId();
    String name = kind.name().apply(call);
    Optional<Tagged> found = kind.find().apply(account, name);
    String action = "List" + kind.entity() + "Tags";
    String arn =
        found.map(Tagged::arn).orElseGet(() -> IamEntities.arn(account, kind.holder(), "/", name));
    access.requireWith(
        call, "iam:" + action, arn, found.map(t -> Tags.resourceKeys(t.tags())).orElse(Map.of()));
    Map<String, String> tags =
        found.orElseThrow(() -> IamEntities.noSuchEntity(kind.holder(), name)).tags();
    Page<Map.Entry<String, String>> page =
        Page.of(new ArrayList<>(tags.entrySet()), Map.Entry::getKey, call.parameters());
    XmlResponse x = XmlResponse.result(action, IamShapes.NAMESPACE).open("Tags");
    for (Map.Entry<String, String> t : page.items()) {
      x.open("member").element("Key", t.getKey()).element("Value", t.getValue()).close("member");
    }
    return page.writeTruncation(x.close("Tags")).finish(action, call.requestId());
  }
}
