package dev.crossrole.policy;

import java.util.Objects;

/** A policy document with the name that explanations show for it. */
public record NamedPolicy(String name, PolicyDocument document) {
  public NamedPolicy {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(document, "document");
  }
}
