package dev.crossrole.policy.internal.lint;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the document into a tree for the checks. Unlike the policy reader it keeps going past
 * duplicate keys (the last one wins, as in most JSON tools) so that it can say where they are.
 */
final class JsonInput {
  /** The same nesting limit as the policy reader, so no check ever walks a deeper tree. */
  private static final int MAX_DEPTH = 32;

  private static final ObjectMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private JsonInput() {}

  /** The tree, or empty after reporting why the text is not one JSON value. */
  static Optional<JsonNode> read(String json, Findings findings) {
    try (JsonParser parser = JSON.createParser(json)) {
      JsonNode node = JSON.readTree(parser);
      if (node == null || node.isMissingNode()) {
        findings.document(
            Check.JSON_SYNTAX_ERROR, "The document is empty: write a JSON policy.", "");
        return Optional.empty();
      }
      return Optional.of(node);
    } catch (JacksonException e) {
      JsonLocation at = e.getLocation();
      findings.document(
          Check.JSON_SYNTAX_ERROR,
          "The document is not valid JSON: " + reason(e) + ". Fix the syntax and lint it again.",
          at == null || at.getLineNr() < 1 ? Paths.DOCUMENT : where(at));
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      findings.document(Check.JSON_SYNTAX_ERROR, "The document is not valid JSON.", "");
      return Optional.empty();
    }
  }

  /**
   * Jackson's description of the problem, first line only and cut short: it can quote a token of
   * the document, which is the user's own text, but never a long stretch of it.
   */
  private static String reason(JacksonException e) {
    if (e instanceof StreamConstraintsException) {
      return "it nests deeper than " + MAX_DEPTH + " levels, or holds a value too long to read";
    }
    String m = Objects.toString(e.getOriginalMessage(), "syntax error").strip();
    // Keep Jackson's description, not its pointers into its own source and settings.
    for (String cut : new String[] {"\n", " (start marker", " [Source", " at [Source"}) {
      int at = m.indexOf(cut);
      if (at >= 0) {
        m = m.substring(0, at);
      }
    }
    if (m.length() > 160) {
      m = m.substring(0, 160) + "…";
    }
    return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
  }

  private static String where(JsonLocation location) {
    return "line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  /**
   * Reports every key written twice in one object. IAM refuses such documents, and the usual cause
   * is a second {@code "StringEquals"} block that silently replaces the first, with its ExternalId
   * test, in tools that keep the last one.
   */
  static void duplicateKeys(String json, Findings findings) {
    try (JsonParser parser = JSON.createParser(json)) {
      Deque<Set<String>> objects = new ArrayDeque<>();
      for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
        if (t == JsonToken.START_OBJECT) {
          objects.push(new HashSet<>());
        } else if (t == JsonToken.END_OBJECT) {
          objects.pop();
        } else if (t == JsonToken.FIELD_NAME && !objects.isEmpty()) {
          String name = parser.currentName();
          if (!objects.peek().add(name)) {
            findings.located(
                Check.DUPLICATE_KEY,
                "The key \""
                    + name
                    + "\" appears twice in the same object. IAM refuses the document; tools that"
                    + " accept it keep only one of the two values. Merge them into one.",
                path(parser.getParsingContext()));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // read() already reported the syntax error; duplicates are moot then.
    }
  }

  /** The location of the current field, built from the parser's context chain. */
  private static String path(JsonStreamContext context) {
    List<JsonStreamContext> chain = new ArrayList<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      chain.add(0, c);
    }
    String path = "";
    for (int i = 0; i < chain.size(); i++) {
      JsonStreamContext c = chain.get(i);
      if (c.inArray()) {
        path = Paths.index(path, c.getCurrentIndex());
      } else if (c.getCurrentName() != null) {
        path = Paths.child(path, c.getCurrentName());
        if (i == 0
            && path.equals("Statement")
            && i + 1 < chain.size()
            && chain.get(i + 1).inObject()) {
          path = Paths.index(path, 0); // a lone statement object is Statement[0], as elsewhere
        }
      }
    }
    return path;
  }

  /**
   * Reports the first character outside the range IAM's API accepts in a policy document (tab,
   * newline, carriage return and U+0020 to U+00FF): IAM answers such a document with
   * ValidationError before it reads the policy.
   */
  static void characters(String json, Findings findings) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (!(c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xFF))) {
        findings.document(
            Check.UNSUPPORTED_CHARACTER,
            String.format(
                "The character U+%04X is outside the range IAM accepts in policy documents"
                    + " (tab, line breaks and U+0020 to U+00FF); IAM answers ValidationError.",
                (int) c),
            "line " + line + ", column " + column);
        return;
      }
      if (c == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
  }
}
