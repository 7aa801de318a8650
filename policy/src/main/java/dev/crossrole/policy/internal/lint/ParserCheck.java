package dev.crossrole.policy.internal.lint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossrole.policy.Grammar;
import dev.crossrole.policy.PolicyDocument;
import dev.crossrole.policy.PolicyValidationException;
import dev.crossrole.policy.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs the real policy reader, so the linter never passes a document crossrole (like IAM) would
 * refuse, and reports its verdict under the AWS error code, such as {@code
 * MalformedPolicyDocument}. The reader's messages are AWS's and do not say where the problem is, so
 * this finds out by reading smaller documents cut from the original: without one top-level element,
 * then with one statement at a time.
 */
final class ParserCheck {
  private ParserCheck() {}

  static void check(String json, JsonNode root, Grammar grammar, Findings findings) {
    try {
      PolicyDocument.parse(json, grammar);
    } catch (PolicyValidationException e) {
      String message = Objects.toString(e.getMessage(), "");
      String location = locate(root, grammar, message);
      findings.add(
          Findings.statementOf(location), Severity.ERROR, e.problem().awsCode(), message, location);
    } catch (RuntimeException e) {
      // The reader must answer every input with a PolicyValidationException; report, not throw.
      findings.document(
          Check.INTERNAL_ERROR,
          "The policy reader failed on this document ("
              + e.getClass().getSimpleName()
              + "); please report it.",
          Paths.DOCUMENT);
    }
  }

  private static String locate(JsonNode root, Grammar grammar, String message) {
    if (!root.isObject() || !fails(root, grammar, message)) {
      // Not an object, or a problem in the text that the tree does not keep (a duplicate key).
      return Paths.DOCUMENT;
    }
    List<String> names = new ArrayList<>();
    root.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      if (!name.equals("Statement")) {
        ObjectNode probe = without(root, name);
        if (!fails(probe, grammar, message)) {
          return Paths.child("", name);
        }
      }
    }
    JsonNode statement = root.get("Statement");
    if (statement == null || !(statement.isArray() || statement.isObject())) {
      return "Statement";
    }
    if (statement.isObject() || statement.size() == 1) {
      return Paths.index("Statement", 0);
    }
    for (int i = 0; i < statement.size(); i++) {
      ObjectNode probe = without(root, "Statement");
      probe.set("Statement", JsonNodeFactory.instance.arrayNode().add(statement.get(i)));
      if (fails(probe, grammar, message)) {
        return Paths.index("Statement", i);
      }
    }
    // A problem between statements, such as two with one Sid.
    return "Statement";
  }

  /** A shallow copy of the top level without one element; probes share, never change, nodes. */
  private static ObjectNode without(JsonNode root, String name) {
    ObjectNode copy = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      if (!e.getKey().equals(name)) {
        copy.set(e.getKey(), e.getValue());
      }
    }
    return copy;
  }

  /** Whether reading {@code probe} fails with the same message as the whole document. */
  private static boolean fails(JsonNode probe, Grammar grammar, String message) {
    try {
      PolicyDocument.parse(probe.toString(), grammar);
      return false;
    } catch (PolicyValidationException e) {
      return message.equals(e.getMessage());
    } catch (RuntimeException e) {
      return false;
    }
  }
}
