package dev.crossrole.server.internal.authz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.IdentityException;
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
 * same name is not trusted. This class does the three parts: it resolves the ids when a policy is
 * set, refusing one that names a user or role that does not exist; rewrites the ARNs to those ids
 * for evaluation; and shows, as GetRole does, the id in place of the ARN of a principal that is
 * gone.
 *
 * <p>A user or role of an account this server does not host does not exist for it, and is refused
 * like any other: no caller of this server can be it, and accepting it by name would let it be
 * trusted by name should that account be added later. Account principals ({@code
 * arn:aws:iam::ID:root}, a bare id) are not bound to an identity and are accepted for any account,
 * as are services, federated principals and {@code *}.
 */
public final class TrustPrincipals {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ENTITY =
      Pattern.compile(
          "arn:aws:iam::(\\d{12}):(user|role)(/(?:[\\u0021-\\u007E]*/)?)([\\w+=,.@-]+)");

  private TrustPrincipals() {}

  /**
   * The unique id of each user and role the (already validated) trust policy names by ARN.
   *
   * @throws IdentityException ({@code MalformedPolicyDocument}, {@code Invalid principal in policy:
   *     "AWS":"ARN"}) naming the first user or role that does not exist, as IAM words it
   */
  public static Map<String, String> resolve(String trustPolicy, IdentityStore store) {
    Map<String, String> ids = new LinkedHashMap<>();
    for (String arn : awsPrincipals(tree(trustPolicy))) {
      Matcher m = ENTITY.matcher(arn);
      if (!m.matches()) {
        continue;
      }
      Optional<String> id = currentId(arn, m, store);
      if (id.isEmpty()) {
        throw new IdentityException(
            ErrorCode.MALFORMED_POLICY_DOCUMENT,
            "Invalid principal in policy: \"AWS\":\"" + arn + "\"");
      }
      ids.put(arn, id.get());
    }
    return ids;
  }

  /**
   * The trust policy as IAM shows it: each user or role that no longer exists with the unique id it
   * had when the policy was set (deleted, or deleted and re-created) is shown by that id, since it
   * can no longer be mapped back to an ARN. Unchanged when every one still stands.
   */
  public static String shown(Role role, IdentityStore store) {
    Map<String, String> gone = new LinkedHashMap<>();
    role.trustPrincipalIds()
        .forEach(
            (arn, id) -> {
              Matcher m = ENTITY.matcher(arn);
              if (!m.matches() || !currentId(arn, m, store).equals(Optional.of(id))) {
                gone.put(arn, id);
              }
            });
    return gone.isEmpty() ? role.trustPolicy() : replaced(role.trustPolicy(), gone);
  }

  /** The unique id of the user or role {@code arn} names, when it exists under that very ARN. */
  private static Optional<String> currentId(String arn, Matcher m, IdentityStore store) {
    String account = m.group(1);
    String name = m.group(4);
    return m.group(2).equals("user")
        ? store.user(account, name).filter(u -> u.arn().equals(arn)).map(User::userId)
        : store.role(account, name).filter(r -> r.arn().equals(arn)).map(Role::roleId);
  }

  /** The trust policy as evaluated: each resolved ARN replaced by the unique id it had. */
  public static String effective(Role role) {
    if (role.trustPrincipalIds().isEmpty()) {
      return role.trustPolicy();
    }
    return replaced(role.trustPolicy(), role.trustPrincipalIds());
  }

  /** {@code document} with each {@code AWS} principal that is a key of {@code ids} replaced. */
  private static String replaced(String document, Map<String, String> ids) {
    JsonNode root = tree(document);
    for (JsonNode statement : statements(root)) {
      JsonNode principal = statement.path("Principal");
      if (principal instanceof ObjectNode p && p.has("AWS")) {
        JsonNode aws = p.get("AWS");
        if (aws.isTextual()) {
          p.set("AWS", TextNode.valueOf(ids.getOrDefault(aws.textValue(), aws.textValue())));
        } else if (aws instanceof ArrayNode values) {
          for (int i = 0; i < values.size(); i++) {
            String v = values.get(i).asText();
            values.set(i, TextNode.valueOf(ids.getOrDefault(v, v)));
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
