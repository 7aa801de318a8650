package dev.crossrole.cli;

import dev.crossrole.cli.internal.ChildEnvironment;
import dev.crossrole.cli.internal.ClientExit;
import dev.crossrole.cli.internal.ClientOptions;
import dev.crossrole.cli.internal.CommandLookup;
import dev.crossrole.cli.internal.RoleOptions;
import dev.crossrole.cli.internal.SignalForwarding;
import dev.crossrole.client.AwsConnection;
import dev.crossrole.client.Caching;
import dev.crossrole.client.ClientException;
import dev.crossrole.client.ContainerCredentialsEndpoint;
import dev.crossrole.client.CredentialSource;
import dev.crossrole.client.ProfileCredentialSource;
import dev.crossrole.client.RoleAssumer;
import dev.crossrole.client.TemporaryCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code crossrole exec}: runs a command with a role's temporary credentials and exits with its
 * status, as a shell would.
 */
@Command(
    name = "exec",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs CMD with a role's temporary credentials: stale AWS credential variables removed, the"
          + " role's credentials in the environment (env) or served on 127.0.0.1 and renewed"
          + " before they expire (endpoint). SIGINT, SIGTERM and SIGHUP are passed on to CMD;"
          + " exits with CMD's status, 128+N when a signal N ended it, 127 when CMD is not found"
          + " and 126 when it cannot be run.",
      "Way 1: --role-arn ARN --external-id ID and assume's other options, cached as assume caches"
          + " them. Way 2: --profile P (or AWS_PROFILE), a profile with role_arn, assumed at the"
          + " profile's endpoint.",
      "Exit codes of crossrole itself, before CMD runs: 2 usage, 1 refused by STS, 3 no source"
          + " credentials, 4 endpoint unreachable, 5 configuration."
    })
public final class ExecCommand implements Callable<Integer> {
  /** How the command gets its credentials. */
  enum Delivery {
    /** As AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN: any tool reads them. */
    ENV,
    /** As a container-credentials endpoint the SDKs ask again before expiry. */
    ENDPOINT
  }

  @Spec CommandSpec spec;

  @Mixin RoleOptions role;

  @Mixin ClientOptions client;

  @Option(
      names = "--credentials",
      paramLabel = "env|endpoint",
      converter = DeliveryConverter.class,
      defaultValue = "env",
      description =
          "env (default): the credentials as variables, for any tool, valid for one session."
              + " endpoint: served on 127.0.0.1 and renewed, for AWS SDKs and builds longer than"
              + " a session.")
  Delivery delivery;

  @Parameters(arity = "1..*", paramLabel = "CMD", description = "The command and its arguments.")
  List<String> command;

  private final Map<String, String> environment;
  private final Path home;
  private final Clock clock;
  private final Supplier<SignalForwarding> signals;

  /**
   * The command for this process's environment and the system clock, passing this process's signals
   * on to CMD.
   */
  public ExecCommand() {
    this(System.getenv(), Clock.systemUTC(), SignalForwarding::install);
  }

  /**
   * The command for {@code environment} (CMD's, before scrubbing) and {@code clock}; {@code
   * signals} starts catching the signals to pass on to CMD, just before it starts.
   */
  ExecCommand(Map<String, String> environment, Clock clock, Supplier<SignalForwarding> signals) {
    this.environment = Map.copyOf(environment);
    this.home = AwsConnection.home(environment);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.signals = Objects.requireNonNull(signals, "signals");
  }

  @Override
  public Integer call() throws InterruptedException {
    role.requireRole(client, environment);
    Caching caching =
        role.caching(environment, home, ProfileCredentialSource.DEFAULT_REFRESH_WINDOW);
    Optional<CommandLookup.Refusal> refusal =
        CommandLookup.check(command.get(0), environment.getOrDefault("PATH", ""));
    if (refusal.isPresent()) {
      err("crossrole exec: " + command.get(0) + ": " + refusal.get().reason());
      return refusal.get().exitCode();
    }
    try {
      AwsConnection connection = client.connection(environment, home);
      CredentialSource source =
          role.source(
              RoleAssumer.create(connection, caching, clock), InputStream.nullInputStream());
      TemporaryCredentials first = source.credentials();
      ChildEnvironment child = forConnection(ChildEnvironment.scrubbed(environment), connection);
      if (delivery == Delivery.ENV) {
        return run(child.withCredentials(first));
      }
      try (ContainerCredentialsEndpoint endpoint = ContainerCredentialsEndpoint.start(source)) {
        return run(child.withEndpoint(endpoint));
      }
    } catch (ClientException e) {
      err(ClientExit.line("exec", e));
      return ClientExit.of(e);
    }
  }

  /**
   * CMD talks to the endpoint and region the credentials came from: {@code --endpoint-url} and
   * {@code --region}, else the profile's {@code endpoint_url} and {@code region} unless the
   * environment names its own; and it trusts the authorities crossrole trusted, as {@code
   * AWS_CA_BUNDLE} (the profile that named a {@code ca_bundle} is not CMD's).
   */
  private ChildEnvironment forConnection(ChildEnvironment child, AwsConnection connection) {
    ChildEnvironment result = child;
    Optional<String> endpoint = client.endpointUrl();
    if (endpoint.isPresent()) {
      result = result.with("AWS_ENDPOINT_URL", endpoint.get());
    } else {
      Optional<String> profiles = connection.profileSetting("endpoint_url");
      if (profiles.isPresent()) {
        result = result.withDefault("AWS_ENDPOINT_URL", profiles.get());
      }
    }
    Optional<String> region =
        client
            .region()
            .or(
                () ->
                    environment.containsKey("AWS_REGION")
                            || environment.containsKey("AWS_DEFAULT_REGION")
                        ? Optional.empty()
                        : connection.profileSetting("region"));
    if (region.isPresent()) {
      result = result.with("AWS_REGION", region.get()).with("AWS_DEFAULT_REGION", region.get());
    }
    Optional<Path> caBundle = connection.effectiveCaBundle();
    if (caBundle.isPresent()) {
      // Absolute: CMD may change directory before it makes a call.
      result = result.with("AWS_CA_BUNDLE", caBundle.get().toAbsolutePath().toString());
    }
    return result;
  }

  private int run(ChildEnvironment child) throws InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    builder.environment().clear();
    builder.environment().putAll(child.variables());
    SignalForwarding forwarding = signals.get();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      // Found, yet not runnable: a script without its interpreter, a foreign binary.
      err("crossrole exec: " + command.get(0) + ": cannot run: " + e.getMessage());
      return CommandLookup.NOT_EXECUTABLE;
    }
    forwarding.forwardTo(process.toHandle());
    // The JDK reports a death by signal N as 128+N, as shells do.
    return process.waitFor();
  }

  private void err(String line) {
    spec.commandLine().getErr().println(line);
    spec.commandLine().getErr().flush();
  }

  /** {@code env} or {@code endpoint}, as typed. */
  static final class DeliveryConverter implements ITypeConverter<Delivery> {
    @Override
    public Delivery convert(String value) {
      return switch (value) {
        case "env" -> Delivery.ENV;
        case "endpoint" -> Delivery.ENDPOINT;
        default -> throw new TypeConversionException("expected env or endpoint, not " + value);
      };
    }
  }
}
