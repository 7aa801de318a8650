package dev.crossrole.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossrole.policy.EvaluationCase;
import dev.crossrole.policy.EvaluationCaseException;
import dev.crossrole.policy.PolicyValidationException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Objects;

/**
 * Evaluates a stream of {@code policy eval} cases, one JSON object a line, and writes one compact
 * JSON result a line: {@code {"id", "decision", "reason"?, "statements", "lacking"}} for a case, or
 * {@code {"id", "line", "error": {"code", "message", "policy"?}}} for a line that is not a valid
 * case. Policies repeated across lines are parsed once ({@link PolicyCache}). Not thread-safe.
 */
public final class CaseRunner {
  /** The error code of a line that is not a valid case. */
  public static final String INVALID_CASE = "InvalidCase";

  /** The error code of a failure that is a defect of crossrole, as AWS names a 500. */
  public static final String INTERNAL_FAILURE = "InternalFailure";

  private static final int CHECK_OUTPUT_EVERY = 4096;

  private final ObjectMapper mapper =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private final ObjectWriter writer = mapper.writer();
  private final PolicyCache cache;

  /** What a run did. */
  public record Summary(long cases, long failed, boolean outputFailed) {}

  public CaseRunner() {
    this(new PolicyCache());
  }

  public CaseRunner(PolicyCache cache) {
    this.cache = Objects.requireNonNull(cache, "cache");
  }

  /**
   * Evaluates every non-blank line of {@code in}, writing a result line for each to {@code out},
   * and flushes {@code out}. Stops early when {@code out} fails (a closed pipe).
   *
   * @throws IOException when {@code in} cannot be read
   */
  public Summary run(BufferedReader in, PrintWriter out) throws IOException {
    long lineNumber = 0;
    long cases = 0;
    long failed = 0;
    String line;
    while ((line = in.readLine()) != null) {
      lineNumber++;
      if (lineNumber == 1 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (line.isBlank()) {
        continue;
      }
      cases++;
      ObjectNode result = evaluate(line, lineNumber);
      if (result.has("error")) {
        failed++;
      }
      out.write(writer.writeValueAsString(result));
      out.write('\n');
      if (cases % CHECK_OUTPUT_EVERY == 0 && out.checkError()) {
        return new Summary(cases, failed, true);
      }
    }
    out.flush();
    return new Summary(cases, failed, out.checkError());
  }

  /** The result of one line, which is the {@code lineNumber}th of its input. */
  public ObjectNode evaluate(String line, long lineNumber) {
    JsonNode node;
    try {
      node = mapper.readTree(line);
    } catch (JsonProcessingException e) {
      return error(
          null, lineNumber, INVALID_CASE, "not valid JSON: " + e.getOriginalMessage(), null);
    }
    String id = readableId(node);
    try {
      EvaluationCase c = read(node);
      return EvaluationCase.resultJson(c.id(), c.request(), c.evaluate());
    } catch (EvaluationCaseException e) {
      return error(id, lineNumber, INVALID_CASE, e.getMessage(), null);
    } catch (PolicyFailure e) {
      return error(id, lineNumber, e.error.problem().awsCode(), e.error.getMessage(), e.location);
    } catch (RuntimeException e) {
      return error(
          id,
          lineNumber,
          INTERNAL_FAILURE,
          "crossrole failed on this case: " + e.getClass().getSimpleName(),
          null);
    }
  }

  /** Reads a case, its policies parsed through the cache. */
  private EvaluationCase read(JsonNode node) {
    return EvaluationCase.of(
        node,
        (location, text, grammar) -> {
          try {
            return cache.parse(text, grammar);
          } catch (PolicyValidationException e) {
            throw new PolicyFailure(location, e);
          }
        });
  }

  /** The case's id as {@link EvaluationCase#of(JsonNode)} reads it, or null when it has none. */
  private static String readableId(JsonNode node) {
    if (node == null || !node.isObject()) {
      return null;
    }
    if (node.has("id")) {
      return node.get("id").asText();
    }
    return node.hasNonNull("name") ? node.get("name").asText() : null;
  }

  private ObjectNode error(String id, long line, String code, String message, String policy) {
    ObjectNode out = mapper.createObjectNode();
    out.put("id", id);
    out.put("line", line);
    ObjectNode error = out.putObject("error");
    error.put("code", code);
    error.put("message", message);
    if (policy != null) {
      error.put("policy", policy);
    }
    return out;
  }

  /** A refused policy document, with where in the case it was. */
  private static final class PolicyFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String location;
    private final PolicyValidationException error;

    PolicyFailure(String location, PolicyValidationException error) {
      super(error.getMessage(), null, false, false);
      this.location = location;
      this.error = error;
    }
  }
}
