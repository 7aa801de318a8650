package dev.crossrole.client;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One AssumeRole call as the build side asks for it: the role, its ExternalId and the optional
 * parts of the request. An empty session name means a default one ({@code crossrole-USER-EPOCH}),
 * chosen when the call is made. Values are checked against AWS's own bounds when built.
 */
public record AssumeRequest(
    String roleArn,
    Optional<String> externalId,
    Optional<String> sessionName,
    Duration duration,
    Optional<String> sessionPolicy,
    Map<String, String> tags,
    Optional<String> sourceIdentity) {
  /** AWS's shortest session. */
  public static final Duration MIN_DURATION = Duration.ofSeconds(900);

  /** AWS's longest role session (the role's own maximum may be lower). */
  public static final Duration MAX_DURATION = Duration.ofSeconds(43_200);

  /** AWS's default session length. */
  public static final Duration DEFAULT_DURATION = Duration.ofHours(1);

  private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
  private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");

  public AssumeRequest {
    Objects.requireNonNull(roleArn, "roleArn");
    if (!roleArn.startsWith("arn:")) {
      throw invalid("the role ARN must start with arn: (" + roleArn + ")");
    }
    Objects.requireNonNull(externalId, "externalId");
    externalId.ifPresent(
        id -> {
          if (!EXTERNAL_ID.matcher(id).matches()) {
            throw invalid("the ExternalId must be 2 to 1224 of [A-Za-z0-9+=,.@:/_-]");
          }
        });
    Objects.requireNonNull(sessionName, "sessionName");
    sessionName.ifPresent(AssumeRequest::checkSessionName);
    Objects.requireNonNull(duration, "duration");
    if (duration.compareTo(MIN_DURATION) < 0 || duration.compareTo(MAX_DURATION) > 0) {
      throw invalid(
          "the duration must be between 900 and 43200 seconds, not " + duration.toSeconds());
    }
    Objects.requireNonNull(sessionPolicy, "sessionPolicy");
    tags = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(tags, "tags")));
    tags.keySet().forEach(AssumeRequest::checkTagKey);
    Objects.requireNonNull(sourceIdentity, "sourceIdentity");
    sourceIdentity.ifPresent(AssumeRequest::checkSessionName);
  }

  /** A request for {@code roleArn}, everything else at AWS's defaults. */
  public static Builder builder(String roleArn) {
    return new Builder(roleArn);
  }

  /** Whether {@code name} is a valid role session name (or source identity) for AWS. */
  public static boolean validSessionName(String name) {
    return SESSION_NAME.matcher(name).matches();
  }

  private static void checkSessionName(String name) {
    if (!validSessionName(name)) {
      throw invalid("a session name must be 2 to 64 of [A-Za-z0-9+=,.@_-], not '" + name + "'");
    }
  }

  private static void checkTagKey(String key) {
    if (key.isEmpty() || key.length() > 128) {
      throw invalid("a session tag key must be 1 to 128 characters");
    }
  }

  private static ClientException invalid(String message) {
    return ClientException.of(ClientException.Kind.CONFIGURATION, message);
  }

  /** Builds an {@link AssumeRequest}; only the role ARN is required. */
  public static final class Builder {
    private final String roleArn;
    private String externalId;
    private String sessionName;
    private Duration duration = DEFAULT_DURATION;
    private String sessionPolicy;
    private final Map<String, String> tags = new TreeMap<>();
    private String sourceIdentity;

    private Builder(String roleArn) {
      this.roleArn = Objects.requireNonNull(roleArn, "roleArn");
    }

    /** The ExternalId the role's trust policy demands. */
    public Builder externalId(String externalId) {
      this.externalId = Objects.requireNonNull(externalId, "externalId");
      return this;
    }

    /** The role session name; without one, {@code crossrole-USER-EPOCH}. */
    public Builder sessionName(String sessionName) {
      this.sessionName = Objects.requireNonNull(sessionName, "sessionName");
      return this;
    }

    /** How long the credentials last, 900 to 43200 seconds; one hour by default. */
    public Builder duration(Duration duration) {
      this.duration = Objects.requireNonNull(duration, "duration");
      return this;
    }

    /** A session policy (JSON) that narrows the role's permissions for this session. */
    public Builder sessionPolicy(String policyJson) {
      this.sessionPolicy = Objects.requireNonNull(policyJson, "policyJson");
      return this;
    }

    /** A session tag; a later value for the same key replaces the earlier one. */
    public Builder tag(String key, String value) {
      tags.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** The source identity to stamp on the session. */
    public Builder sourceIdentity(String sourceIdentity) {
      this.sourceIdentity = Objects.requireNonNull(sourceIdentity, "sourceIdentity");
      return this;
    }

    /**
     * The request.
     *
     * @throws ClientException of kind CONFIGURATION when a value is out of AWS's bounds
     */
    public AssumeRequest build() {
      return new AssumeRequest(
          roleArn,
          Optional.ofNullable(externalId),
          Optional.ofNullable(sessionName),
          duration,
          Optional.ofNullable(sessionPolicy),
          tags,
          Optional.ofNullable(sourceIdentity));
    }
  }
}
