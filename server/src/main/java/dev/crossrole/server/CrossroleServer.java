package dev.crossrole.server;

import dev.crossrole.core.AccessKey;
import dev.crossrole.core.Account;
import dev.crossrole.core.IdentityException;
import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.PrivateFiles;
import dev.crossrole.core.crypto.MasterKey;
import dev.crossrole.core.crypto.SecretBox;
import dev.crossrole.core.crypto.SessionTokenCodec;
import dev.crossrole.server.internal.audit.AuditTrail;
import dev.crossrole.server.internal.edge.AdminSocket;
import dev.crossrole.server.internal.edge.Bootstrap;
import dev.crossrole.server.internal.edge.Credentials;
import dev.crossrole.server.internal.edge.HttpEdge;
import dev.crossrole.server.internal.edge.HttpListener;
import dev.crossrole.server.internal.edge.ProfileFiles;
import dev.crossrole.server.internal.edge.RequestLog;
import dev.crossrole.server.internal.edge.TokenKeyRing;
import dev.crossrole.server.internal.json.JsonService;
import dev.crossrole.server.internal.metrics.ServerMetrics;
import dev.crossrole.server.internal.query.QueryService;
import dev.crossrole.server.internal.registry.EventsSecret;
import dev.crossrole.server.internal.registry.HttpRegistryImages;
import dev.crossrole.server.internal.registry.RegistryAuthorizer;
import dev.crossrole.server.internal.registry.RegistryChild;
import dev.crossrole.server.internal.registry.RegistryConfigYaml;
import dev.crossrole.server.internal.registry.RegistryEvents;
import dev.crossrole.server.internal.registry.RegistryImages;
import dev.crossrole.server.internal.registry.RegistrySupervisor;
import dev.crossrole.server.internal.registry.RegistryTls;
import dev.crossrole.server.internal.registry.RegistryTokens;
import dev.crossrole.server.internal.registry.RestartBackoff;
import dev.crossrole.server.internal.registry.SigningKey;
import dev.crossrole.server.internal.registry.TokenEndpoint;
import dev.crossrole.server.internal.request.Caller;
import dev.crossrole.server.internal.request.UsageLog;
import dev.crossrole.server.internal.sigv4.SigV4Verifier;
import dev.crossrole.server.internal.tls.SelfSignedCa;
import dev.crossrole.server.internal.tls.ServerTls;
import dev.crossrole.store.JdbcIdentityStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running crossrole server: one HTTP endpoint for IAM and STS, its state in the store, the
 * profile files for the AWS CLI and SDKs in its data directory. Close it to stop.
 */
