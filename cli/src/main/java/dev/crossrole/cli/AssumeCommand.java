package dev.crossrole.cli;

import dev.crossrole.cli.internal.ClientExit;
import dev.crossrole.cli.internal.DurationConverter;
import dev.crossrole.cli.internal.Inputs;
import dev.crossrole.client.AssumeRequest;
import dev.crossrole.client.CacheDirectory;
import dev.crossrole.client.Caching;
import dev.crossrole.client.CiRunner;
import dev.crossrole.client.ClientException;
import dev.crossrole.client.OutputFormat;
import dev.crossrole.client.RoleAssumer;
import dev.crossrole.client.StsConnection;
import dev.crossrole.client.TemporaryCredentials;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code crossrole assume}: way 1 in one step. Assumes the role (or reads the cache), then prints
 * the temporary credentials in the chosen syntax on standard output and nothing else there.
 */
@Command(
    name = "assume",
    mixinStandardHelpOptions = true,
    versionProvider = CrossroleCommand.VersionProvider.class,
    description = {
      "Assumes a role and prints its temporary credentials (AWS_ACCESS_KEY_ID,"
          + " AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION) in the syntax"
          + " --format names: eval \"$(crossrole assume …)\".",
      "Credentials are cached (keyed by the role, ExternalId, source key, endpoint and every other"
          + " input) and assumed again inside the refresh window before they expire.",
      "Exit codes: 0 ok, 1 refused by STS, 2 usage, 3 no source credentials, 4 endpoint"
          + " unreachable, 5 configuration."
    })
public final class AssumeCommand implements Callable<Integer> {
  private final Map<String, String> environment;
  private final Path home;
  private final InputStream stdin;
  private final Clock clock;

  @Spec CommandSpec spec;

  @Option(names = "--role-arn", required = true, paramLabel = "ARN", description = "The role.")
  String roleArn;

  @Option(
      names = "--external-id",
      paramLabel = "ID",
      description = "The ExternalId the role's trust policy demands.")
  String externalId;

  @Option(
      names = "--session-name",
      paramLabel = "NAME",
      description = "The role session name (default: crossrole-USER-EPOCH).")
  String sessionName;

  @Option(
      names = "--duration",
      paramLabel = "D",
      converter = DurationConverter.class,
      description = "How long the credentials last: 3600, 15m, 1h, 12h (900 to 43200 s; 1h).")
  Duration duration = AssumeRequest.DEFAULT_DURATION;

  @Option(
      names = "--policy",
      paramLabel = "FILE",
      description = "A session policy (JSON) narrowing the role's permissions; - reads stdin.")
  String policyFile;

  @Option(names = "--tag", paramLabel = "K=V", description = "A session tag; repeat for more.")
  List<String> tags = new ArrayList<>();

  @Option(
      names = "--source-identity",
      paramLabel = "ID",
      description = "The source identity to stamp on the session.")
  String sourceIdentity;

  @Option(
      names = "--source-profile",
      paramLabel = "P",
      description =
          "The profile whose keys sign the call (and whose region and endpoint_url apply),"
              + " instead of the SDK's default chain.")
  String sourceProfile;

  @Option(
      names = "--endpoint-url",
      paramLabel = "URL",
      description =
          "The STS endpoint, over AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL and the profile's.")
  String endpointUrl;

  @Option(names = "--region", paramLabel = "R", description = "The region (default us-east-1).")
  String region;

  @Option(
      names = "--format",
      paramLabel = "F",
      description = "env (default), fish, powershell, dotenv, json or credential-process.")
  String format = OutputFormat.ENV.id();

  @Option(names = "--no-cache", description = "Assume the role even if cached credentials exist.")
  boolean noCache;

  @Option(
      names = "--refresh-window",
      paramLabel = "D",
      converter = DurationConverter.class,
      description =
          "Cached credentials expiring sooner than this are assumed again (default 15m; at most"
              + " half the duration).")
  Duration refreshWindow = Caching.DEFAULT_REFRESH_WINDOW;

