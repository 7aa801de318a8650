package dev.crossrole.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One evaluation of the {@code policy eval} case format: {@code {"id", "request": {"principal",
 * "action", "resource", "resourceAccount"?, "context"}, "identityPolicies", "resourcePolicy"?,
 * "permissionsBoundary"?, "sessionPolicy"?}}, and its result line {@code {"id", "decision", …}}.
 */
public record EvaluationCase(String id, AuthorizationRequest request, PolicySet policies) {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** Turns the text of one of a case's policies into a document; lets callers cache them. */
  @FunctionalInterface
  public interface DocumentParser {
    /**
     * Parses {@code text} found at {@code location} in the case (such as {@code
     * identityPolicies[1]}).
     *
     * @throws PolicyValidationException when the document is invalid
     */
    PolicyDocument parse(String location, String text, Grammar grammar);
  }

  public EvaluationCase {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(policies, "policies");
  }

  /**
   * Reads one case from JSON text.
   *
   * @throws EvaluationCaseException when the JSON is not a case
   * @throws PolicyValidationException when one of its policies is invalid
   */
  public static EvaluationCase parse(String json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new EvaluationCaseException("not valid JSON: " + e.getOriginalMessage());
    }
    return of(node);
  }

  /** Reads one case from a JSON tree, parsing its policies with {@link PolicyDocument#parse}. */
  public static EvaluationCase of(JsonNode node) {
    return of(node, (location, text, grammar) -> PolicyDocument.parse(text, grammar));
  }

  /**
   * Reads one case from a JSON tree, its policies through {@code parser}.
   *
   * @throws EvaluationCaseException when the tree is not a case
   * @throws PolicyValidationException when {@code parser} refuses one of its policies
   */
  public static EvaluationCase of(JsonNode node, DocumentParser parser) {
    if (node == null || !node.isObject()) {
      throw new EvaluationCaseException("a case must be a JSON object");
    }
    String id = node.has("id") ? node.get("id").asText() : node.path("name").asText("");
    JsonNode req = node.get("request");
    if (req == null || !req.isObject()) {
      throw new EvaluationCaseException("case " + id + ": missing \"request\" object");
    }
    AuthorizationRequest.Builder request =
        AuthorizationRequest.builder(
            principal(req.get("principal"), id),
            requiredText(req, "action", id),
            requiredText(req, "resource", id));
    if (req.hasNonNull("resourceAccount")) {
      request.resourceAccount(req.get("resourceAccount").asText());
    }
    request.context(context(req.get("context"), id));
    AuthorizationRequest built;
    try {
      built = request.build();
    } catch (IllegalArgumentException e) {
      throw new EvaluationCaseException("case " + id + ": " + e.getMessage());
    }
    return new EvaluationCase(id, built, policies(node, id, parser));
  }

  private static PolicySet policies(JsonNode node, String id, DocumentParser parser) {
    PolicySet.Builder set = PolicySet.builder();
    JsonNode identity = node.path("identityPolicies");
    if (!identity.isMissingNode() && !identity.isArray()) {
      throw new EvaluationCaseException("case " + id + ": \"identityPolicies\" must be an array");
    }
    int i = 0;
    for (JsonNode p : identity) {
      set.identityPolicy(named(p, "identityPolicies[" + i++ + "]", Grammar.IDENTITY, parser));
    }
    if (node.hasNonNull("resourcePolicy")) {
      set.resourcePolicy(
          named(node.get("resourcePolicy"), "resourcePolicy", Grammar.RESOURCE, parser));
    }
    if (node.hasNonNull("permissionsBoundary")) {
      set.permissionsBoundary(
          named(node.get("permissionsBoundary"), "permissionsBoundary", Grammar.IDENTITY, parser));
    }
    JsonNode session = node.path("sessionPolicy");
    if (session.isArray()) {
      int k = 0;
      for (JsonNode p : session) {
        set.sessionPolicy(named(p, "sessionPolicy[" + k++ + "]", Grammar.IDENTITY, parser));
      }
    } else if (!session.isMissingNode() && !session.isNull()) {
      set.sessionPolicy(named(session, "sessionPolicy", Grammar.IDENTITY, parser));
    }
    return set.build();
  }

  /** A policy given as a JSON object, as a JSON string, or as {@code {"name", "document"}}. */
  private static NamedPolicy named(
      JsonNode node, String defaultName, Grammar grammar, DocumentParser parser) {
    String name = defaultName;
    JsonNode document = node;
    if (node.isObject() && node.has("document") && !node.has("Statement")) {
      name = node.path("name").asText(defaultName);
      document = node.get("document");
    }
    String text = document.isTextual() ? document.textValue() : document.toString();
    return new NamedPolicy(name, parser.parse(defaultName, text, grammar));
  }

  private static Principal principal(JsonNode node, String id) {
    try {
      if (node != null && node.isTextual()) {
        return Principal.parse(node.textValue());
      }
      if (node == null || !node.isObject()) {
        throw new EvaluationCaseException(
            "case " + id + ": \"principal\" must be an ARN or object");
      }
      Principal.Builder b;
      if (node.has("arn")) {
        b = Principal.builder(node.get("arn").asText());
      } else if (node.has("service")) {
        b = Principal.builder(node.get("service").asText());
      } else if (node.has("federated")) {
        b = Principal.builder(Principal.Type.IDENTITY_PROVIDER, node.get("federated").asText());
      } else if (node.has("canonicalUser")) {
        b = Principal.builder(Principal.Type.CANONICAL_USER, node.get("canonicalUser").asText());
      } else {
        throw new EvaluationCaseException(
            "case " + id + ": principal needs arn, service, federated or canonicalUser");
      }
      if (node.hasNonNull("userId")) {
        b.userId(node.get("userId").asText());
      }
      if (node.hasNonNull("issuer")) {
        b.issuer(node.get("issuer").asText());
      }
      for (Map.Entry<String, JsonNode> tag : node.path("tags").properties()) {
        b.tag(tag.getKey(), tag.getValue().asText());
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new EvaluationCaseException("case " + id + ": " + e.getMessage());
    }
  }

  private static RequestContext context(JsonNode node, String id) {
    RequestContext.Builder b = RequestContext.builder();
    if (node == null || node.isNull()) {
      return b.build();
    }
    if (!node.isObject()) {
      throw new EvaluationCaseException("case " + id + ": \"context\" must be an object");
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      List<String> values = new ArrayList<>();
      if (e.getValue().isArray()) {
        e.getValue().forEach(v -> values.add(scalar(v, e.getKey(), id)));
      } else {
        values.add(scalar(e.getValue(), e.getKey(), id));
      }
      b.put(e.getKey(), values);
    }
    return b.build();
  }

  private static String scalar(JsonNode v, String key, String id) {
    if (!v.isValueNode() || v.isNull()) {
      throw new EvaluationCaseException(
          "case " + id + ": context key " + key + " must hold strings, numbers or booleans");
    }
    return v.asText();
  }

  private static String requiredText(JsonNode node, String field, String id) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new EvaluationCaseException("case " + id + ": request." + field + " must be a string");
    }
    return v.textValue();
  }

  /** Evaluates the case. */
  public Evaluation evaluate() {
    return PolicyEvaluator.evaluate(request, policies);
  }

  /** The result line: {@code {"id", "decision", "reason"?, "statements", "lacking"}}. */
  public static ObjectNode resultJson(String id, AuthorizationRequest request, Evaluation e) {
    ObjectNode out = JSON.createObjectNode();
    out.put("id", id);
    out.put("decision", e.decision().text());
    if (!e.allowed()) {
      out.put("reason", e.reason(request.action()));
    }
    ArrayNode statements = out.putArray("statements");
    for (StatementRef s : e.statements()) {
      ObjectNode ref = statements.addObject();
      ref.put("policyType", s.policyType().id());
      ref.put("policy", s.policyName());
      ref.put("statement", s.statementIndex());
      s.sid().ifPresent(sid -> ref.put("sid", sid));
      ref.put("effect", s.effect().text());
    }
    ArrayNode lacking = out.putArray("lacking");
    e.lacking().forEach(t -> lacking.add(t.id()));
    return out;
  }
}
