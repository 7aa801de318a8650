package dev.crossrole.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossrole.core.internal.crypto.AuthorizationMessageCodec;
import dev.crossrole.policy.Decision;
import dev.crossrole.policy.Evaluation;
import dev.crossrole.policy.PolicyType;
import dev.crossrole.policy.Principal;
import dev.crossrole.policy.StatementRef;
import dev.crossrole.server.internal.query.QueryException;
import dev.crossrole.server.internal.query.XmlResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * STS's DecodeAuthorizationMessage, and the decoded form of the messages {@link Access} encodes:
 * AWS's JSON ({@code allowed}, {@code explicitDeny}, {@code matchedStatements}, {@code failures},
 * {@code context} with the principal, action, resource and the request's condition keys).
 */
final class AuthorizationMessages {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AuthorizationMessageCodec codec;
  private final Access access;

  AuthorizationMessages(AuthorizationMessageCodec codec, Access access) {
    this.codec = codec;
    this.access = access;
  }

  /**
   * Decodes a message issued to the caller's account; authorized like any action on {@code *}.
   * Garbage, altered messages and those of another account are all {@code
   * InvalidAuthorizationMessageException}.
   */
  String decode(ServiceCall call) {
    String encoded = call.parameters().required("EncodedMessage");
    if (encoded.isEmpty() || encoded.length() > AuthorizationMessageCodec.MAX_ENCODED_LENGTH) {
      throw Validation.invalid(
          "encodedMessage",
          encoded,
          encoded.isEmpty()
              ? "Member must have length greater than or equal to 1"
              : "Member must have length less than or equal to "
                  + AuthorizationMessageCodec.MAX_ENCODED_LENGTH);
    }
    access.require(call, "sts:DecodeAuthorizationMessage", "*", Map.of(), Optional.empty());
    String decoded =
        codec
            .decode(call.caller().accountId(), encoded)
            .orElseThrow(
                () ->
                    new QueryException(
                        "InvalidAuthorizationMessageException", 400, "Message is not valid"));
    return XmlResponse.result("DecodeAuthorizationMessage", StsService.NAMESPACE)
        .element("DecodedMessage", decoded)
        .finish("DecodeAuthorizationMessage", call.requestId());
  }

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
