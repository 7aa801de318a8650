package dev.crossrole.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.Role;
import dev.crossrole.core.User;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IAM binds a trust policy to the users and roles it names, not to their names: it records their
 * unique ids when the policy is set, and from then on a principal deleted and recreated under the
 * same name is not trusted. This class does both halves: it resolves the ids when a policy is set
 * and rewrites the ARNs to those ids for evaluation. A principal that does not exist yet stays
 * named by its ARN (IAM would refuse it), so that a role can be set up before the user of another
 * account that it trusts, as cross-account setups are rehearsed.
 */
final class TrustPrincipals {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ENTITY =
      Pattern.compile(
          "arn:aws:iam::(\\d{12}):(user|role)(/(?:[\\u0021-\\u007E]*/)?)([\\w+=,.@-]+)");

  private TrustPrincipals() {}

  /**
   * The unique id of each existing user and role the (already validated) trust policy names by ARN.
   */
  static Map<String, String> resolve(String trustPolicy, IdentityStore store) {
    Map<String, String> ids = new LinkedHashMap<>();
    for (String arn : awsPrincipals(tree(trustPolicy))) {
      Matcher m = ENTITY.matcher(arn);
      if (!m.matches()) {
        continue;
      }
      String account = m.group(1);
      String name = m.group(4);
      Optional<String> id =
          m.group(2).equals("user")
              ? store.user(account, name).filter(u -> u.arn().equals(arn)).map(User::userId)
              : store.role(account, name).filter(r -> r.arn().equals(arn)).map(Role::roleId);
      id.ifPresent(v -> ids.put(arn, v));
    }
    return ids;
  }

  /** The trust policy as evaluated: each resolved ARN replaced by the unique id it had. */
  static String effective(Role role) {
    if (role.trustPrincipalIds().isEmpty()) {
      return role.trustPolicy();
    }
    JsonNode root = tree(role.trustPolicy());
    for (JsonNode statement : statements(root)) {
      JsonNode principal = statement.path("Principal");
      if (principal instanceof ObjectNode p && p.has("AWS")) {
        JsonNode aws = p.get("AWS");
        if (aws.isTextual()) {
          p.set(
              "AWS",
              TextNode.valueOf(
                  role.trustPrincipalIds().getOrDefault(aws.textValue(), aws.textValue())));
        } else if (aws instanceof ArrayNode values) {
          for (int i = 0; i < values.size(); i++) {
            String v = values.get(i).asText();
            values.set(i, TextNode.valueOf(role.trustPrincipalIds().getOrDefault(v, v)));
          }
        }
      }
    }
    return root.toString();
  }

  private static List<String> awsPrincipals(JsonNode root) {
    List<String> out = new ArrayList<>();
    for (JsonNode statement : statements(root)) {
      JsonNode aws = statement.path("Principal").path("AWS");
      if (aws.isTextual()) {
        out.add(aws.textValue());
      } else if (aws.isArray()) {
        aws.forEach(v -> out.add(v.asText()));
      }
    }
    return out;
  }

  private static List<JsonNode> statements(JsonNode root) {
    JsonNode s = root.path("Statement");
    List<JsonNode> out = new ArrayList<>();
    if (s.isArray()) {
      s.forEach(out::add);
    } else if (s.isObject()) {
      out.add(s);
    }
    return out;
  }

  private static JsonNode tree(String document) {
    try {
      return JSON.readTree(document);
    } catch (JsonProcessingException e) {
      // The document was validated before it was stored; reaching here is a defect.
      throw new IllegalStateException("stored trust policy is not JSON", e);
    }
  }
}
