package dev.crossrole.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Writes the model back as compact JSON, one value per string, in IAM's element order. */
final class PolicyWriter {
  /** ASCII-only output, so a printed document passes IAM's character check wherever it goes. */
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  private PolicyWriter() {}

  static String write(PolicyDocument policy) {
    ObjectNode root = JSON.createObjectNode();
    policy.writtenVersion().ifPresent(v -> root.put("Version", v.text()));
    policy.id().ifPresent(id -> root.put("Id", id));
    ArrayNode statements = root.putArray("Statement");
    for (Statement s : policy.statements()) {
      statements.add(statement(s));
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a policy tree always serialises", e);
    }
  }

  private static ObjectNode statement(Statement s) {
    ObjectNode node = JSON.createObjectNode();
    s.sid().ifPresent(sid -> node.put("Sid", sid));
    node.put("Effect", s.effect().text());
    s.principal()
        .ifPresent(p -> node.set(p.negated() ? "NotPrincipal" : "Principal", principal(p)));
    node.set(s.action().negated() ? "NotAction" : "Action", strings(s.action().values()));
    s.resource()
        .ifPresent(r -> node.set(r.negated() ? "NotResource" : "Resource", strings(r.values())));
    if (!s.conditions().isEmpty()) {
      ObjectNode block = node.putObject("Condition");
      for (Condition c : s.conditions()) {
        JsonNode existing = block.get(c.operatorText());
        ObjectNode operator =
            existing instanceof ObjectNode o ? o : block.putObject(c.operatorText());
        operator.set(c.key(), strings(c.values()));
      }
    }
    return node;
  }

  private static JsonNode principal(PrincipalElement p) {
    if (p.isEveryone()) {
      return JSON.getNodeFactory().textNode("*");
    }
    ObjectNode node = JSON.createObjectNode();
    p.values().forEach((type, values) -> node.set(type, strings(values)));
    return node;
  }

  private static JsonNode strings(List<String> values) {
    if (values.size() == 1) {
      return JSON.getNodeFactory().textNode(values.get(0));
    }
    ArrayNode array = JSON.createArrayNode();
    values.forEach(array::add);
    return array;
  }
}
