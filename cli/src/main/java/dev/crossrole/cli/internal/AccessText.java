package dev.crossrole.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The readable form of {@code crossrole access}'s report, written from its JSON form so that the
 * two always say the same.
 */
public final class AccessText {
  private AccessText() {}

  /** The report {@code json} as lines of text. */
  public static List<String> of(JsonNode json) {
    List<String> lines = new ArrayList<>();
    boolean role = json.path("kind").asText().equals("role");
    lines.add(
        (role ? "Role " : "User ")
            + json.path("arn").asText()
            + " ("
            + json.path("id").asText()
            + ")");
    if (role) {
      lines.add("");
      lines.add("Who may assume it (trust policy):");
      for (JsonNode statement : json.path("trust")) {
        trust(statement, lines);
      }
    }
    lines.add("");
    lines.add("What it may do (identity policies and permissions boundary):");
    if (json.path("permissions").isEmpty()) {
      lines.add("  nothing: no policy allows any action");
    }
    for (JsonNode statement : json.path("permissions")) {
      lines.add("  " + permission(statement));
      conditions(statement, "      ", lines);
    }
    return lines;
  }

  private static void trust(JsonNode statement, List<String> lines) {
    lines.add(
        "  "
            + statement.path("effect").asText()
            + " "
            + join(statement.path("actions"))
            + sid(statement));
    for (JsonNode p : statement.path("principals")) {
      lines.add("    principal " + principal(p));
    }
    conditions(statement, "    ", lines);
  }

  private static String principal(JsonNode p) {
    StringBuilder text =
        new StringBuilder(p.path("type").asText()).append(' ').append(p.path("value").asText());
    if (p.has("uniqueId")) {
      text.append(" (").append(p.path("uniqueId").asText()).append(')');
    }
    text.append(": ").append(standing(p.path("standing").asText()));
    if (p.path("crossAccount").asBoolean()) {
      text.append(", another account");
      if (p.has("identityPolicies")) {
        text.append(", its own policies: ").append(p.path("identityPolicies").asText());
      }
    }
    return text.toString();
  }

  private static String standing(String standing) {
    return switch (standing) {
      case "exists" -> "exists";
      case "gone" -> "no longer exists (grants nothing)";
      case "recreated" -> "recreated since the trust was set (no longer trusted)";
      case "account" -> "an account: its principals whose own policies allow it";
      default -> "outside this server";
    };
  }

  private static String permission(JsonNode s) {
    String actions =
        s.has("notActions")
            ? "every action but " + join(s.path("notActions"))
            : join(s.path("actions"));
    String resources =
        s.has("notResources")
            ? "every resource but " + join(s.path("notResources"))
            : join(s.path("resources"));
    return s.path("effect").asText()
        + " "
        + actions
        + " on "
        + resources
        + sid(s)
        + "  ["
        + s.path("source").asText()
        + " "
        + s.path("policy").asText()
        + "]";
  }

  private static void conditions(JsonNode statement, String indent, List<String> lines) {
    for (JsonNode c : statement.path("conditions")) {
      lines.add(
          indent
              + "when "
              + c.path("operator").asText()
              + " "
              + c.path("key").asText()
              + " = "
              + join(c.path("values")));
    }
  }

  private static String sid(JsonNode statement) {
    return statement.has("sid") ? " (" + statement.path("sid").asText() + ")" : "";
  }

  private static String join(JsonNode values) {
    List<String> texts = new ArrayList<>();
    values.forEach(v -> texts.add(v.asText()));
    return String.join(", ", texts);
  }
}
