package dev.crossrole.server.internal.edge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossrole.core.AccessReport;
import dev.crossrole.core.AccessReport.ConditionEntry;
import dev.crossrole.core.AccessReport.PermissionStatement;
import dev.crossrole.core.AccessReport.TrustStatement;
import dev.crossrole.core.AccessReport.TrustedPrincipal;
import java.util.List;
import java.util.Locale;

/** An {@link AccessReport} as the JSON {@code crossrole access --json} prints: one line. */
public final class AccessJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AccessJson() {}

  /** {@code report} as one line of JSON. */
  public static String of(AccessReport report) {
    ObjectNode root = JSON.createObjectNode();
    root.put("kind", report.kind());
    root.put("arn", report.arn());
    root.put("id", report.id());
    root.put("account", report.accountId());
    if (report.kind().equals("role")) {
      ArrayNode trust = root.putArray("trust");
      report.trust().forEach(s -> trust.add(trust(s)));
    }
    ArrayNode permissions = root.putArray("permissions");
    report.permissions().forEach(s -> permissions.add(permission(s)));
    return root.toString();
  }

  private static ObjectNode trust(TrustStatement s) {
    ObjectNode node = JSON.createObjectNode();
    s.sid().ifPresent(sid -> node.put("sid", sid));
    node.put("effect", s.effect());
    strings(node.putArray("actions"), s.actions());
    ArrayNode principals = node.putArray("principals");
    s.principals().forEach(p -> principals.add(principal(p)));
    conditions(node.putArray("conditions"), s.conditions());
    return node;
  }

  private static ObjectNode principal(TrustedPrincipal p) {
    ObjectNode node = JSON.createObjectNode();
    node.put("type", p.type());
    node.put("value", p.value());
    p.uniqueId().ifPresent(id -> node.put("uniqueId", id));
    node.put("standing", p.standing().name().toLowerCase(Locale.ROOT));
    node.put("crossAccount", p.crossAccount());
    p.identityAllows().ifPresent(d -> node.put("identityPolicies", d));
    return node;
  }

  private static ObjectNode permission(PermissionStatement s) {
    ObjectNode node = JSON.createObjectNode();
    node.put("source", s.source().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    node.put("policy", s.policy());
    s.sid().ifPresent(sid -> node.put("sid", sid));
    node.put("effect", s.effect());
    strings(node.putArray(s.notAction() ? "notActions" : "actions"), s.actions());
    strings(node.putArray(s.notResource() ? "notResources" : "resources"), s.resources());
    conditions(node.putArray("conditions"), s.conditions());
    return node;
  }

  private static void conditions(ArrayNode array, List<ConditionEntry> conditions) {
    for (ConditionEntry c : conditions) {
      ObjectNode node = array.addObject();
      node.put("operator", c.operator());
      node.put("key", c.key());
      strings(node.putArray("values"), c.values());
    }
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
