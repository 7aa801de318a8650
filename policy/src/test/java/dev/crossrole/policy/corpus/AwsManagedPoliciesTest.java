package dev.crossrole.policy.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossrole.policy.Finding;
import dev.crossrole.policy.Grammar;
import dev.crossrole.policy.PolicyDocument;
import dev.crossrole.policy.PolicyLinter;
import dev.crossrole.policy.PolicyValidationException;
import dev.crossrole.policy.Severity;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Every AWS managed policy, as AWS publishes it, parses under the identity-policy grammar and lints
 * without an error. The corpus and its source are described in {@code
 * aws-managed-policies/README.md}.
 */
class AwsManagedPoliciesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CORPUS = "/aws-managed-policies/managed-policies.jsonl.gz";

  /** AWS's managed policies as published; fewer would mean the corpus was cut. */
  private static final int AT_LEAST = 1_500;

  @Test
  void managedPolicies_everyDocument_parses() {
    List<String> refused = new ArrayList<>();
    List<JsonNode> corpus = corpus();
    for (JsonNode entry : corpus) {
      try {
        PolicyDocument.parse(entry.get("document").toString(), Grammar.IDENTITY);
      } catch (PolicyValidationException e) {
        refused.add(entry.get("arn").asText() + ": " + e.getMessage());
      }
    }
    assertThat(corpus).hasSizeGreaterThanOrEqualTo(AT_LEAST);
    assertThat(refused).isEmpty();
  }

  @Test
  void managedPolicies_everyDocument_lintsWithoutError() {
    List<String> errors = new ArrayList<>();
    for (JsonNode entry : corpus()) {
      for (Finding f : PolicyLinter.lint(entry.get("document").toString(), Grammar.IDENTITY)) {
        if (f.severity() == Severity.ERROR) {
          errors.add(entry.get("arn").asText() + ": " + f);
        }
      }
    }
    assertThat(errors).isEmpty();
  }

  @Test
  void managedPolicies_rootTaskPolicies_present() {
    assertThat(corpus().stream().map(e -> e.get("arn").asText()))
        .contains(
            "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials",
            "arn:aws:iam::aws:policy/root-task/IAMCreateRootUserPassword",
            "arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials");
  }

  private static List<JsonNode> corpus() {
    List<JsonNode> entries = new ArrayList<>();
    try (InputStream in = AwsManagedPoliciesTest.class.getResourceAsStream(CORPUS);
        BufferedReader lines =
            new BufferedReader(
                new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (!line.isBlank()) {
          entries.add(JSON.readTree(line));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return entries;
  }
}
