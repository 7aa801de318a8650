package dev.crossrole.server.internal.query;

import java.util.List;
import java.util.Objects;

/**
 * A Query service's answer: the XML document sent, and the elements of its {@code …Result} as
 * values.
 */
public record QueryAnswer(String xml, List<XmlNode> result) {
  public QueryAnswer {
    Objects.requireNonNull(xml, "xml");
    result = List.copyOf(result);
  }

  /** Secrets are in the document: it is not shown. */
  @Override
  public String toString() {
    return "QueryAnswer[" + xml.length() + " characters, " + result.size() + " result element(s)]";
  }
}
