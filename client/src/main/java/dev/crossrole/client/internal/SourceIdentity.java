package dev.crossrole.client.internal;

import dev.crossrole.client.AwsConnection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Who the source credentials are, told without a call to AWS where the environment and the profile
 * files say it: the access key id in {@code AWS_ACCESS_KEY_ID} or in the profile, or, for a profile
 * that assumes a role, the role, its external id, its endpoint and (recursively) its source.
 * Anything else (a {@code credential_process}, SSO, a container's credentials) is resolved, and its
 * access key id used. A cache keyed by it never hands one identity's token to another.
 */
public final class SourceIdentity {
  private SourceIdentity() {}

  /**
   * The identity {@code connection}'s profile signs with; {@code resolved} answers the access key
   * id by resolving the credentials.
   */
  public static String of(AwsConnection connection, Supplier<String> resolved) {
    return of(connection, Resolver.resolve(connection), resolved, new HashSet<>());
  }

  private static String of(
      AwsConnection connection, Target target, Supplier<String> resolved, Set<String> seen) {
    if (target.source() instanceof Target.StaticKeys keys) {
      return "key " + keys.accessKeyId();
    }
    if (target.source() instanceof Target.RoleProfile role && seen.add(target.profile())) {
      Target source = Resolver.resolve(connection.actingAs(role.sourceProfile()));
      return "role "
          + role.request().roleArn()
          + " external-id "
          + role.request().externalId().orElse("")
          + " at "
          + target.endpoint()
          + " from "
          + of(connection, source, resolved, seen);
    }
    return "resolved " + resolved.get();
  }
}
