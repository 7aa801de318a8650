package dev.crossrole.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.crossrole.policy.internal.PolicyElements;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads policy JSON into the model, enforcing IAM's grammar with IAM's error messages. */
final class PolicyReader {
  private static final ObjectMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(32).build())
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  static final String SYNTAX = "Syntax errors in policy.";
  static final String LEGACY = "The policy failed legacy parsing";
  private static final Set<String> TRUST_ACTIONS =
      Set.of(
          "sts:AssumeRole",
          "sts:AssumeRoleWithSAML",
          "sts:AssumeRoleWithWebIdentity",
          "sts:DecodeAuthorizationMessage",
          "sts:GetAccessKeyInfo",
          "sts:GetCallerIdentity",
          "sts:GetFederationToken",
          "sts:GetServiceBearerToken",
          "sts:GetSessionToken",
          "sts:SetContext",
          "sts:SetSourceIdentity",
          "sts:TagSession",
          "sts:*");
  private static final Set<String> PARTITIONS =
      Set.of("aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f");
  private static final List<String> IAM_RESOURCE_PATHS =
      List.of(
          "user/",
          "federated-user/",
          "role/",
          "group/",
          "instance-profile/",
          "mfa/",
          "server-certificate/",
          "policy/",
          "sms-mfa/",
          "saml-provider/",
          "oidc-provider/",
          "report/",
          "access-report/");

  /**
   * The account's root user as a resource ({@code arn:aws:iam::*:root}), which IAM has had since
   * centralized root access: AWS's own root-task managed policies deny everything but it.
   */
  private static final String ROOT_RESOURCE = "root";

  private static final String PARTITION = "arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-[a-z])";
  private static final String NAME = "[\\w+=,.@-]+";

  /**
   * A path and name as one run of name characters and slashes; {@link #wellFormedPath} then refuses
   * an empty segment. Written as a single character class, not a repeated group, because Java
   * matches a repeated group by recursion and a long ARN of short segments would overflow the
   * stack.
   */
  private static final String PATH_AND_NAME = "[\\w+=,.@/-]+";

  private static final Pattern AWS_PRINCIPAL =
      Pattern.compile(
          "\\*|\\d{12}|(AIDA|AROA)[A-Z0-9]{12,}"
              + "|"
              + PARTITION
              + ":iam::\\d{12}:(root|user/"
              + PATH_AND_NAME
              + "|role/"
              + PATH_AND_NAME
              + ")"
              + "|"
              + PARTITION
              + ":sts::\\d{12}:(assumed-role/"
              + NAME
              + "/"
              + NAME
              + "|federated-user/"
              + NAME
              + ")");
  private static final Pattern SERVICE_PRINCIPAL = Pattern.compile("[a-z0-9][a-z0-9.-]*");

  private PolicyReader() {}

  /**
   * Whether {@code text} holds only ASCII letters, digits and the {@code extra} characters (and is
   * not empty, unless {@code emptyAllowed}): the grammar's character classes, without regular
   * expressions on the parse path.
   */
  private static boolean only(String text, String extra, boolean emptyAllowed) {
    if (text.isEmpty()) {
      return emptyAllowed;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean alphanumeric =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alphanumeric && extra.indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Refuses characters outside the range IAM's API accepts for policy documents and returns the
   * size IAM counts (characters other than white space), in one pass.
   */
  static int checkCharactersAndSize(String json) {
    int size = 0;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c >= 0x21 && c <= 0xFF) {
        size++;
      } else if (!(c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
        throw new PolicyValidationException(
            PolicyValidationException.Problem.VALIDATION_ERROR,
            "1 validation error detected: Value at 'policyDocument' failed to satisfy constraint:"
                + " Member must satisfy regular expression pattern:"
                + " [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+");
      }
    }
    return size;
  }

  static PolicyDocument read(String json, Grammar grammar) {
    JsonNode root = tree(json);
    if (!root.isObject()) {
      throw PolicyValidationException.malformed(SYNTAX);
    }
    unknownFields(root, PolicyElements.DOCUMENT, "policy");
    Optional<PolicyVersion> version = Optional.empty();
    JsonNode v = root.get("Version");
    if (v != null) {
      if (!v.isTextual() || PolicyVersion.of(v.textValue()).isEmpty()) {
        throw PolicyValidationException.malformed(
            SYNTAX + " Version must be 2012-10-17 or 2008-10-17.");
      }
      version = PolicyVersion.of(v.textValue());
    }
    Optional<String> id = Optional.empty();
    JsonNode idNode = root.get("Id");
    if (idNode != null) {
      id = Optional.of(text(idNode, "Id"));
    }
    JsonNode statementNode = root.get("Statement");
    if (statementNode == null) {
      throw PolicyValidationException.malformed("Missing required field Statement");
    }
    List<JsonNode> statementNodes = new ArrayList<>();
    if (statementNode.isArray()) {
      statementNode.forEach(statementNodes::add);
    } else {
      statementNodes.add(statementNode);
    }
    if (statementNodes.isEmpty()) {
      throw PolicyValidationException.malformed(SYNTAX + " The policy has no statements.");
    }
    boolean variables = version.orElse(PolicyVersion.V2008_10_17).supportsVariables();
    List<Statement> statements = new ArrayList<>();
    Set<String> sids = new HashSet<>();
    for (JsonNode node : statementNodes) {
      Statement s = statement(node, statements.size(), grammar, variables);
      if (s.sid().isPresent() && !s.sid().get().isEmpty() && !sids.add(s.sid().get())) {
        throw PolicyValidationException.malformed(
            "Statement IDs (SID) in a single policy must be unique.");
      }
      statements.add(s);
    }
    return new PolicyDocument(version, id, statements);
  }

  private static JsonNode tree(String json) {
    try (JsonParser parser = JSON.createParser(json)) {
      JsonNode node = JSON.readTree(parser);
      if (node == null || node.isMissingNode()) {
        throw PolicyValidationException.malformed(SYNTAX);
      }
      return node;
    } catch (IOException | RuntimeException e) {
      if (e instanceof PolicyValidationException pve) {
        throw pve;
      }
      // The parser's own message quotes the document; AWS gives only the generic sentence.
      throw PolicyValidationException.malformed(SYNTAX);
    }
  }

  private static Statement statement(JsonNode node, int index, Grammar grammar, boolean variables) {
    if (!node.isObject()) {
      throw PolicyValidationException.malformed(
          SYNTAX + " Statement " + index + " is not an object.");
    }
    unknownFields(node, PolicyElements.STATEMENT, "statement");
    Optional<String> sid = Optional.empty();
    if (node.has("Sid")) {
      sid = Optional.of(text(node.get("Sid"), "Sid"));
      if (grammar != Grammar.RESOURCE && !only(sid.get(), "", true)) {
        throw PolicyValidationException.malformed(
            "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the"
                + " regular expression [0-9A-Za-z]*");
      }
    }
    Effect effect = effect(node.get("Effect"));
    exclusive(node, "Action", "NotAction");
    exclusive(node, "Resource", "NotResource");
    exclusive(node, "Principal", "NotPrincipal");
    Optional<PrincipalElement> principal = principal(node, grammar);
    ActionElement action = action(node);
    if (grammar == Grammar.TRUST) {
      for (String a : action.values()) {
        if (TRUST_ACTIONS.stream().noneMatch(a::equalsIgnoreCase)) {
          throw PolicyValidationException.malformed(
              "Trust Policy statement actions can only be sts:AssumeRole,"
                  + " sts:AssumeRoleWithSAML,  and sts:AssumeRoleWithWebIdentity");
        }
      }
    }
    Optional<ResourceElement> resource = resource(node, grammar, variables);
    List<Condition> conditions = conditions(node.get("Condition"), variables);
    return new Statement(index, sid, effect, principal, action, resource, conditions);
  }

  private static Effect effect(JsonNode node) {
    if (node == null) {
      throw PolicyValidationException.malformed("Missing required field Effect");
    }
    String text = text(node, "Effect");
    for (Effect e : Effect.values()) {
      if (e.text().equals(text)) {
        return e;
      }
    }
    for (Effect e : Effect.values()) {
      if (e.text().equalsIgnoreCase(text)) {
        // IAM's first pass accepts any case; its legacy pass then refuses it.
        throw PolicyValidationException.malformed(LEGACY);
      }
    }
    throw PolicyValidationException.malformed(SYNTAX + " Invalid Effect: " + text);
  }

  private static void exclusive(JsonNode node, String field, String negated) {
    if (node.has(field) && node.has(negated)) {
      throw PolicyValidationException.malformed(
          "Statement cannot contain both " + field + " and " + negated + ".");
    }
  }

  private static Optional<PrincipalElement> principal(JsonNode node, Grammar grammar) {
    boolean negated = node.has("NotPrincipal");
    JsonNode p = negated ? node.get("NotPrincipal") : node.get("Principal");
    if (grammar == Grammar.IDENTITY) {
      if (p != null) {
        throw PolicyValidationException.malformed(
            "Policy document should not specify a principal.");
      }
      return Optional.empty();
    }
    if (p == null) {
      throw PolicyValidationException.malformed("Missing required field Principal");
    }
    if (grammar == Grammar.TRUST && negated) {
      throw PolicyValidationException.malformed("Has prohibited field NotPrincipal");
    }
    if (p.isTextual()) {
      if (!p.textValue().equals("*") || grammar == Grammar.TRUST) {
        throw PolicyValidationException.malformed(
            "Invalid principal in policy: \"" + p.textValue() + "\"");
      }
      return Optional.of(PrincipalElement.everyone(negated));
    }
    if (!p.isObject() || p.isEmpty()) {
      throw PolicyValidationException.malformed(SYNTAX + " Principal must be \"*\" or an object.");
    }
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : p.properties()) {
      String type = e.getKey();
      if (!PolicyElements.PRINCIPAL_TYPES.contains(type)) {
        throw PolicyValidationException.malformed("Invalid principal in policy: \"" + type + "\"");
      }
      List<String> list = strings(e.getValue(), "Principal");
      if (list.isEmpty()) {
        throw PolicyValidationException.malformed(
            "Invalid principal in policy: \"" + type + "\":[]");
      }
      for (String value : list) {
        if (!validPrincipal(type, value)) {
          throw PolicyValidationException.malformed(
              "Invalid principal in policy: \"" + type + "\":\"" + value + "\"");
        }
      }
      values.put(type, list);
    }
    return Optional.of(PrincipalElement.of(negated, values));
  }

  /**
   * No empty path segment and no trailing slash: {@code user/a//b} and {@code role/a/} name no one.
   */
  private static boolean wellFormedPath(String value) {
    return !value.contains("//") && !value.endsWith("/");
  }

  private static boolean validPrincipal(String type, String value) {
    return switch (type) {
      case "AWS" -> AWS_PRINCIPAL.matcher(value).matches() && wellFormedPath(value);
      case "Service" -> SERVICE_PRINCIPAL.matcher(value).matches();
      default -> !value.isBlank() && value.indexOf('*') < 0 && value.indexOf('?') < 0;
    };
  }

  private static ActionElement action(JsonNode node) {
    boolean negated = node.has("NotAction");
    JsonNode a = negated ? node.get("NotAction") : node.get("Action");
    if (a == null) {
      throw PolicyValidationException.malformed("Policy statement must contain actions.");
    }
    List<String> values = strings(a, negated ? "NotAction" : "Action");
    if (values.isEmpty()) {
      throw PolicyValidationException.malformed("Policy statement must contain actions.");
    }
    for (String value : values) {
      checkAction(value);
    }
    return new ActionElement(negated, values);
  }

  private static void checkAction(String value) {
    if (value.equals("*")) {
      return;
    }
    String[] parts = value.split(":", -1);
    if (parts.length == 1) {
      throw PolicyValidationException.malformed(
          "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
    }
    if (parts.length > 2) {
      throw PolicyValidationException.malformed("Actions/Condition can contain only one colon.");
    }
    if (!only(parts[0], "-", false)) {
      throw PolicyValidationException.malformed("Vendor " + parts[0] + " is not valid");
    }
    if (!only(parts[1], "*?_-", false)) {
      throw PolicyValidationException.malformed(SYNTAX + " Invalid action: " + value);
    }
  }

  private static Optional<ResourceElement> resource(
      JsonNode node, Grammar grammar, boolean variables) {
    boolean negated = node.has("NotResource");
    String field = negated ? "NotResource" : "Resource";
    JsonNode r = node.get(field);
    if (grammar == Grammar.TRUST) {
      if (r != null) {
        throw PolicyValidationException.malformed("Has prohibited field " + field + ".");
      }
      return Optional.empty();
    }
    if (r == null) {
      if (grammar == Grammar.IDENTITY) {
        throw PolicyValidationException.malformed("Policy statement must contain resources.");
      }
      return Optional.empty();
    }
    List<String> values = strings(r, field);
    if (values.isEmpty()) {
      throw PolicyValidationException.malformed("Policy statement must contain resources.");
    }
    for (String value : values) {
      checkResource(value);
    }
    return Optional.of(new ResourceElement(negated, values, variables));
  }

  /** IAM's checks of a resource ARN, with its messages, in the order IAM applies them. */
  private static void checkResource(String value) {
    if (value.equals("*")) {
      return;
    }
    String[] fields = value.split(":", 6);
    if (fields.length < 2 || !fields[0].equals("arn")) {
      throw PolicyValidationException.malformed(
          "Resource " + value + " must be in ARN format or \"*\".");
    }
    String partition = fields[1];
    if (!partition.equals("*") && !PARTITIONS.contains(partition)) {
      throw PolicyValidationException.malformed(
          "Partition \"" + partition + "\" is not valid for resource \"" + value + "\".");
    }
    if (fields.length < 3) {
      throw PolicyValidationException.malformed(
          "Resource vendor must be fully qualified and cannot contain regexes.");
    }
    if ((fields.length < 6 && value.contains("::")) || fields[2].isEmpty()) {
      throw PolicyValidationException.malformed(LEGACY);
    }
    if (fields[2].equals("iam") && fields.length == 6) {
      if (!fields[3].isEmpty()) {
        throw PolicyValidationException.malformed(
            "IAM resource " + value + " cannot contain region information.");
      }
      String path = fields[5];
      if (!path.equals("*")
          && !path.equals(ROOT_RESOURCE)
          && IAM_RESOURCE_PATHS.stream().noneMatch(path::startsWith)) {
        throw PolicyValidationException.malformed(
            "IAM resource path must either be \"*\" or start with "
                + String.join(", ", IAM_RESOURCE_PATHS)
                + ".");
      }
    }
  }

  private static List<Condition> conditions(JsonNode node, boolean variables) {
    if (node == null) {
      return List.of();
    }
    if (!node.isObject()) {
      throw PolicyValidationException.malformed(SYNTAX + " Condition must be an object.");
    }
    List<Condition> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> op : node.properties()) {
      if (!op.getValue().isObject()) {
        throw PolicyValidationException.malformed(
            SYNTAX + " Condition " + op.getKey() + " must map keys to values.");
      }
      for (Map.Entry<String, JsonNode> key : op.getValue().properties()) {
        List<String> values = conditionValues(key.getValue(), op.getKey());
        out.add(Condition.of(op.getKey(), key.getKey(), values, variables));
      }
    }
    return out;
  }

  private static List<String> conditionValues(JsonNode node, String operator) {
    List<JsonNode> items = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(items::add);
    } else {
      items.add(node);
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : items) {
      if (!(item.isTextual() || item.isNumber() || item.isBoolean())) {
        throw PolicyValidationException.malformed(
            SYNTAX + " Condition " + operator + " values must be strings, numbers or booleans.");
      }
      out.add(item.isNumber() ? item.numberValue().toString() : item.asText());
    }
    return out;
  }

  private static List<String> strings(JsonNode node, String field) {
    if (node.isTextual()) {
      return List.of(node.textValue());
    }
    if (!node.isArray()) {
      throw PolicyValidationException.malformed(
          SYNTAX + " " + field + " must be a string or an array of strings.");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : node) {
      out.add(text(item, field));
    }
    return out;
  }

  private static String text(JsonNode node, String field) {
    if (!node.isTextual()) {
      throw PolicyValidationException.malformed(SYNTAX + " " + field + " must be a string.");
    }
    return node.textValue();
  }

  private static void unknownFields(JsonNode node, Set<String> known, String where) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw PolicyValidationException.malformed(
            SYNTAX + " Unknown field " + name + " in " + where + ".");
      }
    }
  }
}
