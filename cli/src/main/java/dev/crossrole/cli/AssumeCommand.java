package dev.crossrole.cli;

import dev.crossrole.cli.internal.ClientExit;
import dev.crossrole.cli.internal.ClientOptions;
import dev.crossrole.cli.internal.RoleOptions;
import dev.crossrole.client.AwsConnection;
import dev.crossrole.client.Caching;
import dev.crossrole.client.CiRunner;
import dev.crossrole.client.ClientException;
import dev.crossrole.client.OutputFormat;
import dev.crossrole.client.RoleAssumer;
import dev.crossrole.client.TemporaryCredentials;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
      "Way 1: --role-arn (and --external-id), signed by --source-profile's keys or the SDK's"
          + " chain. Way 2: without --role-arn, the role of --profile P (or AWS_PROFILE) as its"
          + " role_arn, external_id and source_profile state it, like aws configure"
          + " export-credentials --profile P.",
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

  @Mixin RoleOptions role;

  @Mixin ClientOptions client;

  @Option(
      names = "--format",
      paramLabel = "F",
      description = "env (default), fish, powershell, dotenv, json or credential-process.")
  String format = OutputFormat.ENV.id();

  @Option(
      names = "--mask",
      description =
          "Print the CI runner's masking command for each secret on stderr first (GitHub"
              + " Actions, Azure Pipelines).")
  boolean mask;

  /** The command in this process's environment. */
  public AssumeCommand() {
    this(System.getenv(), AwsConnection.home(System.getenv()), System.in, Clock.systemUTC());
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
    role.requireRole(client, environment);
    Caching caching = role.caching(environment, home, Caching.DEFAULT_REFRESH_WINDOW);
    PrintWriter err = spec.commandLine().getErr();
    try {
      RoleAssumer assumer =
          RoleAssumer.create(client.connection(environment, home), caching, clock);
      TemporaryCredentials credentials = role.assume(assumer, stdin);
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