  @Option(
      names = "--mask",
      description =
          "Print the CI runner's masking command for each secret on stderr first (GitHub"
              + " Actions, Azure Pipelines).")
  boolean mask;

  /** The command in this process's environment. */
  public AssumeCommand() {
    this(System.getenv(), StsConnection.home(System.getenv()), System.in, Clock.systemUTC());
  }

  /** The command in a chosen environment, home directory, standard input and clock. */
  public AssumeCommand(Map<String, String> environment, Path home, InputStream stdin, Clock clock) {
    this.environment = Objects.requireNonNull(environment, "environment");
    this.home = Objects.requireNonNull(home, "home");
    this.stdin = Objects.requireNonNull(stdin, "stdin");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Integer call() {
    OutputFormat output =
        OutputFormat.of(format)
            .orElseThrow(
                () ->
                    new ParameterException(
                        spec.commandLine(),
                        "--format must be env, fish, powershell, dotenv, json or"
                            + " credential-process, not '"
                            + format
                            + "'"));
    AssumeRequest request = request();
    PrintWriter err = spec.commandLine().getErr();
    try {
      TemporaryCredentials credentials =
          RoleAssumer.create(connection(), caching(), clock).assume(request);
      String text = output.render(credentials);
      if (mask) {
        mask(credentials, err);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.print(text);
      out.flush();
      return ClientExit.OK;
    } catch (ClientException e) {
      err.println(ClientExit.line("assume", e));
      return ClientExit.of(e);
    }
  }

  private AssumeRequest request() {
    AssumeRequest.Builder request = AssumeRequest.builder(roleArn).duration(duration);
    Optional.ofNullable(externalId).ifPresent(request::externalId);
    Optional.ofNullable(sessionName).ifPresent(request::sessionName);
    Optional.ofNullable(sourceIdentity).ifPresent(request::sourceIdentity);
    if (policyFile != null) {
      try {
        request.sessionPolicy(Inputs.readAll(policyFile, stdin));
      } catch (Inputs.InputException e) {
        throw new ParameterException(spec.commandLine(), "--policy " + e.getMessage());
      }
    }
    for (String tag : tags) {
      int eq = tag.indexOf('=');
      if (eq <= 0) {
        throw new ParameterException(spec.commandLine(), "--tag must be K=V, not '" + tag + "'");
      }
      request.tag(tag.substring(0, eq), tag.substring(eq + 1));
    }
    try {
      return request.build();
    } catch (ClientException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private StsConnection connection() {
    StsConnection.Builder connection = StsConnection.builder(environment, home);
    Optional.ofNullable(endpointUrl).ifPresent(connection::endpointUrl);
    Optional.ofNullable(region).ifPresent(connection::region);
    Optional.ofNullable(sourceProfile).ifPresent(connection::sourceProfile);
    return connection.build();
  }

  private Caching caching() {
    if (refreshWindow.isNegative()) {
      throw new ParameterException(spec.commandLine(), "--refresh-window cannot be negative");
    }
    return noCache
        ? Caching.off()
        : Caching.onDisk(CacheDirectory.root(environment, home), refreshWindow);
  }

  /**
   * The masking commands go to standard error, which GitHub Actions and Azure Pipelines read
   * commands from as they do standard output, so that standard output stays the credentials alone.
   */
  private void mask(TemporaryCredentials credentials, PrintWriter err) {
    Optional<CiRunner> runner = CiRunner.detect(environment);
    if (runner.isEmpty()) {
      err.println(
          "crossrole assume: --mask: no CI runner that masks on command was detected"
              + " (GITHUB_ACTIONS=true, TF_BUILD): nothing masked");
      return;
    }
    for (String secret : List.of(credentials.secretAccessKey(), credentials.sessionToken())) {
      secret.lines().forEach(part -> err.println(runner.get().maskCommand(part)));
    }
    err.flush();
  }
}
