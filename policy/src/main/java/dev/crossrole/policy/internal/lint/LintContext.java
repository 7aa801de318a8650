package dev.crossrole.policy.internal.lint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossrole.policy.Grammar;
import java.util.ArrayList;
import java.util.List;

/** What every check sees: the document as a JSON tree, its grammar, and where findings go. */
final class LintContext {
  final JsonNode root;
  final Grammar grammar;
  final List<RawStatement> statements;
  final Findings findings;

  LintContext(JsonNode root, Grammar grammar, Findings findings) {
    this.root = root;
    this.grammar = grammar;
    this.findings = findings;
    this.statements = statements(root);
  }

  private static List<RawStatement> statements(JsonNode root) {
    List<RawStatement> out = new ArrayList<>();
    JsonNode node = root.path("Statement");
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        out.add(new RawStatement(i, Paths.index("Statement", i), node.get(i)));
      }
    } else if (node.isObject()) {
      // IAM numbers a lone statement object as statement 0; so does every location.
      out.add(new RawStatement(0, Paths.index("Statement", 0), node));
    }
    return out;
  }

  /** The statements that are JSON objects; the parser reports the others. */
  List<RawStatement> objectStatements() {
    return statements.stream().filter(RawStatement::isObject).toList();
  }
}
