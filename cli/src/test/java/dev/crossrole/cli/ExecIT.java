package dev.crossrole.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code bin/crossrole exec} as a process against a seeded server: CMD's exit status, signals sent
 * to crossrole reaching CMD, the environment CMD sees, and the AWS CLI in CMD acting as the role.
 */
class ExecIT {
  private static final Path BIN = Path.of("..", "bin", "crossrole").toAbsolutePath().normalize();
  private static final Duration LIMIT = Duration.ofSeconds(60);

  @TempDir static Path dir;
  @RegisterExtension static final SeedServer server = new SeedServer();
  private static final Map<Long, Path> ERRORS = new java.util.concurrent.ConcurrentHashMap<>();

  record ExitCase(String name, List<String> command, int exitCode) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<ExitCase> exitCases() throws IOException {
    Path notExecutable = dir.resolve("not-executable.sh");
    Files.writeString(notExecutable, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(notExecutable, PosixFilePermissions.fromString("rw-------"));
    return List.of(
        new ExitCase("exec_commandSucceeds_0", List.of("sh", "-c", "exit 0"), 0),
        new ExitCase("exec_commandExits3_3", List.of("sh", "-c", "exit 3"), 3),
        new ExitCase("exec_commandNotOnPath_127", List.of("no-such-command-here"), 127),
        new ExitCase("exec_pathThatDoesNotExist_127", List.of("/no/such/file"), 127),
        new ExitCase("exec_fileNotExecutable_126", List.of(notExecutable.toString()), 126),
        new ExitCase(
            "exec_commandKilledBySignal_128PlusSignal", List.of("sh", "-c", "kill -9 $$"), 137));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exitCases")
  void exec_command_exitsWithItsStatus(ExitCase c) throws Exception {
    Process crossrole = start(server.commandEnvironment(), exec("--profile", "build"), c.command());

    assertThat(crossrole.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(crossrole.exitValue()).as(stderr(crossrole)).isEqualTo(c.exitCode());
  }

  @Test
  void exec_profileWithoutRole_refusedAndCommandNotRun() throws Exception {
    Path marker = dir.resolve("ran");
    Process crossrole =
        start(
            server.commandEnvironment(),
            exec("--profile", "keys-only"),
            List.of("touch", marker.toString()));

    assertThat(crossrole.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(crossrole.exitValue()).isEqualTo(5);
    assertThat(stderr(crossrole)).contains("crossrole exec: profile keys-only names no role_arn");
    assertThat(marker).doesNotExist();
  }

  @Test
  void exec_staleVariables_scrubbedRoleCredentialsGivenRegionAndEndpointKept() throws Exception {
    Map<String, String> env = server.commandEnvironment();
    env.put("AWS_ACCESS_KEY_ID", server.builderKeys().accessKeyId());
    env.put("AWS_SECRET_ACCESS_KEY", server.builderKeys().secretAccessKey());
    env.put("AWS_SESSION_TOKEN", "stale-token");
    env.put("AWS_SECURITY_TOKEN", "stale-token");
    env.put("AWS_PROFILE", "stale-profile");
    env.put("AWS_DEFAULT_PROFILE", "stale-profile");
    env.put("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/stale");
    env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "/stale");
    env.put("AWS_WEB_IDENTITY_TOKEN_FILE", "/stale");
    env.put("AWS_ROLE_ARN", "arn:aws:iam::999999999999:role/stale");
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_ENDPOINT_URL_STS", server.endpoint());

    Process crossrole = start(env, exec("--profile", "build"), List.of("env"));
    Map<String, String> seen = parseEnv(stdout(crossrole));

    assertThat(crossrole.exitValue()).as(stderr(crossrole)).isZero();
    assertThat(seen.get("AWS_ACCESS_KEY_ID")).startsWith("ASIA");
    assertThat(seen).containsKeys("AWS_SECRET_ACCESS_KEY", "AWS_CREDENTIAL_EXPIRATION");
    assertThat(seen.get("AWS_SESSION_TOKEN")).isNotEqualTo("stale-token");
    assertThat(seen)
        .doesNotContainKeys(
            "AWS_SECURITY_TOKEN",
            "AWS_PROFILE",
            "AWS_DEFAULT_PROFILE",
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
            "AWS_WEB_IDENTITY_TOKEN_FILE",
            "AWS_ROLE_ARN")
        .containsEntry("AWS_REGION", "us-east-1")
        .doesNotContainKey("AWS_DEFAULT_REGION")
        .containsEntry("AWS_ENDPOINT_URL_STS", server.endpoint())
        .containsEntry("AWS_ENDPOINT_URL", server.endpoint());
    assertThat(String.join("\n", seen.values()))
        .doesNotContain(server.builderKeys().accessKeyId(), server.builderKeys().secretAccessKey());
  }

  @Test
  void exec_wayOneWrongExternalId_refusedWithExit1AndCommandNotRun() throws Exception {
    Path marker = dir.resolve("ran-way-one");
    Process crossrole =
        start(
            server.commandEnvironment(),
            exec(
                "--role-arn",
                SeedServer.ROLE_ARN,
                "--external-id",
                "wrong_id",
                "--source-profile",
                "builder",
                "--endpoint-url",
                server.endpoint()),
            List.of("touch", marker.toString()));

    assertThat(crossrole.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(crossrole.exitValue()).as(stderr(crossrole)).isEqualTo(1);
    assertThat(stderr(crossrole)).contains("crossrole exec:", "AccessDenied");
    assertThat(marker).doesNotExist();
  }

  @Test
  void exec_noRoleNamed_usageError() throws Exception {
    Process crossrole = start(server.commandEnvironment(), exec(), List.of("true"));

    assertThat(crossrole.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(crossrole.exitValue()).isEqualTo(2);
    assertThat(stderr(crossrole)).contains("--role-arn", "--profile");
  }

  @Test
  void exec_endpointMode_onlyTheEndpointAndItsTokenNoKeys() throws Exception {
    Process crossrole =
        start(
            server.commandEnvironment(),
            exec("--profile", "build", "--credentials", "endpoint"),
            List.of("env"));
    Map<String, String> seen = parseEnv(stdout(crossrole));

    assertThat(crossrole.exitValue()).as(stderr(crossrole)).isZero();
    assertThat(seen.get("AWS_CONTAINER_CREDENTIALS_FULL_URI"))
        .matches("http://127\\.0\\.0\\.1:\\d+/[A-Za-z0-9_-]+");
    assertThat(seen.get("AWS_CONTAINER_AUTHORIZATION_TOKEN")).isNotBlank();
    assertThat(seen)
        .doesNotContainKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")
        .containsEntry("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
  }

  record AwsCliCase(String name, List<String> options) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<AwsCliCase> awsCliCases() {
    List<String> wayOne =
        List.of(
            "--role-arn",
            SeedServer.ROLE_ARN,
            "--external-id",
            "some_key_build",
            "--source-profile",
            "builder",
            "--endpoint-url",
            server.endpoint(),
            "--region",
            "us-east-1");
    List<String> wayOneEndpoint = new ArrayList<>(wayOne);
    wayOneEndpoint.addAll(List.of("--credentials", "endpoint"));
    return List.of(
        new AwsCliCase("awsCli_envCredentials_actsAsTheRole", List.of("--profile", "build")),
        new AwsCliCase(
            "awsCli_endpointCredentialsWithKeysInDefaultProfile_actsAsTheRole",
            List.of("--profile", "build", "--credentials", "endpoint")),
        new AwsCliCase("awsCli_wayOneEnvCredentials_actsAsTheRole", wayOne),
        new AwsCliCase("awsCli_wayOneEndpointCredentials_actsAsTheRole", wayOneEndpoint));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("awsCliCases")
  void exec_awsCli_callerIdentityIsTheAssumedRole(AwsCliCase c) throws Exception {
    List<String> options = new ArrayList<>(exec());
    options.addAll(c.options());

    Process crossrole =
        start(
            server.commandEnvironment(),
            options,
            List.of("aws", "sts", "get-caller-identity", "--query", "Arn", "--output", "text"));
    String arn = stdout(crossrole).strip();

    assertThat(crossrole.exitValue()).as(stderr(crossrole)).isZero();
    assertThat(arn).startsWith(SeedServer.ASSUMED_ROLE_PREFIX);
  }

  record SignalCase(String name, String signal, String script, int exitCode, String childSaw) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** Scripts get the ready FIFO as $1 and the file to write what they saw as $2. */
  static List<SignalCase> signalCases() {
    String trapping =
        "trap 'kill $pid; echo %1$s > \"$2\"; exit 7' %1$s; sleep 300 & pid=$!; echo ready > \"$1\";"
            + " wait $pid";
    return List.of(
        new SignalCase(
            "term_childTraps_childSawItAndItsStatus",
            "TERM",
            trapping.formatted("TERM"),
            7,
            "TERM"),
        new SignalCase(
            "hup_childTraps_childSawItAndItsStatus", "HUP", trapping.formatted("HUP"), 7, "HUP"),
        new SignalCase(
            "term_childDoesNotTrap_killedSo143",
            "TERM",
            "echo ready > \"$1\"; exec sleep 300",
            143,
            ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("signalCases")
  void signal_sentToCrossrole_reachesTheCommand(SignalCase c) throws Exception {
    // A signal ignored when crossrole starts stays ignored, as in a shell (nohup ignores HUP), and
    // this JVM passes its ignored signals on to the processes it starts.
    assumeFalse(
        ignoredHere(c.signal()), "SIG" + c.signal() + " is ignored by this JVM (run under nohup?)");
    Path ready = Fifo.create(dir, "ready-" + c.signal() + c.exitCode());
    Path saw = dir.resolve("saw-" + c.name());
    Process crossrole =
        start(
            server.commandEnvironment(),
            exec("--profile", "build"),
            List.of("sh", "-c", c.script(), "sh", ready.toString(), saw.toString()));
    try {
      assertTimeoutPreemptively(LIMIT, () -> Files.readString(ready));

      new ProcessBuilder("kill", "-s", c.signal(), Long.toString(crossrole.pid()))
          .inheritIO()
          .start()
          .waitFor();

      assertThat(crossrole.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(crossrole.exitValue()).as(stderr(crossrole)).isEqualTo(c.exitCode());
      assertThat(Files.exists(saw) ? Files.readString(saw).strip() : "").isEqualTo(c.childSaw());
    } finally {
      crossrole.descendants().forEach(ProcessHandle::destroyForcibly);
      crossrole.destroyForcibly();
    }
  }

  /** Whether this process ignores {@code signal}, as {@code /proc/self/status} says. */
  private static boolean ignoredHere(String signal) throws IOException {
    int number =
        switch (signal) {
          case "HUP" -> 1;
          case "INT" -> 2;
          case "TERM" -> 15;
          default -> throw new IllegalArgumentException(signal);
        };
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return false;
    }
    return Files.readAllLines(status).stream()
        .filter(line -> line.startsWith("SigIgn:"))
        .map(line -> Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16))
        .anyMatch(mask -> (mask & (1L << (number - 1))) != 0);
  }

  private static List<String> exec(String... options) {
    List<String> args = new ArrayList<>(List.of("exec"));
    args.addAll(List.of(options));
    return args;
  }

  private static Process start(Map<String, String> env, List<String> options, List<String> command)
      throws IOException {
    Path err = dir.resolve("stderr-" + System.nanoTime());
    List<String> argv = new ArrayList<>(List.of(BIN.toString()));
    argv.addAll(options);
    argv.add("--");
    argv.addAll(command);
    ProcessBuilder builder =
        new ProcessBuilder(argv)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectError(err.toFile());
    builder.environment().clear();
    builder.environment().putAll(env);
    Process process = builder.start();
    ERRORS.put(process.pid(), err);
    return process;
  }

  private static String stdout(Process process) throws Exception {
    String out =
        assertTimeoutPreemptively(
            LIMIT,
            () -> new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    assertThat(process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    return out;
  }

  /** What crossrole wrote on stderr, once it has ended. */
  private static String stderr(Process process) throws IOException {
    return Files.readString(ERRORS.get(process.pid()));
  }

  private static Map<String, String> parseEnv(String out) {
    Map<String, String> env = new HashMap<>();
    out.lines()
        .filter(l -> l.contains("="))
        .forEach(l -> env.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
    return env;
  }
}
