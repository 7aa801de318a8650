package dev.crossrole.policy.internal.lint;

import dev.crossrole.policy.internal.Glob;
import java.util.List;

/**
 * {@code iam:PassRole} on many roles. Passing a role hands its permissions to a service (a
 * function, an instance, a build job) the caller controls, so passing any role is a path to any
 * role's permissions. Access Analyzer's six findings are kept apart by how the statement names the
 * action (exactly, by a wildcard, by NotAction) and the roles (a wildcard, NotResource); a
 * statement limited by a positive {@code iam:PassedToService} condition is not reported, as Access
 * Analyzer recommends that condition as the fix.
 */
final class PassRoleRule implements Rule {
  private static final String ACTION = "iam:PassRole";

  @Override
  public void check(LintContext c) {
    for (RawStatement s : c.objectStatements()) {
      if (s.allows() && !limitedToService(s)) {
        check(c, s);
      }
    }
  }

  private static void check(LintContext c, RawStatement s) {
    boolean notAction = s.has("NotAction");
    boolean starInAction = false;
    if (notAction) {
      if (lists(Json.strings(s.get("NotAction")))) {
        return;
      }
    } else {
      List<String> actions = Json.strings(s.get("Action"));
      if (!lists(actions)) {
        return;
      }
      starInAction = actions.stream().noneMatch(a -> a.equalsIgnoreCase(ACTION));
    }
    boolean notResource = s.has("NotResource");
    if (notResource) {
      if (Json.strings(s.get("NotResource")).contains("*")) {
        return;
      }
    } else if (Json.strings(s.get("Resource")).stream().noneMatch(PassRoleRule::anyRole)) {
      return;
    }
    Check check;
    if (notAction) {
      check =
          notResource
              ? Check.PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE
              : Check.PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION;
    } else if (notResource) {
      check =
          starInAction
              ? Check.PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE
              : Check.PASS_ROLE_WITH_NOT_RESOURCE;
    } else {
      check =
          starInAction
              ? Check.PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE
              : Check.PASS_ROLE_WITH_STAR_IN_RESOURCE;
    }
    c.findings.statement(s, check, message(notAction, starInAction, notResource), where(s));
  }

  private static String message(boolean notAction, boolean starInAction, boolean notResource) {
    String how =
        notAction
            ? "NotAction leaves iam:PassRole allowed"
            : starInAction
                ? "the action wildcard includes iam:PassRole"
                : "iam:PassRole is allowed";
    String roles =
        notResource
            ? "every role NotResource does not list"
            : "any role (the resource is a wildcard)";
    return how
        + " on "
        + roles
        + ". Passing a role gives its permissions to a service the caller controls, so this can"
        + " grant any role's permissions. List the role ARNs that may be passed, or add an"
        + " iam:PassedToService condition.";
  }

  private static String where(RawStatement s) {
    return s.has("NotResource") ? s.at("NotResource") : s.at("Resource");
  }

  private static boolean lists(List<String> patterns) {
    return patterns.stream().anyMatch(p -> Glob.of(p, true).matches(ACTION));
  }

  /**
   * Whether a Resource value covers every role of an account or of all accounts: {@code *}, or an
   * IAM ARN whose resource part is only wildcards, optionally after {@code role/}.
   */
  static boolean anyRole(String resource) {
    if (resource.equals("*")) {
      return true;
    }
    String[] parts = resource.split(":", 6);
    if (parts.length < 6 || !parts[0].equals("arn") || !Glob.of(parts[2], true).matches("iam")) {
      return false;
    }
    String name = parts[5].startsWith("role/") ? parts[5].substring("role/".length()) : parts[5];
    if (name.indexOf('*') < 0) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) != '*' && name.charAt(i) != '/') {
        return false;
      }
    }
    return true;
  }

  private static boolean limitedToService(RawStatement s) {
    for (ConditionEntry e : ConditionEntry.of(s)) {
      if (e.keyIs("iam:PassedToService")
          && e.operator().base().isPresent()
          && !e.operator().passesWhenKeyMissing()
          && !e.values().isEmpty()) {
        return true;
      }
    }
    return false;
  }
}
