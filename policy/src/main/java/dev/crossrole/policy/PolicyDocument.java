package dev.crossrole.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed and validated IAM policy document. Parsing applies IAM's grammar for where the policy is
 * attached; evaluation reuses the compiled form, so a document is parsed once and evaluated many
 * times. Instances are immutable and safe to share between threads.
 */
public final class PolicyDocument {
  private final Optional<PolicyVersion> writtenVersion;
  private final Optional<String> id;
  private final List<Statement> statements;

  PolicyDocument(
      Optional<PolicyVersion> writtenVersion, Optional<String> id, List<Statement> statements) {
    this.writtenVersion = writtenVersion;
    this.id = id;
    this.statements = List.copyOf(statements);
  }

  /**
   * Parses a document attached as {@code kind}: its grammar, its size quota (white space not
   * counted) and IAM's allowed characters.
   *
   * @throws PolicyValidationException when IAM would refuse the document
   */
  public static PolicyDocument parse(String json, PolicyKind kind) {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(kind, "kind");
    if (PolicyReader.checkCharactersAndSize(json) > kind.maxSize()) {
      throw new PolicyValidationException(
          PolicyValidationException.Problem.LIMIT_EXCEEDED, kind.quotaMessage());
    }
    return PolicyReader.read(json, kind.grammar());
  }

  /**
   * Parses a document under {@code grammar} without a size quota, as an offline evaluation of a
   * document stored elsewhere needs.
   *
   * @throws PolicyValidationException when the document is not valid policy grammar
   */
  public static PolicyDocument parse(String json, Grammar grammar) {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(grammar, "grammar");
    return PolicyReader.read(json, grammar);
  }

  /** The size IAM counts against quotas: characters other than white space. */
  public static int sizeWithoutWhitespace(String json) {
    int size = 0;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        size++;
      }
    }
    return size;
  }

  /** The Version element as written, if any. */
  public Optional<PolicyVersion> writtenVersion() {
    return writtenVersion;
  }

  /** The language version in force: as written, or 2008-10-17 when the element is missing. */
  public PolicyVersion version() {
    return writtenVersion.orElse(PolicyVersion.V2008_10_17);
  }

  public Optional<String> id() {
    return id;
  }

  public List<Statement> statements() {
    return statements;
  }

  /** The document as compact JSON that parses back to the same policy. */
  public String toJson() {
    return PolicyWriter.write(this);
  }

  @Override
  public String toString() {
    return toJson();
  }
}
