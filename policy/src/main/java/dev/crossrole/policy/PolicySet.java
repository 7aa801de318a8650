package dev.crossrole.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The policies that govern one request: the principal's identity-based policies, the resource's
 * policy (a role's trust policy for AssumeRole), the principal's permissions boundary, and the
 * session policies of a role session.
 */
public record PolicySet(
    List<NamedPolicy> identityPolicies,
    Optional<NamedPolicy> resourcePolicy,
    Optional<NamedPolicy> permissionsBoundary,
    List<NamedPolicy> sessionPolicies) {

  public PolicySet {
    identityPolicies = List.copyOf(identityPolicies);
    Objects.requireNonNull(resourcePolicy, "resourcePolicy");
    Objects.requireNonNull(permissionsBoundary, "permissionsBoundary");
    sessionPolicies = List.copyOf(sessionPolicies);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link PolicySet}. */
  public static final class Builder {
    private final List<NamedPolicy> identity = new ArrayList<>();
    private NamedPolicy resource;
    private NamedPolicy boundary;
    private final List<NamedPolicy> session = new ArrayList<>();

    private Builder() {}

    public Builder identityPolicy(NamedPolicy policy) {
      identity.add(Objects.requireNonNull(policy, "policy"));
      return this;
    }

    public Builder resourcePolicy(NamedPolicy policy) {
      this.resource = Objects.requireNonNull(policy, "policy");
      return this;
    }

    public Builder permissionsBoundary(NamedPolicy policy) {
      this.boundary = Objects.requireNonNull(policy, "policy");
      return this;
    }

    public Builder sessionPolicy(NamedPolicy policy) {
      session.add(Objects.requireNonNull(policy, "policy"));
      return this;
    }

    public PolicySet build() {
      return new PolicySet(
          identity, Optional.ofNullable(resource), Optional.ofNullable(boundary), session);
    }
  }
}
