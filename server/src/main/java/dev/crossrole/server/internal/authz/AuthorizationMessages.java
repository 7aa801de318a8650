package dev.crossrole.server.internal.authz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossrole.policy.Decision;
import dev.crossrole.policy.Evaluation;
import dev.crossrole.policy.PolicyType;
import dev.crossrole.policy.Principal;
import dev.crossrole.policy.StatementRef;
import dev.crossrole.server.internal.request.Caller;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The decoded form of the messages {@link Access} encodes, which STS's DecodeAuthorizationMessage
 * returns: AWS's JSON ({@code allowed}, {@code explicitDeny}, {@code matchedStatements}, {@code
 * failures}, {@code context} with the principal, action, resource and the request's condition
 * keys).
 */
final class AuthorizationMessages {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AuthorizationMessages() {}

  /** The decoded message of a refusal, as DecodeAuthorizationMessage returns it. */
  static String describe(
      Caller caller,
      String action,
      String resource,
      Map<String, List<String>> context,
      Evaluation e) {
    ObjectNode root = JSON.createObjectNode();
    root.put("allowed", e.allowed());
    root.put("explicitDeny", e.decision() == Decision.EXPLICIT_DENY);
    ArrayNode matched = root.putObject("matchedStatements").putArray("items");
    for (StatementRef s : e.statements()) {
      ObjectNode item = matched.addObject();
      item.put("statementId", s.sid().orElse(""));
      item.put("effect", s.effect().name().toUpperCase(Locale.ROOT));
      item.put("policyType", s.policyType().label());
      item.put("policyName", s.policyName());
      item.put("statementIndex", s.statementIndex());
    }
    ArrayNode failures = root.putObject("failures").putArray("items");
    if (e.decision() == Decision.EXPLICIT_DENY) {
      failures.addObject().put("reason", e.reason(action));
    }
    for (PolicyType lacking : e.lacking()) {
      failures
          .addObject()
          .put("policyType", lacking.label())
          .put("reason", "no " + lacking.label() + " allows the " + action + " action");
    }
    ObjectNode ctx = root.putObject("context");
    Principal p = caller.principal();
    ObjectNode principal = ctx.putObject("principal");
    principal.put("id", caller.userIdForIdentity());
    principal.put("name", p.entityName().orElse(caller.accountId()));
    principal.put("arn", p.arn());
    ctx.put("action", action);
    ctx.put("resource", resource);
    ArrayNode conditions = ctx.putObject("conditions").putArray("items");
    context.forEach((k, v) -> condition(conditions, k, v));
    p.conditionKeys()
        .forEach(
            (k, v) -> {
              boolean shown = context.keySet().stream().anyMatch(c -> c.equalsIgnoreCase(k));
              if (!shown) {
                condition(conditions, k, v);
              }
            });
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException ex) {
      // A tree of strings, booleans and numbers always serialises: a broken runtime.
      throw new IllegalStateException("cannot write the authorization message", ex);
    }
  }

  private static void condition(ArrayNode conditions, String key, List<String> values) {
    ObjectNode item = conditions.addObject();
    item.put("key", key);
    ArrayNode items = item.putObject("values").putArray("items");
    values.forEach(v -> items.addObject().put("value", v));
  }
}
