package dev.crossrole.client;

import dev.crossrole.client.ClientException.Kind;
import dev.crossrole.client.internal.CacheKey;
import dev.crossrole.client.internal.DiskCache;
import dev.crossrole.client.internal.RefreshingCredentials;
import dev.crossrole.client.internal.Resolver;
import dev.crossrole.client.internal.SdkSts;
import dev.crossrole.client.internal.Target;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Assumes roles through STS: resolves the endpoint, region and source credentials of an {@link
 * AwsConnection}, then answers each {@link AssumeRequest} from the cache when it holds credentials
 * outside the refresh window, and from STS otherwise. A warm cache answers without loading the AWS
 * SDK, when the source keys are in the environment or the credentials file, or are themselves a
 * cached role profile's.
 *
 * <p>This is the one way the build side turns a profile into credentials: a profile with keys signs
 * with them; a profile with {@code role_arn} and {@code source_profile} assumes its role at the
 * profile's own endpoint (the AWS CLI's behaviour; the SDK's profile provider would call AWS's
 * STS), with its source's credentials, through the same cache; anything else is the SDK's.
 */
public final class RoleAssumer {
  private final AwsConnection connection;
  private final Caching caching;
  private final Clock clock;

  private RoleAssumer(AwsConnection connection, Caching caching, Clock clock) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.caching = Objects.requireNonNull(caching, "caching");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** An assumer for {@code connection}, caching as {@code caching} says, telling time by clock. */
  public static RoleAssumer create(AwsConnection connection, Caching caching, Clock clock) {
    return new RoleAssumer(connection, caching, clock);
  }

  /**
   * Credentials for {@code request}, signed with the connection's profile's credentials: cached
   * ones outside the refresh window, else new ones.
   *
   * @throws ClientException when the configuration is wrong, no source credentials are found, the
   *     endpoint does not answer or STS refuses
   */
  public TemporaryCredentials assume(AssumeRequest request) {
    Target target = Resolver.resolve(connection);
    return assumeAt(target, keys(target, new HashSet<>()), request);
  }

  /**
   * The role of the connection's profile ({@code role_arn}, {@code external_id}, {@code
   * role_session_name}, {@code duration_seconds}), as {@code aws configure export-credentials
   * --profile P} gives it.
   *
   * @throws ClientException of kind CONFIGURATION when the profile names no role
   */
  public AssumeRequest profileRole() {
    return role(Resolver.resolve(connection)).request();
  }

  /**
   * Credentials for {@code request} in place of the connection's profile's role: assumed at the
   * profile's endpoint with its source's credentials, as the profile's own role would be ({@code
   * request} is usually {@link #profileRole()}, maybe with a session name or policy of the
   * caller's); cached like {@link #assume}.
   *
   * @throws ClientException as {@link #assume} does, and of kind CONFIGURATION when the profile
   *     names no role
   */
  public TemporaryCredentials assumeForProfile(AssumeRequest request) {
    Target target = Resolver.resolve(connection);
    return assumeRole(
        target, new Target.RoleProfile(request, role(target).sourceProfile()), new HashSet<>());
  }

  /**
   * The keys the connection's profile signs with: its own, its role's, or what the SDK's chain
   * finds.
   */
  public SourceKeys signingKeys() {
    Target.StaticKeys keys = keys(Resolver.resolve(connection), new HashSet<>());
    return new SourceKeys(keys.accessKeyId(), keys.secretAccessKey(), keys.sessionToken());
  }

  /** A {@link CredentialSource} for {@code request}, assumed again near expiry. */
  public CredentialSource source(AssumeRequest request) {
    Objects.requireNonNull(request, "request");
    return new RefreshingCredentials(() -> assume(request), c -> fresh(c, request.duration()));
  }

  /** A {@link CredentialSource} for {@link #assumeForProfile}, assumed again near expiry. */
  public CredentialSource profileSource(AssumeRequest request) {
    Objects.requireNonNull(request, "request");
    return new RefreshingCredentials(
        () -> assumeForProfile(request), c -> fresh(c, request.duration()));
  }

  private Target.RoleProfile role(Target target) {
    if (target.source() instanceof Target.RoleProfile role) {
      return role;
    }
    throw ClientException.of(
        Kind.CONFIGURATION,
        "profile "
            + target.profile()
            + " names no role_arn: only a role's temporary credentials are handed to a command");
  }

  /** The target's source as keys; a role profile's role assumed first (once per profile). */
  private Target.StaticKeys keys(Target target, Set<String> seen) {
    if (target.source() instanceof Target.StaticKeys keys) {
      return keys;
    }
    if (target.source() instanceof Target.RoleProfile role) {
      TemporaryCredentials c = assumeRole(target, role, seen);
      return new Target.StaticKeys(
          c.accessKeyId(), c.secretAccessKey(), Optional.of(c.sessionToken()));
    }
    return SdkSts.sourceKeys(target, connection.environment(), connection.home());
  }

  private TemporaryCredentials assumeRole(
      Target target, Target.RoleProfile role, Set<String> seen) {
    if (!seen.add(target.profile())) {
      throw ClientException.of(
          Kind.CONFIGURATION,
          "profile " + target.profile() + " is its own source, through source_profile");
    }
    Target source = Resolver.resolve(connection.actingAs(role.sourceProfile()));
    return assumeAt(target, keys(source, seen), role.request());
  }

  private TemporaryCredentials assumeAt(
      Target target, Target.StaticKeys source, AssumeRequest request) {
    Supplier<TemporaryCredentials> call =
        () ->
            SdkSts.assume(
                connection,
                target,
                source,
                request,
                request.sessionName().orElseGet(this::defaultSessionName));
    if (caching instanceof Caching.OnDisk disk) {
      String key = CacheKey.of(target, source.accessKeyId(), request);
      return new DiskCache(disk.root().resolve("sts"))
          .get(key, credentials -> fresh(credentials, request.duration()), call);
    }
    return call.get();
  }

  /** Whether {@code credentials} are outside the refresh window now. */
  private boolean fresh(TemporaryCredentials credentials, Duration duration) {
    Duration window = caching.refreshWindow();
    Duration half = duration.dividedBy(2);
    Duration effective = window.compareTo(half) > 0 ? half : window;
    return credentials.expiration().minus(effective).isAfter(clock.instant());
  }

  /** {@code crossrole-USER-EPOCH}, within AWS's 64 characters of [\w+=,.@-]. */
  private String defaultSessionName() {
    String user = connection.environment().getOrDefault("USER", System.getProperty("user.name"));
    String safe = user == null ? "" : user.replaceAll("[^\\w+=,.@-]", "");
    String epoch = Long.toString(clock.instant().getEpochSecond());
    int room = 64 - "crossrole--".length() - epoch.length();
    if (safe.length() > room) {
      safe = safe.substring(0, room);
    }
    return safe.isEmpty() ? "crossrole-" + epoch : "crossrole-" + safe + "-" + epoch;
  }
}
