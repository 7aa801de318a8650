package dev.crossrole.client.internal;

import dev.crossrole.client.AssumeRequest;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a call goes and whose credentials sign it, as resolved before any call is made: the
 * endpoint (exactly the one the SDK is then given), the region, the profile read and the source.
 */
public record Target(String endpoint, String region, String profile, Source source) {
  public Target {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(source, "source");
  }

  /** The source credentials: keys known without the SDK, or the SDK's own resolution. */
  public sealed interface Source permits StaticKeys, RoleProfile, SdkProfile, SdkDefaultChain {}

  /**
   * Keys read from the environment or the credentials file, with a session token when they are
   * temporary. The secret never appears in {@link #toString()}.
   */
  public record StaticKeys(
      String accessKeyId, String secretAccessKey, Optional<String> sessionToken) implements Source {
    public StaticKeys {
      Objects.requireNonNull(accessKeyId, "accessKeyId");
      Objects.requireNonNull(secretAccessKey, "secretAccessKey");
      Objects.requireNonNull(sessionToken, "sessionToken");
    }

    @Override
    public String toString() {
      return "StaticKeys[accessKeyId=" + accessKeyId + "]";
    }
  }

  /**
   * A profile's own role ({@code role_arn}, {@code external_id}, {@code role_session_name}, {@code
   * duration_seconds}), assumed at the target's endpoint with the credentials of {@code
   * sourceProfile} — as the AWS CLI does, and unlike the SDK's profile provider, which calls AWS's
   * STS whatever endpoint the profile names.
   */
  public record RoleProfile(AssumeRequest request, String sourceProfile) implements Source {
    public RoleProfile {
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(sourceProfile, "sourceProfile");
    }
  }

  /**
   * A named source profile only the SDK can turn into credentials ({@code role_arn}, {@code
   * credential_process}, SSO): the SDK's profile provider.
   */
  public record SdkProfile() implements Source {}

  /**
   * Credentials only the SDK's default chain finds: web identity, a profile only the SDK reads, the
   * container or instance endpoints.
   */
  public record SdkDefaultChain() implements Source {}
}
