package dev.crossrole.client;

import dev.crossrole.client.internal.CacheKey;
import dev.crossrole.client.internal.DiskCache;
import dev.crossrole.client.internal.Resolver;
import dev.crossrole.client.internal.SdkSts;
import dev.crossrole.client.internal.Target;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Assumes roles through STS: resolves the endpoint, region and source credentials of a {@link
 * StsConnection}, then answers each {@link AssumeRequest} from the cache when it holds credentials
 * outside the refresh window, and from STS otherwise. A warm cache answers without loading the AWS
 * SDK, when the source keys are in the environment or the credentials file.
 */
public final class RoleAssumer {
  private final StsConnection connection;
  private final Caching caching;
  private final Clock clock;

  private RoleAssumer(StsConnection connection, Caching caching, Clock clock) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.caching = Objects.requireNonNull(caching, "caching");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** An assumer for {@code connection}, caching as {@code caching} says, telling time by clock. */
  public static RoleAssumer create(StsConnection connection, Caching caching, Clock clock) {
    return new RoleAssumer(connection, caching, clock);
  }

  /**
   * A source that answers {@code request}'s credentials and assumes the role again (or reads the
   * cache another process refreshed) once those it holds enter the refresh window.
   */
  public static CredentialSource refreshing(
      StsConnection connection, Caching caching, Clock clock, AssumeRequest request) {
    return create(connection, caching, clock).source(request);
  }

  /**
   * Credentials for {@code request}: cached ones outside the refresh window, else new ones.
   *
   * @throws ClientException when the configuration is wrong, no source credentials are found, the
   *     endpoint does not answer or STS refuses
   */
  public TemporaryCredentials assume(AssumeRequest request) {
    Target target = Resolver.resolve(connection);
    Target.StaticKeys source =
        target.source() instanceof Target.StaticKeys keys
            ? keys
            : SdkSts.sourceKeys(target, connection.environment(), connection.home());
    Supplier<TemporaryCredentials> call =
        () ->
            SdkSts.assume(
                target,
                source,
                request,
                request.sessionName().orElseGet(this::defaultSessionName),
                SdkSts.profileFile(connection.environment(), connection.home()));
    if (caching instanceof Caching.OnDisk disk) {
      String key = CacheKey.of(target, source.accessKeyId(), request);
      return new DiskCache(disk.root().resolve("sts"))
          .get(key, credentials -> fresh(credentials, request), call);
    }
    return call.get();
  }

  /** A {@link CredentialSource} for {@code request}, refreshed near expiry. */
  public CredentialSource source(AssumeRequest request) {
    return new Refreshing(this, Objects.requireNonNull(request, "request"));
  }

  /** Whether {@code credentials} are outside the refresh window now. */
  private boolean fresh(TemporaryCredentials credentials, AssumeRequest request) {
    Duration window = caching.refreshWindow();
    Duration half = request.duration().dividedBy(2);
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

  /** Holds the last credentials and fetches again once they enter the refresh window. */
  private static final class Refreshing implements CredentialSource {
    private final RoleAssumer assumer;
    private final AssumeRequest request;
    private TemporaryCredentials held;

    Refreshing(RoleAssumer assumer, AssumeRequest request) {
      this.assumer = assumer;
      this.request = request;
    }

    @Override
    public synchronized TemporaryCredentials credentials() {
      if (held == null || !assumer.fresh(held, request)) {
        held = assumer.assume(request);
      }
      return held;
    }
  }
}
