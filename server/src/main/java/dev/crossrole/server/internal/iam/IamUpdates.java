package dev.crossrole.server.internal.iam;

import dev.crossrole.core.AccessKey;
import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.IdentityException;
import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.LastUsed;
import dev.crossrole.core.Role;
import dev.crossrole.core.User;
import dev.crossrole.server.internal.authz.Tags;
import dev.crossrole.server.internal.authz.TrustPrincipals;
import dev.crossrole.server.internal.query.QueryAccess;
import dev.crossrole.server.internal.query.QueryAnswer;
import dev.crossrole.server.internal.query.QueryParameters;
import dev.crossrole.server.internal.query.ServiceCall;
import dev.crossrole.server.internal.query.Validation;
import dev.crossrole.server.internal.query.XmlResponse;
import dev.crossrole.server.internal.request.UsageLog;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** UpdateUser, UpdateRole, UpdateRoleDescription and GetAccessKeyLastUsed. */
final class IamUpdates {
  private static final int DEFAULT_MAX_SESSION = 3600;

  private static final Pattern ACCESS_KEY_ID = Pattern.compile("[\\w]+");

  private final IdentityStore store;
  private final QueryAccess access;
  private final UsageLog usage;
  private final IamEntities entities;

  IamUpdates(IdentityStore store, QueryAccess access, UsageLog usage) {
    this.store = store;
    this.access = access;
    this.usage = usage;
    this.entities = new IamEntities(store);
  }

  /**
   * Renames a user or moves it to another path. As IAM requires, the caller must be allowed {@code
   * iam:UpdateUser} on both the user as it is and the user as it will be.
   */
  QueryAnswer updateUser(ServiceCall call) {
    QueryParameters p = call.parameters();
    String account = call.caller().accountId();
    String name = IamEntities.userName(p, IamEntities.UserName.EXISTING);
    Optional<String> newName =
        p.optional("NewUserName")
            .map(n -> IamEntities.userName("newUserName", n, IamEntities.UserName.NEW));
    Optional<String> newPath =
        p.optional("NewPath").map(n -> Validation.check("newPath", n, 1, 512, Validation.PATH));
    Optional<User> existing = store.user(account, name);
    Map<String, List<String>> tags =
        existing.map(u -> Tags.resourceKeys(u.tags())).orElse(Map.of());
    access.requireWith(call, "iam:UpdateUser", IamEntities.userArn(existing, account, name), tags);
    User user = IamEntities.existingUser(existing, name);
    User next = user.movedTo(newPath.orElse(user.path()), newName.orElse(user.name()));
    if (!next.arn().equals(user.arn())) {
      access.requireWith(call, "iam:UpdateUser", next.arn(), tags);
    }
    store.updateUser(account, user.name(), next);
    return XmlResponse.result("UpdateUser", IamShapes.NAMESPACE)
        .finish("UpdateUser", call.requestId());
  }

  QueryAnswer updateRole(ServiceCall call) {
    QueryParameters p = call.parameters();
    String account = call.caller().accountId();
    String name = roleName(p);
    Optional<String> description = p.optional("Description").map(IamEntities::roleDescription);
    Optional<Integer> maxSession = p.optional("MaxSessionDuration").map(v -> maxSessionDuration(p));
    Role role = authorizedRole(call, "iam:UpdateRole", account, name);
    store.updateRole(
        role.withSettings(
            description.isPresent() ? description : role.description(),
            maxSession.orElse(role.maxSessionDurationSeconds())));
    return XmlResponse.result("UpdateRole", IamShapes.NAMESPACE)
        .finish("UpdateRole", call.requestId());
  }

  /** The MaxSessionDuration of a create or update call: 3600 when absent. */
  static int maxSessionDuration(QueryParameters p) {
    Optional<String> text = p.optional("MaxSessionDuration");
    if (text.isEmpty()) {
      return DEFAULT_MAX_SESSION;
    }
    int value;
    try {
      value = Integer.parseInt(text.get());
    } catch (NumberFormatException e) {
      throw Validation.invalid("maxSessionDuration", text.get(), "Member must be an integer");
    }
    if (value < 3600 || value > 43_200) {
      throw Validation.invalid(
          "maxSessionDuration",
          text.get(),
          "Member must have value "
              + (value < 3600 ? "greater than or equal to 3600" : "less than or equal to 43200"));
    }
    return value;
  }

  QueryAnswer updateRoleDescription(ServiceCall call) {
    QueryParameters p = call.parameters();
    String account = call.caller().accountId();
    String name = roleName(p);
    String description = IamEntities.roleDescription(p.required("Description"));
    Role role = authorizedRole(call, "iam:UpdateRole", account, name);
    Role next = role.withSettings(Optional.of(description), role.maxSessionDurationSeconds());
    store.updateRole(next);
    XmlResponse x = XmlResponse.result("UpdateRoleDescription", IamShapes.NAMESPACE).open("Role");
    IamShapes.role(x, next, TrustPrincipals.shown(next, store));
    return x.close("Role").finish("UpdateRoleDescription", call.requestId());
  }

  /**
   * When a key was last used, by which service, in which region; {@code N/A} for a key never used,
   * as IAM answers. The caller needs {@code iam:GetAccessKeyLastUsed} on the key's user (or the
   * account's root for a root key).
   */
  QueryAnswer getAccessKeyLastUsed(ServiceCall call) {
    String account = call.caller().accountId();
    String keyId =
        Validation.check(
            "accessKeyId", call.parameters().required("AccessKeyId"), 16, 128, ACCESS_KEY_ID);
    Optional<AccessKey> key = store.accessKey(keyId).filter(k -> k.accountId().equals(account));
    String resource =
        key.flatMap(AccessKey::userName)
            .map(n -> entities.userArn(account, n))
            .orElse("arn:aws:iam::" + account + ":root");
    access.require(call, "iam:GetAccessKeyLastUsed", resource, Map.of(), Optional.empty());
    if (key.isEmpty()) {
      throw new IdentityException(
          ErrorCode.NO_SUCH_ENTITY, "The Access Key with id " + keyId + " cannot be found.");
    }
    Optional<LastUsed> used = usage.keyLastUsed(keyId);
    XmlResponse x = XmlResponse.result("GetAccessKeyLastUsed", IamShapes.NAMESPACE);
    key.get().userName().ifPresent(n -> x.element("UserName", n));
    x.open("AccessKeyLastUsed");
    used.ifPresent(u -> x.element("LastUsedDate", u.date().toString()));
    x.element("ServiceName", used.flatMap(LastUsed::serviceName).orElse("N/A"))
        .element("Region", used.map(LastUsed::region).orElse("N/A"))
        .close("AccessKeyLastUsed");
    return x.finish("GetAccessKeyLastUsed", call.requestId());
  }

  private Role authorizedRole(ServiceCall call, String action, String account, String name) {
    Optional<Role> role = store.role(account, name);
    access.requireWith(
        call,
        action,
        IamEntities.roleArn(role, account, name),
        role.map(r -> Tags.resourceKeys(r.tags())).orElse(Map.of()));
    return IamEntities.existingRole(role, name);
  }

  private static String roleName(QueryParameters p) {
    return IamEntities.roleName(p);
  }
}
