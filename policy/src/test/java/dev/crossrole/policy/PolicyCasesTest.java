package dev.crossrole.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the data-driven case files under {@code cases/}: evaluation cases (decision and reason) and
 * validation cases (the AWS error a document gets, or none). Each case cites the AWS documentation
 * page it comes from.
 */
class PolicyCasesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TestFactory
  Stream<DynamicNode> caseFiles() {
    return files().stream().map(PolicyCasesTest::fileTests);
  }

  @Test
  void caseFiles_everyCase_hasUniqueNameAndDocumentation() {
    Set<String> names = new HashSet<>();
    int count = 0;
    for (Path file : files()) {
      for (JsonNode c : read(file).get("cases")) {
        count++;
        assertThat(names.add(c.get("name").asText())).as("unique name " + c.get("name")).isTrue();
        assertThat(c.path("doc").asText()).as("doc of " + c.get("name")).startsWith("https://");
      }
    }
    assertThat(count).isGreaterThanOrEqualTo(300);
  }

  private static DynamicContainer fileTests(Path file) {
    JsonNode root = read(file);
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : root.get("cases")) {
      String name = c.get("name").asText();
      tests.add(
          DynamicTest.dynamicTest(
              name, c.has("request") ? () -> evaluationCase(c) : () -> validationCase(c)));
    }
    return DynamicContainer.dynamicContainer(file.getFileName().toString(), tests);
  }

  private static void evaluationCase(JsonNode c) {
    EvaluationCase evaluationCase = EvaluationCase.of(c);
    Evaluation e = evaluationCase.evaluate();
    assertThat(e.decision().text()).as(c.get("doc").asText()).isEqualTo(c.get("expect").asText());
    if (c.hasNonNull("expectReason")) {
      assertThat(e.reason(evaluationCase.request().action()))
          .contains(c.get("expectReason").asText());
    }
  }

  private static void validationCase(JsonNode c) {
    JsonNode policy = c.get("policy");
    String text = policy.isTextual() ? policy.textValue() : policy.toString();
    String kind = c.get("kind").asText();
    JsonNode expected = c.get("expectError");
    if (expected == null || expected.isNull()) {
      assertThat(parse(text, kind).statements()).isNotEmpty();
      return;
    }
    assertThatThrownBy(() -> parse(text, kind)).isInstanceOf(PolicyValidationException.class);
    PolicyValidationException error =
        catchThrowableOfType(PolicyValidationException.class, () -> parse(text, kind));
    assertThat(error.problem().awsCode()).isEqualTo(expected.asText());
    if (c.hasNonNull("expectMessage")) {
      assertThat(error.getMessage()).contains(c.get("expectMessage").asText());
    }
  }

  static PolicyDocument parse(String text, String kind) {
    return switch (kind) {
      case "identity" -> PolicyDocument.parse(text, Grammar.IDENTITY);
      case "managed" -> PolicyDocument.parse(text, PolicyKind.MANAGED);
      case "userInline" -> PolicyDocument.parse(text, PolicyKind.USER_INLINE);
      case "roleInline" -> PolicyDocument.parse(text, PolicyKind.ROLE_INLINE);
      case "groupInline" -> PolicyDocument.parse(text, PolicyKind.GROUP_INLINE);
      case "trust" -> PolicyDocument.parse(text, PolicyKind.TRUST);
      case "resource" -> PolicyDocument.parse(text, PolicyKind.RESOURCE);
      case "boundary" -> PolicyDocument.parse(text, PolicyKind.PERMISSIONS_BOUNDARY);
      case "session" -> PolicyDocument.parse(text, PolicyKind.SESSION);
      default -> throw new IllegalArgumentException("unknown kind " + kind);
    };
  }

  private static List<Path> files() {
    try (Stream<Path> s = Files.list(casesDirectory())) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path casesDirectory() {
    try {
      return Path.of(PolicyCasesTest.class.getResource("/cases").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode read(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
