package dev.crossrole.server;

import dev.crossrole.core.Account;
import dev.crossrole.store.StoreConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run a crossrole server: where it listens, where it keeps its state, and the accounts it
 * creates on its first start.
 */
public record ServerConfig(
    String host,
    int port,
    Path dataDirectory,
    Optional<String> databaseUrl,
    List<Account> accounts,
    String region,
    Map<String, String> environment,
    RegistryMode registry,
    HttpLimits httpLimits,
    Observability observability,
    TlsMode tls,
    AuditMode audit) {

  /**
   * The store this configuration names: PostgreSQL at {@link #databaseUrl()} (its credentials from
   * the environment), or else the embedded one in the data directory.
   */
  public StoreConfig storeConfig() {
    return databaseUrl
        .map(url -> StoreConfig.database(url, environment))
        .orElseGet(() -> StoreConfig.embedded(dataDirectory));
  }

  /** The port crossrole listens on unless told otherwise. */
  public static final int DEFAULT_PORT = 4747;

  public ServerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    Objects.requireNonNull(databaseUrl, "databaseUrl");
    accounts = List.copyOf(accounts);
    Objects.requireNonNull(region, "region");
    environment = Map.copyOf(environment);
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(httpLimits, "httpLimits");
    Objects.requireNonNull(observability, "observability");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(audit, "audit");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0-65535, got " + port);
    }
    if (!region.matches("[a-z]{2}(-[a-z]+)+-\\d")) {
      throw new IllegalArgumentException("not a region name: " + region);
    }
    if (tls instanceof TlsMode.Off && !TlsMode.isLoopback(host)) {
      throw new IllegalArgumentException(plainHttpRefused(host));
    }
  }

  /** Why plain HTTP is refused on {@code host}, and what to give instead. */
  public static String plainHttpRefused(String host) {
    return "plain HTTP is served on loopback only, and "
        + host
        + " is not loopback: give --tls self-signed or --tls-cert and --tls-key, or"
        + " --insecure-http to serve plain HTTP there anyway";
  }

  public static Builder builder(Path dataDirectory) {
    return new Builder(dataDirectory);
  }

  /** Builds a {@link ServerConfig}. */
  public static final class Builder {
    private final Path dataDirectory;
    private String host = "127.0.0.1";
    private int port = DEFAULT_PORT;
    private Optional<String> databaseUrl = Optional.empty();
    private final List<Account> accounts = new ArrayList<>();
    private String region = "us-east-1";
    private Map<String, String> environment = Map.of();
    private RegistryMode registry = new RegistryMode.Off();
    private HttpLimits httpLimits = HttpLimits.DEFAULT;
    private Observability observability = Observability.DEFAULT;
    private TlsMode tls = new TlsMode.Off();
    private AuditMode audit = new AuditMode.Kept(AuditMode.DEFAULT_RETENTION);

    private Builder(Path dataDirectory) {
      this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
    }

    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The port; 0 picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** A JDBC URL (PostgreSQL) instead of the embedded store under the data directory. */
    public Builder databaseUrl(String url) {
      this.databaseUrl = Optional.of(Objects.requireNonNull(url, "url"));
      return this;
    }

    /** An account to create on the first start. */
    public Builder account(Account account) {
      accounts.add(Objects.requireNonNull(account, "account"));
      return this;
    }

    public Builder region(String region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /** The environment to read {@code CROSSROLE_MASTER_KEY} and database credentials from. */
    public Builder environment(Map<String, String> environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /**
     * The registry behind ECR. Embedded servers default to {@link RegistryMode.Off}, so that a
     * program or test starts a registry only when it asks for one; {@code crossrole server}
     * defaults to {@link RegistryMode.Auto}.
     */
    public Builder registry(RegistryMode registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /** What a client may cost the listener; {@link HttpLimits#DEFAULT} unless set. */
    public Builder httpLimits(HttpLimits httpLimits) {
      this.httpLimits = Objects.requireNonNull(httpLimits, "httpLimits");
      return this;
    }

    /**
     * Whether {@code /metrics} is served and how requests are logged; {@link Observability#DEFAULT}
     * (served, no access log) unless set.
     */
    public Builder observability(Observability observability) {
      this.observability = Objects.requireNonNull(observability, "observability");
      return this;
    }

    /** TLS, or plain HTTP; {@link TlsMode.Off} (plain HTTP on loopback) unless set. */
    public Builder tls(TlsMode tls) {
      this.tls = Objects.requireNonNull(tls, "tls");
      return this;
    }

    /** The audit trail; kept for {@link AuditMode#DEFAULT_RETENTION} unless set. */
    public Builder audit(AuditMode audit) {
      this.audit = Objects.requireNonNull(audit, "audit");
      return this;
    }

    public ServerConfig build() {
      return new ServerConfig(
          host,
          port,
          dataDirectory,
          databaseUrl,
          accounts,
          region,
          environment,
          registry,
          httpLimits,
          observability,
          tls,
          audit);
    }
  }
}
