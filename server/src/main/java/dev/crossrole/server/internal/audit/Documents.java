package dev.crossrole.server.internal.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * The shapes CloudTrail gives parameters and responses: camel-cased names, lists as arrays, and
 * every credential removed — secret access keys, session tokens, passwords and registry tokens
 * never reach the trail.
 */
final class Documents {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Member names (lower case) whose values are secrets, wherever they appear. */
  private static final Set<String> SECRETS =
      Set.of(
          "secretaccesskey",
          "sessiontoken",
          "password",
          "newpassword",
          "oldpassword",
          "authorizationtoken",
          "token",
          "access_token",
          "privatekey",
          "samlassertion",
          "webidentitytoken");

  /** Query parameters that say how to call, not what. */
  private static final Set<String> PROTOCOL_PARAMETERS = Set.of("Action", "Version");

  /** The largest list index read from a parameter name; beyond it the name is kept as it is. */
  private static final int MAX_INDEX = 1000;

  private Documents() {}

  /** The request parameters as CloudTrail shows them, credentials removed; empty when none. */
  static Optional<ObjectNode> requestParameters(ApiCall.Parameters parameters) {
    ObjectNode out =
        parameters instanceof ApiCall.Parameters.Query query
            ? fromQuery(query.values())
            : ((ApiCall.Parameters.Json) parameters).document().deepCopy();
    redact(out);
    return out.isEmpty() ? Optional.empty() : Optional.of(out);
  }

  /** The response's elements as CloudTrail shows them, credentials removed. */
  static Optional<ObjectNode> responseElements(ApiCall.Answer answer) {
    ObjectNode out =
        answer instanceof ApiCall.Answer.Xml xml
            ? fromXml(xml.text())
            : ((ApiCall.Answer.Json) answer).document().deepCopy();
    redact(out);
    return out.isEmpty() ? Optional.empty() : Optional.of(out);
  }

  /** Removes every member named as a secret, at any depth. */
  static void redact(JsonNode node) {
    if (node instanceof ObjectNode object) {
      List<String> secrets = new ArrayList<>();
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        if (SECRETS.contains(field.getKey().toLowerCase(Locale.ROOT))) {
          secrets.add(field.getKey());
        } else {
          redact(field.getValue());
        }
      }
      object.remove(secrets);
    } else if (node instanceof ArrayNode array) {
      array.forEach(Documents::redact);
    }
  }

  /** {@code Tags.member.1.Key=k} as {@code {"tags": [{"key": "k"}]}}. */
  static ObjectNode fromQuery(Map<String, String> values) {
    ObjectNode out = NODES.objectNode();
    values.entrySet().stream()
        .filter(e -> !PROTOCOL_PARAMETERS.contains(e.getKey()))
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> put(out, List.of(e.getKey().split("\\.", -1)), e.getValue()));
    return out;
  }

  private static void put(ObjectNode object, List<String> path, String value) {
    String name = camel(path.get(0));
    if (path.size() == 1) {
      object.put(name, value);
      return;
    }
    Optional<Integer> index =
        path.size() >= 3 ? listIndex(path.get(1), path.get(2)) : Optional.empty();
    if (index.isPresent()) {
      ArrayNode array =
          object.get(name) instanceof ArrayNode existing ? existing : object.putArray(name);
      while (array.size() <= index.get()) {
        array.addNull();
      }
      if (path.size() == 3) {
        array.set(index.get(), NODES.textNode(value));
      } else {
        ObjectNode element =
            array.get(index.get()) instanceof ObjectNode existing ? existing : NODES.objectNode();
        array.set(index.get(), element);
        put(element, path.subList(3, path.size()), value);
      }
      return;
    }
    ObjectNode child =
        object.get(name) instanceof ObjectNode existing ? existing : object.putObject(name);
    put(child, path.subList(1, path.size()), value);
  }

  /** The zero-based index of {@code member.N} or {@code entry.N}, when the name is one. */
  private static Optional<Integer> listIndex(String marker, String number) {
    if (!(marker.equals("member") || marker.equals("entry")) || !number.matches("[1-9]\\d{0,3}")) {
      return Optional.empty();
    }
    int n = Integer.parseInt(number);
    return n <= MAX_INDEX ? Optional.of(n - 1) : Optional.empty();
  }

  /** The {@code …Result} element of a Query response, as JSON. */
  static ObjectNode fromXml(String xml) {
    Element root;
    try {
      root = parser().parse(new InputSource(new StringReader(xml))).getDocumentElement();
    } catch (IOException | SAXException e) {
      throw new IllegalStateException("a response of ours did not parse as XML", e);
    }
    for (Element child : elements(root)) {
      if (child.getLocalName().endsWith("Result") && toJson(child) instanceof ObjectNode result) {
        return result;
      }
    }
    return NODES.objectNode();
  }

  private static JsonNode toJson(Element element) {
    List<Element> children = elements(element);
    if (children.isEmpty()) {
      return NODES.textNode(element.getTextContent());
    }
    if (children.stream().allMatch(c -> c.getLocalName().equals("member"))) {
      ArrayNode array = NODES.arrayNode();
      children.forEach(c -> array.add(toJson(c)));
      return array;
    }
    ObjectNode object = NODES.objectNode();
    children.forEach(c -> object.set(camel(c.getLocalName()), toJson(c)));
    return object;
  }

  private static List<Element> elements(Element parent) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * A parser of this thread's: finding the platform's factory scans the class path, too slow to do
   * per request, and a parser serves one thread at a time.
   */
  private static final ThreadLocal<DocumentBuilder> PARSERS =
      ThreadLocal.withInitial(Documents::newParser);

  private static DocumentBuilder parser() {
    DocumentBuilder parser = PARSERS.get();
    parser.reset();
    return parser;
  }

  private static DocumentBuilder newParser() {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setExpandEntityReferences(false);
      return factory.newDocumentBuilder();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the platform's XML parser cannot be made safe", e);
    }
  }

  /** {@code RoleArn} as CloudTrail writes it: {@code roleArn}. */
  static String camel(String name) {
    return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }
}