public final class CrossroleServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CrossroleServer.class);

  /** The region AWS's global IAM endpoint is signed for, in the {@code aws} partition. */
  private static final String IAM_SIGNING_REGION = "us-east-1";

  private final Server jetty;
  private final IdentityStore store;
  private final UsageLog usage;
  private final String endpoint;
  private final Registry registry;
  private final Optional<AdminSocket> admin;
  private final AuditTrail audit;

  /** The registry side of a server: where it is, the supervisor of its child, its images. */
  record Registry(
      Optional<URI> url, Optional<RegistrySupervisor> supervisor, Optional<RegistryImages> images) {
    static Registry none() {
      return new Registry(Optional.empty(), Optional.empty(), Optional.empty());
    }
  }

  private CrossroleServer(
      Server jetty,
      IdentityStore store,
      UsageLog usage,
      String endpoint,
      Registry registry,
      Optional<AdminSocket> admin,
      AuditTrail audit) {
    this.jetty = jetty;
    this.audit = audit;
    this.store = store;
    this.usage = usage;
    this.endpoint = endpoint;
    this.registry = registry;
    this.admin = admin;
  }

  /**
   * Opens the store {@code config} names ({@link ServerConfig#storeConfig()}), then starts as
   * {@link #start(ServerConfig, IdentityStore)} does.
   *
   * @throws ServerException when it cannot start (port taken, store unreachable, …)
   */
  public static CrossroleServer start(ServerConfig config) {
    return start(config, openStore(config), Optional.empty(), Clock.systemUTC());
  }

  /**
   * Serves from {@code store}: creates missing accounts, starts listening and writes {@code
   * credentials} and {@code config} into the data directory. The server owns the store from then on
   * and closes it when it stops, or when it cannot start.
   *
   * @throws ServerException when it cannot start (port taken, store unreachable, …)
   */
  public static CrossroleServer start(ServerConfig config, IdentityStore store) {
    return start(config, store, Optional.empty(), Clock.systemUTC());
  }

  /** Starts a server whose registry token endpoint checks logins with {@code authorizer}. */
  static CrossroleServer start(ServerConfig config, RegistryAuthorizer authorizer) {
    return start(config, openStore(config), Optional.of(authorizer), Clock.systemUTC());
  }

  /**
   * Starts a server that tells time by {@code clock}, so that a test can move it past an expiry (of
   * a registry password, say) without waiting for it.
   */
  static CrossroleServer start(ServerConfig config, Clock clock) {
    return start(config, openStore(config), Optional.empty(), clock);
  }

  private static IdentityStore openStore(ServerConfig config) {
    try {
      return JdbcIdentityStore.open(config.storeConfig());
    } catch (IdentityException e) {
      throw new ServerException("cannot start: " + e.getMessage(), e);
    }
  }

  /**
   * Starts a server; its registry token endpoint checks logins with ECR's passwords and IAM's
   * decisions unless another authorizer is given.
   */
  private static CrossroleServer start(
      ServerConfig config,
      IdentityStore store,
      Optional<RegistryAuthorizer> authorizerOverride,
      Clock clock) {
    Server jetty = null;
    Optional<RegistrySupervisor> supervisor = Optional.empty();
    AuditTrail audit = AuditTrail.off();
    try {
      PrivateFiles.restrictTree(config.dataDirectory())
          .ifPresent(
              was ->
                  LOG.warn(
                      "made {} and everything in it private to its owner (it was {})",
                      config.dataDirectory(),
                      was));
      MasterKey master = MasterKey.load(config.dataDirectory(), config.environment());
      Optional<ServerTls> tls = tls(config, clock.instant());
      String scheme = tls.isPresent() ? "https://" : "http://";
      SecretBox secrets = master.secretBox(SecretBox.ACCESS_KEY_SECRETS);
      TokenKeyRing keys =
          TokenKeyRing.open(
              store,
              master.secretBox(SecretBox.SESSION_TOKEN_KEYS),
              clock,
              TokenKeyRing.DEFAULT_ROTATION,
              LOG::info);
      Bootstrap.accounts(store, config.accounts(), secrets, clock.instant());
      SessionTokenCodec tokens = new SessionTokenCodec(keys);
      SigV4Verifier<Caller> verifier =
          SigV4Verifier.builder(new Credentials(store, secrets, tokens, clock))
              .services(Set.of("sts", "iam", "ecr", "cloudtrail"))
              // One region is served: a scope naming another is refused, so that no ARN can be
              // built from a region the client chose. IAM is global: AWS signs it for us-east-1,
              // and SDKs given this endpoint sign it for the region of their profile, ours.
              .regions(Set.of(config.region()))
              .regions("iam", Set.copyOf(List.of(IAM_SIGNING_REGION, config.region())))
              .allowUnsignedPayload(false)
              .build();
      UsageLog usage = new UsageLog(store);
      ServerMetrics metrics = ServerMetrics.create();
      // The registry's URL is settled before the services are built (ECR names it); only the
      // child's start waits for the server's own port, its token realm.
      String registryHost = clientHost(config.host());
      Optional<Path> binary = Optional.empty();
      Optional<URI> registryUrl = Optional.empty();
      Optional<SigningKey> signingKey = Optional.empty();
      int registryPort = 0;
      if (config.registry() instanceof RegistryMode.External external) {
        registryUrl = Optional.of(external.url());
      } else if (config.registry() instanceof RegistryMode.Auto) {
        binary = RegistryChild.findBinary(path(config));
        if (binary.isEmpty()) {
          LOG.warn("{} is not on the PATH; running without a registry", RegistryChild.BINARY);
        } else {
          registryPort = RegistryChild.freePort(config.host());
          registryUrl = Optional.of(URI.create(scheme + registryHost + ":" + registryPort));
        }
      }
      if (registryUrl.isPresent()) {
        signingKey =
            Optional.of(
                SigningKey.load(
                    store, master.secretBox(SigningKey.SECRET_BOX_PURPOSE), clock.instant()));
      }
      Optional<RegistryTokens> registryTokens =
          signingKey.map(key -> new RegistryTokens(key, clock));
      // The server's own registry child serves the server's certificate; one run elsewhere is
      // trusted as any server is.
      Optional<RegistryTls> childTls = binary.flatMap(b -> tls.map(CrossroleServer::registryTls));
      Optional<RegistryImages> images =
          registryUrl.map(
              url ->
                  new HttpRegistryImages(
                      url, registryTokens.orElseThrow(), childTls.map(RegistryTls::client)));
      Map<String, QueryService> services =
          Services.of(store, secrets, tokens, usage, metrics::decided);
      Map<String, JsonService> jsonServices =
          Services.json(
              store, tokens, registryUrl, images, clock, config.region(), metrics::decided);
      // Made before the edge so that /health can ask it; it watches the child once that answers.
      supervisor =
          binary.map(
              b ->
                  new RegistrySupervisor(
                      RestartBackoff.DEFAULT, event -> LOG.info(event.message())));
      Optional<RegistrySupervisor> watched = supervisor;
      RegistryAuthorizer authorizer =
          authorizerOverride.orElseGet(
              () ->
                  Services.registryAuthorizer(
                      store, tokens, clock, config.region(), metrics::decided));
      Meters.register(metrics, store, watched, keys, clock);
      HttpListener listener =
          HttpListener.create(config.host(), config.port(), config.httpLimits(), tls);
      jetty = listener.server();
      ServerConnector connector = listener.connector();
      audit = auditTrail(config.audit(), store, clock);
      Handler handler =
          new HttpEdge(
              verifier,
              services,
              jsonServices,
              () -> healthy(store, watched),
              clock,
              usage,
              audit,
              new RequestLog(metrics, Meters.accessLogLevel(config.observability())),
              config.observability().metrics() == Observability.Metrics.SERVED
                  ? Optional.of(metrics)
                  : Optional.empty());
      if (registryTokens.isPresent()) {
        handler =
            new TokenEndpoint(
                handler, registryTokens.get(), authorizer, clock, audit, config.region());
      }
      // The registry posts its push events here, for ECR's imagePushedAt.
      Optional<String> eventsSecret = eventsSecret(config.registry(), binary, store, master, clock);
      if (eventsSecret.isPresent()) {
        handler = new RegistryEvents(handler, eventsSecret.get(), Services.pushLog(store), clock);
      }
      listener.serve(handler);
      jetty.start();
      String endpoint = scheme + registryHost + ":" + connector.getLocalPort();
      if (binary.isPresent()) {
        URI realm =
            URI.create(scheme + registryHost + ":" + connector.getLocalPort() + TokenEndpoint.PATH);
        supervisor
            .orElseThrow()
            .supervise(
                RegistryChild.start(
                    binary.get(),
                    config.dataDirectory().resolve("registry"),
                    config.host(),
                    registryPort,
                    realm,
                    signingKey.orElseThrow().certificatePem(),
                    Optional.of(
                        new RegistryConfigYaml.Notifications(
                            RegistryEvents.besideRealm(realm), eventsSecret.orElseThrow())),
                    childTls));
      } else if (signingKey.isPresent()) {
        // A registry run elsewhere trusts this certificate (crossrole registry-config says how).
        Path dir = PrivateFiles.createDirectory(config.dataDirectory().resolve("registry"));
        Files.writeString(dir.resolve("token-signing.pem"), signingKey.get().certificatePem());
      }
      ProfileFiles.write(
          config.dataDirectory(),
          profiles(store, secrets),
          endpoint,
          config.region(),
          tls.flatMap(ServerTls::caBundle));
      Optional<AdminSocket> admin =
          AdminSocket.open(config.dataDirectory(), keys, store, LOG::info);
      return new CrossroleServer(
          jetty,
          store,
          usage,
          endpoint,
          new Registry(registryUrl, supervisor, images),
          admin,
          audit);
    } catch (Exception e) {
      supervisor.ifPresent(RegistrySupervisor::close);
      stopQuietly(jetty);
      audit.close();
      store.close();
      if (e instanceof IOException io) {
        throw new ServerException("cannot start: " + io.getMessage(), new UncheckedIOException(io));
      }
      throw new ServerException("cannot start: " + e.getMessage(), e);
    }
  }

  /** The TLS the server serves, read or made as its mode says; none for plain HTTP. */
  private static Optional<ServerTls> tls(ServerConfig config, Instant now) {
    if (config.tls() instanceof TlsMode.SelfSigned) {
      return Optional.of(
          SelfSignedCa.ensure(
              config.dataDirectory(), certificateNames(config.host()), now, LOG::info));
    }
    if (config.tls() instanceof TlsMode.PemFiles files) {
      return Optional.of(ServerTls.fromFiles(files.certificateChain(), files.privateKey()));
    }
    return Optional.empty();
  }

  /**
   * The names a server listening on {@code host} is reached by: the loopback names, and the host
   * itself unless it is a wildcard (clients reach a wildcard at 127.0.0.1).
   */
  private static Set<String> certificateNames(String host) {
    Set<String> names = new TreeSet<>(List.of("localhost", "127.0.0.1", "::1"));
    if (!isWildcard(host)) {
      names.add(host);
    }
    return names;
  }

  /** The registry child serves the server's certificate, and trusts it when it posts events. */
  private static RegistryTls registryTls(ServerTls tls) {
    return new RegistryTls(
        tls.chainFile(), tls.privateKeyFile(), tls.chainPem(), tls.trustingItself());
  }

  /**
   * The secret the registry proves its push events with: for a registry run elsewhere, the stored
   * one that {@code crossrole registry-config} put in its configuration; for the one this server
   * runs, a fresh one, since the server writes that registry's configuration at each start.
   */
  private static Optional<String> eventsSecret(
      RegistryMode mode,
      Optional<Path> binary,
      IdentityStore store,
      MasterKey master,
      Clock clock) {
    if (mode instanceof RegistryMode.External) {
      return Optional.of(
          EventsSecret.load(
                  store, master.secretBox(EventsSecret.SECRET_BOX_PURPOSE), clock.instant())
              .value());
    }
    return binary.map(b -> RegistryEvents.newSecret());
  }

  /**
   * The audit trail {@code mode} asks for, in the store's audit log; a cross-account event goes to
   * the other account only when the store has it.
   */
  private static AuditTrail auditTrail(AuditMode mode, IdentityStore store, Clock clock) {
    if (mode instanceof AuditMode.Kept kept) {
      // Accounts are created, never deleted: one found stays known without asking the store again.
      Set<String> known = ConcurrentHashMap.newKeySet();
      return AuditTrail.keptIn(
          store.auditLog(),
          kept.retention(),
          clock,
          account ->
              known.contains(account)
                  || (store.accountById(account).isPresent() && known.add(account)));
    }
    return AuditTrail.off();
  }

  /** How many transactions and events the audit trail has committed since the server started. */
  record AuditCommits(long transactions, long events) {}

  AuditCommits auditCommits() {
    return new AuditCommits(audit.transactions(), audit.events());
  }

  /**
   * Healthy when the store answers and the registry child, when the server runs one, is up: while
   * it is down and being restarted, image pushes and pulls fail.
   */
  private static boolean healthy(IdentityStore store, Optional<RegistrySupervisor> registry) {
    return store.healthy() && registry.map(RegistrySupervisor::registryUp).orElse(true);
  }

  /** One profile per account, holding its first active root key. */
  private static List<ProfileFiles.Profile> profiles(IdentityStore store, SecretBox secrets) {
    List<ProfileFiles.Profile> profiles = new ArrayList<>();
    for (Account account : store.accounts()) {
      store.accessKeys(account.id(), Optional.empty()).stream()
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

  /** The host clients reach a server listening on {@code host} at: loopback for a wildcard. */
  private static String clientHost(String host) {
    if (isWildcard(host)) {
      return "127.0.0.1";
    }
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  private static boolean isWildcard(String host) {
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
  }

  private static String path(ServerConfig config) {
    String path = config.environment().get("PATH");
    return path != null ? path : System.getenv("PATH");
  }

  /**
   * The registry's URL, such as {@code http://127.0.0.1:36555}, when the server has one: repository
   * URIs are {@code HOST:PORT/ACCOUNT-ID/NAME} under it.
   */
  public Optional<URI> registryUrl() {
    return registry.url();
  }

  /** The registry's images, when the server has a registry. */
  Optional<RegistryImages> registryImages() {
    return registry.images();
  }

  /** When the store says each image of a repository was first pushed, digest to time. */
  Map<String, Instant> imagePushes(String accountId, String repositoryName) {
    return store.imagePushes(accountId, repositoryName);
  }

  /** The registry child's processes (its wrapper and the registry), when it runs one. */
  List<ProcessHandle> registryProcesses() {
    return registry.supervisor().map(RegistrySupervisor::processes).orElse(List.of());
  }

  /** The endpoint URL clients use, such as {@code http://127.0.0.1:4747}. */
  public String endpoint() {
    return endpoint;
  }

  /**
   * Stops listening, finishing requests in flight, stops the registry child (restarting it no
   * more), closes the store.
   */
  @Override
  public void close() {
    admin.ifPresent(AdminSocket::close);
    registry.supervisor().ifPresent(RegistrySupervisor::stopRestarting);
    try {
      jetty.stop();
    } catch (Exception e) {
      throw new ServerException("cannot stop: " + e.getMessage(), e);
    } finally {
      try {
        registry.supervisor().ifPresent(RegistrySupervisor::close);
      } finally {
        try {
          audit.close();
          usage.flush();
        } finally {
          store.close();
        }
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
