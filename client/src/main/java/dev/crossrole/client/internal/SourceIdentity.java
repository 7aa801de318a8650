package dev.crossrole.client.internal;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * Who the source credentials are, told without a call to AWS where the environment and the profile
 * files say it: the access key id in {@code AWS_ACCESS_KEY_ID} or in the profile, or, for a profile
 * that assumes a role, the role, its external id and (recursively) its source. Anything else (a
 * {@code credential_process}, SSO, a container's credentials) is resolved, and its access key id
 * used. A cache keyed by it never hands one identity's token to another.
 */
public final class SourceIdentity {
  private SourceIdentity() {}

  /**
   * The identity the SDK's chain (no {@code profile}) or {@code profile}'s provider would sign
   * with; {@code resolved} answers the access key id by resolving the credentials.
   */
  public static String of(
      Optional<String> profile,
      Map<String, String> environment,
      ProfileFile files,
      Supplier<String> resolved) {
    String envKey = environment.getOrDefault("AWS_ACCESS_KEY_ID", "");
    if (profile.isEmpty() && !envKey.isBlank()) {
      return "environment " + envKey.strip();
    }
    String name =
        profile.orElseGet(
            () -> {
              String fromEnv = environment.getOrDefault("AWS_PROFILE", "");
              return fromEnv.isBlank() ? "default" : fromEnv.strip();
            });
    return fromFiles(files, name, new HashSet<>()).orElseGet(() -> "resolved " + resolved.get());
  }

  private static Optional<String> fromFiles(ProfileFile files, String name, Set<String> seen) {
    Optional<Profile> profile = files.profile(name);
    if (profile.isEmpty() || !seen.add(name)) {
      return Optional.empty();
    }
    Optional<String> key = profile.get().property("aws_access_key_id");
    if (key.isPresent()) {
      return Optional.of("key " + key.get());
    }
    Optional<String> role = profile.get().property("role_arn");
    Optional<String> source = profile.get().property("source_profile");
    if (role.isEmpty() || source.isEmpty()) {
      return Optional.empty();
    }
    String externalId = profile.get().property("external_id").orElse("");
    return fromFiles(files, source.get(), seen)
        .map(s -> "role " + role.get() + " external-id " + externalId + " from " + s);
  }
}
