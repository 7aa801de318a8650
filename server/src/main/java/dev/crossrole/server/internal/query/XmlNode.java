package dev.crossrole.server.internal.query;

import java.util.List;
import java.util.Objects;

/**
 * An element of a Query response's result as {@link XmlResponse} wrote it, kept as a value so that
 * what reads the answer (the audit trail) need not parse the text back.
 */
public sealed interface XmlNode {
  /** The element's name, such as {@code AssumedRoleUser}. */
  String name();

  /** An element holding text. */
  record Text(String name, String text) implements XmlNode {
    public Text {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(text, "text");
    }

    /** The text may be a secret (a secret access key, a session token): it is not shown. */
    @Override
    public String toString() {
      return "Text[" + name + ", " + text.length() + " characters]";
    }
  }

  /** An element holding elements, in the order written; none for an empty list. */
  record Parent(String name, List<XmlNode> children) implements XmlNode {
    public Parent {
      Objects.requireNonNull(name, "name");
      children = List.copyOf(children);
    }
  }
}
