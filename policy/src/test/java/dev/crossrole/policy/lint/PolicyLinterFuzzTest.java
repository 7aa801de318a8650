package dev.crossrole.policy.lint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossrole.policy.Finding;
import dev.crossrole.policy.Grammar;
import dev.crossrole.policy.PolicyLinter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Feeds the linter thousands of broken and odd documents (the table's policies mutated character by
 * character and node by node, and trees built at random from policy words) and checks that only
 * findings come back: no exception, no {@code internal-error}, every finding complete and in report
 * order. Seeded, so a failure repeats.
 */
class PolicyLinterFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String[] KEYS = {
    "Version",
    "Id",
    "Statement",
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "AWS",
    "Service",
    "Federated",
    "CanonicalUser",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIfExists",
    "StringLike",
    "ArnLike",
    "ForAllValues:StringEquals",
    "ForAnyValue:StringLike",
    "ForAllValues:Null",
    "Null",
    "NullIfExists",
    "Bool",
    "IpAddress",
    "NotIpAddress",
    "NumericLessThan",
    "DateGreaterThan",
    "BinaryEquals",
    "stringequals",
    "sts:ExternalId",
    "sts:externalid",
    "aws:username",
    "aws:SourceIp",
    "aws:PrincipalOrgID",
    "iam:PassedToService",
    "aws:TagKeys",
    "",
    ":",
    "nokey",
    "a.b[c]\"d"
  };
  private static final String[] TEXTS = {
    "Allow",
    "Deny",
    "allow",
    "*",
    "**",
    "?",
    "2012-10-17",
    "2008-10-17",
    "sts:AssumeRole",
    "sts:*",
    "iam:PassRole",
    "iam:Pass*",
    "iam:*",
    "s3:GetObject",
    "s3:Get*",
    "arn:aws:iam::222222222222:user/builder",
    "arn:aws:iam::222222222222:root",
    "222222222222",
    "arn:aws:iam::*:role/*",
    "arn:aws:*:*:*:*",
    "AROA1234567890EXAMPLE",
    "${aws:username}",
    "${",
    "${*}",
    "true",
    "false",
    "yes",
    "203.0.113.0/24",
    "",
    "some_key_build",
    "ec2.amazonaws.com",
    "caf\u00e9",
    "\u2603",
    "\u0000"
  };
  private static final String NOISE = "{}[]\":,*?$\\ \n\t0aZ\u00e9\u2603\u0000";

  private final Random random = new Random(20240917L);

  @Test
  void lint_thousandsOfMutatedAndRandomDocuments_onlyFindingsComeBack() {
    List<String> seeds = seeds();
    int runs = 0;
    for (int i = 0; i < 2500; i++) {
      check(mutateText(seeds.get(random.nextInt(seeds.size()))));
      runs++;
    }
    for (int i = 0; i < 2500; i++) {
      check(mutateTree(seeds.get(random.nextInt(seeds.size()))));
      runs++;
    }
    for (int i = 0; i < 1000; i++) {
      check(randomValue(random.nextInt(40)).toString());
      runs++;
    }
    assertThat(runs).isEqualTo(6000);
  }

  @Test
  void lint_pathologicalInputs_onlyFindingsComeBack() {
    List<String> inputs = new ArrayList<>();
    inputs.add("");
    inputs.add("null");
    inputs.add("\"Statement\"");
    inputs.add("1e999999");
    inputs.add("[".repeat(10_000));
    inputs.add("{\"Statement\":" + "[".repeat(40) + "]".repeat(40) + "}");
    inputs.add("{\"Version\":\"2012-10-17\",\"Statement\":[" + "{},".repeat(2000) + "{}]}");
    inputs.add(
        "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":["
            + "\"s3:*\",".repeat(3000)
            + "\"s3:*\"],\"Resource\":\"*\"}}");
    inputs.add("{\"Statement\":[{\"Condition\":{\"StringEquals\":[1,{\"a\":null}]}}]}");
    inputs.add("{\"Version\":{\"a\":1},\"Statement\":[{\"Principal\":[{}],\"Action\":[[]]}]}");
    for (String input : inputs) {
      for (Grammar g : Grammar.values()) {
        List<Finding> findings = PolicyLinter.lint(input, g);
        assertThat(findings).as(input.length() > 80 ? input.substring(0, 80) : input).isNotEmpty();
        assertWellFormed(findings);
      }
    }
  }

  private void check(String text) {
    Grammar grammar = Grammar.values()[random.nextInt(Grammar.values().length)];
    List<Finding> findings = PolicyLinter.lint(text, grammar);
    assertWellFormed(findings);
  }

  private static void assertWellFormed(List<Finding> findings) {
    assertThat(findings).isNotNull().doesNotContainNull();
    for (Finding f : findings) {
      assertThat(f.code()).isNotBlank().isNotEqualTo("internal-error");
      assertThat(f.message()).isNotBlank();
    }
    PolicyLinterTest.assertInReportOrder(findings);
  }

  private String mutateText(String seed) {
    StringBuilder sb = new StringBuilder(seed);
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits && sb.length() > 0; e++) {
      int at = random.nextInt(sb.length());
      switch (random.nextInt(4)) {
        case 0 -> sb.deleteCharAt(at);
        case 1 -> sb.insert(at, NOISE.charAt(random.nextInt(NOISE.length())));
        case 2 -> sb.setCharAt(at, NOISE.charAt(random.nextInt(NOISE.length())));
        default -> {
          int end = Math.min(sb.length(), at + random.nextInt(20));
          sb.insert(at, sb.substring(at, end));
        }
      }
    }
    return sb.toString();
  }

  private String mutateTree(String seed) {
    JsonNode root;
    try {
      root = JSON.readTree(seed);
    } catch (IOException e) {
      return seed;
    }
    if (root == null || !root.isContainerNode()) {
      return seed;
    }
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits; e++) {
      List<JsonNode> containers = new ArrayList<>();
      collect(root, containers);
      JsonNode target = containers.get(random.nextInt(containers.size()));
      if (target instanceof ObjectNode o) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        if (!names.isEmpty() && random.nextBoolean()) {
          String name = names.get(random.nextInt(names.size()));
          if (random.nextBoolean()) {
            o.set(name, randomValue(3));
          } else {
            JsonNode value = o.remove(name);
            o.set(pick(KEYS), value);
          }
        } else {
          o.set(pick(KEYS), randomValue(3));
        }
      } else if (target instanceof ArrayNode a) {
        if (!a.isEmpty() && random.nextBoolean()) {
          a.set(random.nextInt(a.size()), randomValue(3));
        } else {
          a.add(randomValue(3));
        }
      }
    }
    return root.toString();
  }

  private static void collect(JsonNode node, List<JsonNode> out) {
    if (node.isContainerNode()) {
      out.add(node);
      node.forEach(child -> collect(child, out));
    }
  }

  private JsonNode randomValue(int depth) {
    int kind = random.nextInt(depth > 0 ? 8 : 5);
    switch (kind) {
      case 0:
        return NODES.textNode(pick(TEXTS));
      case 1:
        return NODES.numberNode(random.nextInt(3) - 1);
      case 2:
        return NODES.booleanNode(random.nextBoolean());
      case 3:
        return NODES.nullNode();
      case 4:
        return NODES.textNode(pick(TEXTS) + pick(TEXTS));
      case 5:
        {
          ArrayNode a = NODES.arrayNode();
          for (int i = random.nextInt(4); i > 0; i--) {
            a.add(randomValue(depth - 1));
          }
          return a;
        }
      default:
        {
          ObjectNode o = NODES.objectNode();
          for (int i = random.nextInt(5); i > 0; i--) {
            o.set(pick(KEYS), randomValue(depth - 1));
          }
          return o;
        }
    }
  }

  private String pick(String[] words) {
    return words[random.nextInt(words.length)];
  }

  private static List<String> seeds() {
    try (InputStream in = PolicyLinterFuzzTest.class.getResourceAsStream("/lint/cases.json")) {
      List<String> out = new ArrayList<>();
      for (JsonNode c : JSON.readTree(in).get("cases")) {
        JsonNode p = c.get("policy");
        out.add(p.isTextual() ? p.textValue() : p.toString());
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
