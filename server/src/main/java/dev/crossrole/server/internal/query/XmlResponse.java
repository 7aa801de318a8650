package dev.crossrole.server.internal.query;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Writes AWS Query protocol responses: {@code <ActionResponse xmlns=…><ActionResult>…
 * </ActionResult><ResponseMetadata><RequestId>…</RequestId></ResponseMetadata></ActionResponse>},
 * and {@code <ErrorResponse>} documents. Text is escaped; element names are the caller's. The
 * result's elements are kept as {@link XmlNode}s beside the text, for the audit trail.
 */
public final class XmlResponse {
  /**
   * STS's namespace: that of STS's responses, and of the errors the edge answers before any service
   * has the request.
   */
  public static final String STS_NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

  private final StringBuilder out = new StringBuilder(512);

  /** The children of each element still open, the result's first. */
  private final Deque<List<XmlNode>> open = new ArrayDeque<>();

  /** The names of the elements still open but the result, innermost first. */
  private final Deque<String> names = new ArrayDeque<>();

  private XmlResponse() {}

  /** Starts {@code <ActionResponse xmlns="namespace"><ActionResult>}. */
  public static XmlResponse result(String action, String namespace) {
    XmlResponse x = new XmlResponse();
    x.out.append("<").append(action).append("Response xmlns=\"").append(namespace).append("\">");
    x.out.append("<").append(action).append("Result>");
    x.open.push(new ArrayList<>());
    return x;
  }

  /** An element with text content; nothing when {@code text} is null. */
  public XmlResponse element(String name, String text) {
    if (text != null) {
      out.append('<').append(name).append('>');
      escape(text, out);
      out.append("</").append(name).append('>');
      open.element().add(new XmlNode.Text(name, text));
    }
    return this;
  }

  /** Opens an element whose content follows. */
  public XmlResponse open(String name) {
    out.append('<').append(name).append('>');
    open.push(new ArrayList<>());
    names.push(name);
    return this;
  }

  /**
   * Closes the element last opened with {@link #open}.
   *
   * @throws IllegalStateException when that element is not {@code name}
   */
  public XmlResponse close(String name) {
    if (names.isEmpty()) {
      throw new IllegalStateException("closing " + name + " with no element open");
    }
    if (!name.equals(names.peek())) {
      throw new IllegalStateException("closing " + name + " where " + names.peek() + " is open");
    }
    out.append("</").append(name).append('>');
    List<XmlNode> children = open.pop();
    open.element().add(new XmlNode.Parent(names.pop(), children));
    return this;
  }

  /**
   * Closes the result and adds the response metadata.
   *
   * @throws IllegalStateException when an element opened is not closed
   */
  public QueryAnswer finish(String action, String requestId) {
    if (!names.isEmpty()) {
      throw new IllegalStateException("finishing " + action + " with " + names + " open");
    }
    out.append("</").append(action).append("Result>");
    out.append("<ResponseMetadata><RequestId>").append(requestId);
    out.append("</RequestId></ResponseMetadata>");
    out.append("</").append(action).append("Response>");
    return new QueryAnswer(out.toString(), open.pop());
  }

  /** An error document as IAM and STS return it. */
  public static String error(
      String namespace, boolean senderFault, String code, String message, String requestId) {
    StringBuilder out = new StringBuilder(256);
    out.append("<ErrorResponse xmlns=\"").append(namespace).append("\"><Error><Type>");
    out.append(senderFault ? "Sender" : "Receiver").append("</Type><Code>");
    escape(code, out);
    out.append("</Code><Message>");
    escape(message, out);
    out.append("</Message></Error><RequestId>").append(requestId);
    out.append("</RequestId></ErrorResponse>");
    return out.toString();
  }

  /** XML 1.0 escaping; characters XML cannot carry are replaced, never passed through. */
  static void escape(String text, StringBuilder out) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        case '\r' -> out.append("&#xD;");
        default -> {
          boolean legal =
              c == '\t'
                  || c == '\n'
                  || (c >= 0x20 && c <= 0xD7FF)
                  || (c >= 0xE000 && c <= 0xFFFD)
                  || Character.isSurrogate(c);
          out.append(legal ? c : '\uFFFD');
        }
      }
    }
  }
}
