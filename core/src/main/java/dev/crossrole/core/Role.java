package dev.crossrole.core;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An IAM role, with its trust policy (the document as it was submitted) and the unique ids of the
 * users and roles that policy names by ARN when it was set: as in IAM, a principal deleted and
 * recreated under the same name is a different principal and is no longer trusted.
 */
public record Role(
    String accountId,
    String path,
    String name,
    String roleId,
    Instant created,
    String trustPolicy,
    Optional<String> description,
    int maxSessionDurationSeconds,
    Optional<String> permissionsBoundaryArn,
    Map<String, String> tags,
    Map<String, String> trustPrincipalIds) {

  public Role {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(roleId, "roleId");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(trustPolicy, "trustPolicy");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(permissionsBoundaryArn, "permissionsBoundaryArn");
    tags = Map.copyOf(tags);
    trustPrincipalIds = Map.copyOf(trustPrincipalIds);
  }

  /**
   * A role named {@code name} in {@code accountId}; the builder starts from IAM's defaults: path
   * {@code /}, no description, sessions of up to an hour, no permissions boundary, no tags, and a
   * trust policy naming no user or role by ARN. The role id, creation time and trust policy have no
   * default and must be set.
   */
  public static Builder builder(String accountId, String name) {
    return new Builder(accountId, name);
  }

  /** A builder holding every field of this role, to change some. */
  public Builder toBuilder() {
    return new Builder(accountId, name)
        .path(path)
        .roleId(roleId)
        .created(created)
        .trustPolicy(trustPolicy)
        .description(description)
        .maxSessionDurationSeconds(maxSessionDurationSeconds)
        .permissionsBoundaryArn(permissionsBoundaryArn)
        .tags(tags)
        .trustPrincipalIds(trustPrincipalIds);
  }

  /** The same role with another trust policy and the unique ids of the principals it names. */
  public Role withTrust(String policy, Map<String, String> principalIds) {
    return toBuilder().trustPolicy(policy).trustPrincipalIds(principalIds).build();
  }

  /** The same role with other tags. */
  public Role withTags(Map<String, String> newTags) {
    return toBuilder().tags(newTags).build();
  }

  /** The same role with another description and maximum session duration. */
  public Role withSettings(Optional<String> newDescription, int newMaxSessionDurationSeconds) {
    return toBuilder()
        .description(newDescription)
        .maxSessionDurationSeconds(newMaxSessionDurationSeconds)
        .build();
  }

  /** {@code arn:aws:iam::ACCOUNT:role/PATH/NAME}. */
  public String arn() {
    return "arn:aws:iam::" + accountId + ":role" + path + name;
  }

  /** Builds a {@link Role}; {@link #build} refuses a missing role id, creation time or policy. */
  public static final class Builder {
    private final String accountId;
    private final String name;
    private String path = "/";
    private String roleId;
    private Instant created;
    private String trustPolicy;
    private Optional<String> description = Optional.empty();
    private int maxSessionDurationSeconds = 3600;
    private Optional<String> permissionsBoundaryArn = Optional.empty();
    private Map<String, String> tags = Map.of();
    private Map<String, String> trustPrincipalIds = Map.of();

    private Builder(String accountId, String name) {
      this.accountId = accountId;
      this.name = name;
    }

    public Builder path(String value) {
      this.path = value;
      return this;
    }

    public Builder roleId(String value) {
      this.roleId = value;
      return this;
    }

    public Builder created(Instant value) {
      this.created = value;
      return this;
    }

    /** The trust policy document as it was submitted. */
    public Builder trustPolicy(String value) {
      this.trustPolicy = value;
      return this;
    }

    public Builder description(Optional<String> value) {
      this.description = value;
      return this;
    }

    public Builder maxSessionDurationSeconds(int value) {
      this.maxSessionDurationSeconds = value;
      return this;
    }

    public Builder permissionsBoundaryArn(Optional<String> value) {
      this.permissionsBoundaryArn = value;
      return this;
    }

    public Builder tags(Map<String, String> value) {
      this.tags = value;
      return this;
    }

    /** The unique ids, by ARN, of the users and roles the trust policy named when it was set. */
    public Builder trustPrincipalIds(Map<String, String> value) {
      this.trustPrincipalIds = value;
      return this;
    }

    public Role build() {
      return new Role(
          accountId,
          path,
          name,
          roleId,
          created,
          trustPolicy,
          description,
          maxSessionDurationSeconds,
          permissionsBoundaryArn,
          tags,
          trustPrincipalIds);
    }
  }
}
