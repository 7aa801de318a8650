package dev.crossrole.bench;

import dev.crossrole.policy.PolicyDocument;
import dev.crossrole.policy.PolicyKind;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Parses a customer managed policy of 6,040 characters without white space (IAM's quota is 6,144):
 * {@code managed-6kb.json}, 18 statements with wildcards, policy variables and conditions, written
 * by {@code bench/generate-policies.py}. The measured method is the whole of {@link
 * PolicyDocument#parse(String, PolicyKind)}: character check, size quota, JSON, grammar, and
 * compiling patterns and condition values.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ParseSixKb {
  private String json;

  @Setup
  public void setup() {
    json = Resources.text("managed-6kb.json");
    int size = PolicyDocument.sizeWithoutWhitespace(json);
    if (size < 6_000 || size > 6_144) {
      throw new IllegalStateException("managed-6kb.json has " + size + " characters");
    }
    if (parse().statements().size() != 18) {
      throw new IllegalStateException("expected 18 statements");
    }
  }

  @Benchmark
  public PolicyDocument parse() {
    return PolicyDocument.parse(json, PolicyKind.MANAGED);
  }
}
