package dev.crossrole.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The identity-based policies IAM applies to a user or role, read in one go: its inline policies
 * and those of its groups, the default versions of the managed policies attached to it and to its
 * groups, and its permissions boundary. Empty when the user or role does not exist.
 */
public record IdentityPolicies(
    List<Document> inline, List<Document> managed, Optional<Document> permissionsBoundary) {

  public static final IdentityPolicies NONE =
      new IdentityPolicies(List.of(), List.of(), Optional.empty());

  public IdentityPolicies {
    inline = List.copyOf(inline);
    managed = List.copyOf(managed);
    Objects.requireNonNull(permissionsBoundary, "permissionsBoundary");
  }

  /**
   * One policy document with the name an explanation shows for it: an inline policy's name ({@code
   * group/NAME} for a group's), or a managed policy's ARN.
   */
  public record Document(String name, String text) {
    public Document {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(text, "text");
    }
  }
}
