package dev.crossrole.server;

import dev.crossrole.core.AccessKey;
import dev.crossrole.core.Account;
import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.internal.crypto.KeyRing;
import dev.crossrole.core.internal.crypto.MasterKey;
import dev.crossrole.core.internal.crypto.SecretBox;
import dev.crossrole.core.internal.crypto.SessionTokenCodec;
import dev.crossrole.server.internal.Bootstrap;
import dev.crossrole.server.internal.Caller;
import dev.crossrole.server.internal.Credentials;
import dev.crossrole.server.internal.HttpEdge;
import dev.crossrole.server.internal.JsonService;
import dev.crossrole.server.internal.ProfileFiles;
import dev.crossrole.server.internal.QueryService;
import dev.crossrole.server.internal.Services;
import dev.crossrole.server.internal.UsageLog;
import dev.crossrole.server.internal.sigv4.SigV4Verifier;
import dev.crossrole.store.JdbcIdentityStore;
import dev.crossrole.store.StoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A running crossrole server: one HTTP endpoint for IAM and STS, its state in the store, the
 * profile files for the AWS CLI and SDKs in its data directory. Close it to stop.
 */
public final class CrossroleServer implements AutoCloseable {
  private final Server jetty;
  private final JdbcIdentityStore store;
  private final UsageLog usage;
  private final String endpoint;

  private CrossroleServer(Server jetty, JdbcIdentityStore store, UsageLog usage, String endpoint) {
    this.jetty = jetty;
    this.store = store;
    this.usage = usage;
    this.endpoint = endpoint;
  }

  /**
   * Opens the store, creates missing accounts, starts listening and writes {@code credentials} and
   * {@code config} into the data directory.
   *
   * @throws ServerException when it cannot start (port taken, store unreachable, …)
   */
  public static CrossroleServer start(ServerConfig config) {
    Clock clock = Clock.systemUTC();
    JdbcIdentityStore store = null;
    Server jetty = null;
    try {
      Files.createDirectories(config.dataDirectory());
      MasterKey master = MasterKey.load(config.dataDirectory(), config.environment());
      store = JdbcIdentityStore.open(storeConfig(config));
      SecretBox secrets = master.secretBox(SecretBox.ACCESS_KEY_SECRETS);
      KeyRing keys =
          Bootstrap.tokenKeys(
              store, master.secretBox(SecretBox.SESSION_TOKEN_KEYS), clock.instant());
      Bootstrap.accounts(store, config.accounts(), secrets, clock.instant());
      SessionTokenCodec tokens = new SessionTokenCodec(keys);
      SigV4Verifier<Caller> verifier =
          SigV4Verifier.builder(new Credentials(store, secrets, tokens, clock))
              .services(Set.of("sts", "iam", "ecr"))
              .allowUnsignedPayload(false)
              .build();
      UsageLog usage = new UsageLog(store);
      Map<String, QueryService> services = Services.of(store, secrets, tokens, usage);
      Map<String, JsonService> jsonServices =
          Services.json(store, tokens, Optional.empty(), Optional.empty());
      IdentityStore opened = store;
      jetty = new Server();
      ServerConnector connector = new ServerConnector(jetty);
      connector.setHost(config.host());
      connector.setPort(config.port());
      jetty.addConnector(connector);
      jetty.setHandler(
          new HttpEdge(verifier, services, jsonServices, () -> healthy(opened), clock, usage));
      jetty.setStopAtShutdown(false);
      jetty.start();
      String endpoint = "http://" + config.host() + ":" + connector.getLocalPort();
      ProfileFiles.write(
          config.dataDirectory(), profiles(store, secrets), endpoint, config.region());
      return new CrossroleServer(jetty, store, usage, endpoint);
    } catch (Exception e) {
      stopQuietly(jetty);
      if (store != null) {
        store.close();
      }
      if (e instanceof IOException io) {
        throw new ServerException("cannot start: " + io.getMessage(), new UncheckedIOException(io));
      }
      throw new ServerException("cannot start: " + e.getMessage(), e);
    }
  }

  private static StoreConfig storeConfig(ServerConfig config) {
    return config
        .databaseUrl()
        .map(url -> StoreConfig.database(url, config.environment()))
        .orElseGet(() -> StoreConfig.embedded(config.dataDirectory()));
  }

  private static boolean healthy(IdentityStore store) {
    return !(store instanceof JdbcIdentityStore jdbc) || jdbc.healthy();
  }

  /** One profile per account, holding its first active root key. */
  private static List<ProfileFiles.Profile> profiles(IdentityStore store, SecretBox secrets) {
    List<ProfileFiles.Profile> profiles = new ArrayList<>();
    for (Account account : store.accounts()) {
      store.accessKeys(account.id(), java.util.Optional.empty()).stream()
          .filter(k -> k.status() == AccessKey.Status.ACTIVE)
          .findFirst()
          .ifPresent(
              k ->
                  profiles.add(
                      new ProfileFiles.Profile(
                          account.name(),
                          k.accessKeyId(),
                          secrets.openText(k.sealedSecret(), k.accessKeyId()).toCharArray())));
    }
    return profiles;
  }

  /** The endpoint URL clients use, such as {@code http://127.0.0.1:4747}. */
  public String endpoint() {
    return endpoint;
  }

  /**
   * How many SQL statements the store has executed since the server started (after its schema
   * migrations): the difference across a request is what that request cost the database.
   */
  public long storeStatementCount() {
    return store.statementCount();
  }

  /** Stops listening, finishing requests in flight, and closes the store. */
  @Override
  public void close() {
    try {
      jetty.stop();
    } catch (Exception e) {
      throw new ServerException("cannot stop: " + e.getMessage(), e);
    } finally {
      try {
        usage.flush();
      } finally {
        store.close();
      }
    }
  }

  private static void stopQuietly(Server jetty) {
    if (jetty == null) {
      return;
    }
    try {
      jetty.stop();
    } catch (Exception suppressed) {
      // Already failing to start; the start failure is the one to report.
    }
  }
}
