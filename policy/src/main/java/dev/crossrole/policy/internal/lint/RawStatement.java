package dev.crossrole.policy.internal.lint;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One element of the document's Statement as written, whatever its JSON type, so that checks can
 * look at documents the parser refuses.
 *
 * @param index the position in the Statement array (0 for a lone statement object)
 * @param path the statement's location, {@code Statement[2]}; a lone statement object is {@code
 *     Statement[0]}
 * @param node the statement as written
 */
record RawStatement(int index, String path, JsonNode node) {
  boolean isObject() {
    return node.isObject();
  }

  /** The element, or a missing node when it is absent or the statement is not an object. */
  JsonNode get(String element) {
    return node.path(element);
  }

  boolean has(String element) {
    return node.isObject() && node.has(element);
  }

  /** The location of one of this statement's elements. */
  String at(String element) {
    return Paths.child(path, element);
  }

  /** Whether Effect is exactly {@code Allow}, the only spelling IAM accepts. */
  boolean allows() {
    return "Allow".equals(node.path("Effect").textValue());
  }

  boolean denies() {
    return "Deny".equals(node.path("Effect").textValue());
  }
}
