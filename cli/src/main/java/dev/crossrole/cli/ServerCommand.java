package dev.crossrole.cli;

import dev.crossrole.cli.internal.DurationConverter;
import dev.crossrole.cli.internal.ServerLogging;
import dev.crossrole.cli.internal.TlsOptions;
import dev.crossrole.core.Account;
import dev.crossrole.core.IdentityException;
import dev.crossrole.server.AuditMode;
import dev.crossrole.server.CrossroleServer;
import dev.crossrole.server.Observability;
import dev.crossrole.server.RegistryMode;
import dev.crossrole.server.ServerConfig;
import dev.crossrole.server.ServerException;
import dev.crossrole.store.JdbcIdentityStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code crossrole server}: serves IAM and STS on one endpoint until stopped. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = {
      "Serves AWS IAM, STS and ECR on one SigV4-signed endpoint, enforcing IAM policies.",
      "Writes DIR/credentials and DIR/config (one profile per account, with its root keys) and"
          + " prints a line containing 'ready' once it serves."
    })
public final class ServerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--port", description = "Port to listen on (default ${DEFAULT-VALUE}).")
  int port = ServerConfig.DEFAULT_PORT;

  @Option(names = "--host", description = "Address to listen on (default ${DEFAULT-VALUE}).")
  String host = "127.0.0.1";

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "Data directory: the embedded store, master key, profile files (default ${DEFAULT-VALUE}).")
  Path data = Path.of(System.getProperty("user.home"), ".crossrole");

  @Option(
      names = "--db",
      paramLabel = "JDBC_URL",
      description =
          "PostgreSQL JDBC URL instead of the embedded store (user and password from"
              + " the URL or CROSSROLE_DB_USER and CROSSROLE_DB_PASSWORD).")
  String db;

  @Option(
      names = "--account",
      paramLabel = "NAME=ID",
      description = "An account to create on first start (repeatable; default one named main).")
  List<String> accounts = new ArrayList<>();

  @Option(
      names = "--region",
      description = "Region written to the profiles (default ${DEFAULT-VALUE}).")
  String region = "us-east-1";

  @Option(
      names = "--registry",
      paramLabel = "auto|off|URL",
      description =
          "The registry behind ECR: auto starts docker-registry as a child when it is on the PATH,"
              + " off runs without one, a URL names a registry configured with"
              + " 'crossrole registry-config' (default ${DEFAULT-VALUE}).")
  String registry = "auto";

  @Option(
      names = "--log-format",
      paramLabel = "text|json",
      description =
          "How each log line on stderr is written: text (default) or json, one JSON object a"
              + " line, for every line.")
  String logFormat = "text";

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      description =
          "The least level of crossrole's own log lines: error, warn, info (default), debug or"
              + " trace.")
  String logLevel = "info";

  @Option(
      names = "--access-log",
      paramLabel = "info|debug|off",
      description =
          "The level of the one line logged per request (request id, service, operation, caller,"
              + " status, error code, duration, source IP): info (default), debug or off.")
  String accessLog = "info";

  @Option(
      names = "--metrics",
      paramLabel = "on|off",
      description =
          "on (default) serves GET /metrics, unauthenticated, in Prometheus' text format; off"
              + " does not.")
  String metrics = "on";

  @Mixin TlsOptions tls;

  @Option(
      names = "--audit-retention",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "How long audit events are kept, such as 90d or 12h (default 90d); older ones are"
              + " deleted hourly.")
  Duration auditRetention = AuditMode.DEFAULT_RETENTION;

  @Option(
      names = "--no-audit",
      description =
          "Keep no audit trail: requests are answered without recording CloudTrail events.")
  boolean noAudit;

  @Override
  public Integer call() throws InterruptedException {
    RegistryMode registryMode;
    try {
      registryMode = RegistryMode.parse(registry);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(), "Invalid --registry '" + registry + "': " + e.getMessage());
    }
    Observability observability = observability();
    configureLogging();
    ServerConfig.Builder config =
        ServerConfig.builder(data)
            .host(host)
            .port(port)
            .region(region)
            .environment(System.getenv())
            .registry(registryMode)
            .observability(observability)
            .tls(tls.mode(spec.commandLine(), host))
            .audit(noAudit ? new AuditMode.Off() : new AuditMode.Kept(auditRetention));
    if (db != null) {
      config.databaseUrl(db);
    }
    for (String spec : accounts) {
      config.account(account(spec));
    }
    tls.warning(host).ifPresent(spec.commandLine().getErr()::println);
    CrossroleServer server;
    try {
      ServerConfig settings = config.build();
      // The command wires the store the settings name; the server serves from it and closes it.
      server = CrossroleServer.start(settings, JdbcIdentityStore.open(settings.storeConfig()));
    } catch (IdentityException e) {
      spec.commandLine().getErr().println("crossrole server: cannot start: " + e.getMessage());
      return 1;
    } catch (ServerException | IllegalArgumentException e) {
      spec.commandLine().getErr().println("crossrole server: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "crossrole-shutdown"));
    spec.commandLine()
        .getOut()
        .println(
            "crossrole server ready on "
                + server.endpoint()
                + server.registryUrl().map(url -> " (registry " + url + ")").orElse("")
                + " (data "
                + data
                + ")");
    spec.commandLine().getOut().flush();
    stopped.await();
    return 0;
  }

  private Observability observability() {
    Observability.Metrics served =
        switch (metrics) {
          case "on" -> Observability.Metrics.SERVED;
          case "off" -> Observability.Metrics.OFF;
          default -> throw invalid("--metrics", metrics, "expected on or off");
        };
    Observability.AccessLog lines =
        switch (accessLog) {
          case "info" -> Observability.AccessLog.INFO;
          case "debug" -> Observability.AccessLog.DEBUG;
          case "off" -> Observability.AccessLog.OFF;
          default -> throw invalid("--access-log", accessLog, "expected info, debug or off");
        };
    return new Observability(served, lines);
  }

  /** Sets the log's format and level before the server writes its first line. */
  private void configureLogging() {
    ServerLogging.Format format =
        switch (logFormat) {
          case "text" -> ServerLogging.Format.TEXT;
          case "json" -> ServerLogging.Format.JSON;
          default -> throw invalid("--log-format", logFormat, "expected text or json");
        };
    try {
      ServerLogging.configure(format, logLevel);
    } catch (IllegalArgumentException e) {
      throw invalid("--log-level", logLevel, e.getMessage());
    }
  }

  private ParameterException invalid(String option, String value, String why) {
    return new ParameterException(
        spec.commandLine(), "Invalid " + option + " '" + value + "': " + why);
  }

  private Account account(String text) {
    int eq = text.indexOf('=');
    try {
      if (eq <= 0) {
        throw new IllegalArgumentException("expected NAME=ID");
      }
      return new Account(text.substring(0, eq), text.substring(eq + 1));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(), "Invalid --account '" + text + "': " + e.getMessage());
    }
  }
}
