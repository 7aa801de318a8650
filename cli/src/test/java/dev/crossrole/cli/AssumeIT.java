package dev.crossrole.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@code bin/crossrole assume} as builds run it, against a real server of the seed, each output
 * read by its consumer: bash's {@code eval} then the AWS CLI, a JSON parser, python-dotenv, fish
 * where installed, and {@code credential_process} used by the AWS CLI and the Java SDK.
 */
class AssumeIT {
  private static final Path BIN = Path.of("..", "bin", "crossrole").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ASSUMED = "arn:aws:sts::111111111111:assumed-role/OURTHINGBUILDROLE/";
  @RegisterExtension static final SeedServer seed = new SeedServer();

  @TempDir Path home;

  record Run(int exit, String out, String err) {}

  @Test
  void assume_envEvaluatedByBash_awsCliSignsAsTheAssumedRole() throws Exception {
    Run run =
        bash(
            "eval \"$(\"$CROSSROLE\" assume --role-arn "
                + SeedServer.ROLE
                + " --external-id some_key_build)\" && aws sts get-caller-identity"
                + " && echo \"expires $AWS_CREDENTIAL_EXPIRATION\"",
            seed.env("builder"));

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains(ASSUMED).containsPattern("expires \\d{4}-\\d\\d-\\d\\dT.*Z");
  }

  @Test
  void assume_fishSourced_awsCliSignsAsTheAssumedRole() throws Exception {
    assumeTrue(onPath("fish"), "fish is not installed");
    Path script = home.resolve("creds.fish");
    Run assume = crossrole(seed.env("builder"), assumeArgs("--format", "fish"));
    Files.writeString(script, assume.out());
    ProcessBuilder fish =
        new ProcessBuilder("fish", "-c", "source " + script + "; aws sts get-caller-identity");
    fish.environment().putAll(seed.env("builder"));
    Run run = run(fish);
    assertThat(run.out()).as(run.err()).contains(ASSUMED);
  }

  @Test
  void assume_json_parsesToTheFourVariables() throws Exception {
    Run run = crossrole(seed.env("builder"), assumeArgs("--format", "json"));

    JsonNode json = JSON.readTree(run.out());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(json.fieldNames())
        .toIterable()
        .containsExactly(
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "AWS_CREDENTIAL_EXPIRATION");
    assertThat(json.get("AWS_ACCESS_KEY_ID").asText()).startsWith("ASIA");
    assertThat(Instant.parse(json.get("AWS_CREDENTIAL_EXPIRATION").asText()))
        .isAfter(Instant.now());
  }

  @Test
  void assume_dotenvReadByPythonDotenv_sameValuesAsJson() throws Exception {
    Run json = crossrole(seed.env("builder"), assumeArgs("--format", "json"));
    Run dotenv = crossrole(seed.env("builder"), assumeArgs("--format", "dotenv"));
    Path file = home.resolve(".env");
    Files.writeString(file, dotenv.out());

    Run read =
        run(
            new ProcessBuilder(
                "python3",
                "-c",
                "import json, sys; from dotenv import dotenv_values;"
                    + " print(json.dumps(dotenv_values(sys.argv[1])))",
                file.toString()));

    assertThat(read.exit()).as(read.err()).isZero();
    assertThat(JSON.readTree(read.out())).isEqualTo(JSON.readTree(json.out()));
  }

  @Test
  void credentialProcess_inAwsConfig_usedByAwsCliAndJavaSdk() throws Exception {
    Path config = credentialProcessProfiles();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AWS_CONFIG_FILE", config.toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());

    Run cli = bash("aws --profile cp sts get-caller-identity", env);
    assertThat(cli.exit()).as(cli.err()).isZero();
    assertThat(cli.out()).contains(ASSUMED);

    ProfileFile files =
        ProfileFile.aggregator()
            .addFile(
                ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build())
            .addFile(
                ProfileFile.builder()
                    .content(home.resolve("credentials"))
                    .type(ProfileFile.Type.CREDENTIALS)
                    .build())
            .build();
    AwsCredentials sdk =
        ProfileCredentialsProvider.builder()
            .profileFile(files)
            .profileName("cp")
            .build()
            .resolveCredentials();
    try (StsClient sts =
        StsClient.builder()
            .endpointOverride(URI.create(seed.endpoint()))
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(sdk))
            .build()) {
      assertThat(sdk.accessKeyId()).startsWith("ASIA");
      assertThat(sts.getCallerIdentity().arn()).startsWith(ASSUMED);
    }
  }

  @Test
  void assume_twoProcessesAtOnce_oneAssumeRoleBetweenThem() throws Exception {
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      processes.add(start(seed.env("builder"), assumeArgs("--format", "json")));
    }
    List<String> keys = new ArrayList<>();
    for (Process p : processes) {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      keys.add(JSON.readTree(out).get("AWS_ACCESS_KEY_ID").asText());
    }

    assertThat(keys.get(0)).startsWith("ASIA").isEqualTo(keys.get(1));
    Path sts = home.resolve("cache").resolve("sts");
    try (Stream<Path> entries = Files.list(sts)) {
      List<Path> creds = entries.filter(p -> p.toString().endsWith(".creds")).toList();
      assertThat(creds).hasSize(1);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(creds.get(0))))
          .isEqualTo("rw-------");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sts)))
        .isEqualTo("rwx------");
  }

  @Test
  void assume_maskOnGithubActions_masksOnStderrAndStdoutStillEvaluates() throws Exception {
    Map<String, String> env = new LinkedHashMap<>(seed.env("builder"));
    env.put("GITHUB_ACTIONS", "true");
    Run run = crossrole(env, assumeArgs("--mask", "--format", "json"));

    JsonNode json = JSON.readTree(run.out());
    assertThat(run.exit()).isZero();
    assertThat(run.err().lines())
        .containsExactly(
            "::add-mask::" + json.get("AWS_SECRET_ACCESS_KEY").asText(),
            "::add-mask::" + json.get("AWS_SESSION_TOKEN").asText());
  }

  @Test
  void assume_maskWithoutCi_saysSoOnStderr() throws Exception {
    Run run = crossrole(seed.env("builder"), assumeArgs("--mask"));

    assertThat(run.exit()).isZero();
    assertThat(run.err()).contains("no CI runner that masks on command was detected");
    assertThat(run.out()).startsWith("export AWS_ACCESS_KEY_ID='ASIA");
  }

  /** name, user keys (null: unknown keys), extra arguments, exit code, what stderr says. */
  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(
            "assume_wrongExternalId_exit1AccessDeniedWithHint",
            "builder",
            List.of("--role-arn", SeedServer.ROLE, "--external-id", "wrong"),
            1,
            List.of("crossrole assume: AccessDenied: ", "check the ExternalId")),
        Arguments.of(
            "assume_unknownKeys_exit1InvalidClientTokenId",
            null,
            List.of("--role-arn", SeedServer.ROLE, "--external-id", "some_key_build"),
            1,
            List.of("InvalidClientTokenId", "not known at this endpoint")),
        Arguments.of(
            "assume_noServer_exit4",
            "builder",
            List.of(
                "--role-arn",
                SeedServer.ROLE,
                "--external-id",
                "some_key_build",
                "--endpoint-url",
                "http://127.0.0.1:1"),
            4,
            List.of("the endpoint did not answer")),
        Arguments.of(
            "assume_durationTooShort_exit2",
            "builder",
            List.of("--role-arn", SeedServer.ROLE, "--duration", "10m"),
            2,
            List.of("between 900 and 43200 seconds")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void assume_fails(String name, String user, List<String> args, int exit, List<String> err)
      throws Exception {
    Map<String, String> env = new LinkedHashMap<>(seed.env("builder"));
    if (user == null) {
      env.put("AWS_ACCESS_KEY_ID", "AKIAUNKNOWNUNKNOWN00");
      env.put("AWS_SECRET_ACCESS_KEY", "not-a-secret-anyone-knows");
    }
    List<String> all = new ArrayList<>(List.of("assume"));
    all.addAll(args);

    Run run = crossrole(env, all.toArray(String[]::new));

    assertThat(run.exit()).as(run.err()).isEqualTo(exit);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains(err);
    if (exit != 2) {
      assertThat(run.err().lines().filter(l -> !l.isBlank())).as(run.err()).hasSize(1);
    }
  }

  private Path credentialProcessProfiles() throws IOException {
    Files.writeString(
        home.resolve("credentials"),
        "[builder]\naws_access_key_id = "
            + seed.keys("builder").accessKeyId()
            + "\naws_secret_access_key = "
            + seed.keys("builder").secretAccessKey()
            + "\n");
    Path config = home.resolve("config");
    Files.writeString(
        config,
        "[profile builder]\nregion = us-east-1\nendpoint_url = "
            + seed.endpoint()
            + "\n\n[profile cp]\nregion = us-east-1\nendpoint_url = "
            + seed.endpoint()
            // The SDKs start the process in their own environment: name the files it reads.
            + "\ncredential_process = env AWS_CONFIG_FILE="
            + config
            + " AWS_SHARED_CREDENTIALS_FILE="
            + home.resolve("credentials")
            + " CROSSROLE_CACHE_DIR="
            + home.resolve("cache")
            + " "
            + BIN
            + " assume --source-profile builder --role-arn "
            + SeedServer.ROLE
            + " --external-id some_key_build --format credential-process\n");
    return config;
  }

  private static String[] assumeArgs(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of("assume", "--role-arn", SeedServer.ROLE, "--external-id", "some_key_build"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private Run crossrole(Map<String, String> env, String... args) throws Exception {
    return run(process(env, args));
  }

  private Process start(Map<String, String> env, String... args) throws IOException {
    return process(env, args).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  private ProcessBuilder process(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>(List.of(BIN.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    isolate(pb.environment(), env);
    return pb;
  }

  private Run bash(String script, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", script);
    isolate(pb.environment(), env);
    return run(pb);
  }

  /** No AWS or CI variable of the machine's, a home and cache of the test's own. */
  private void isolate(Map<String, String> environment, Map<String, String> env) {
    environment.keySet().removeIf(k -> k.startsWith("AWS_") || k.equals("GITHUB_ACTIONS"));
    environment.remove("TF_BUILD");
    environment.put("HOME", home.toString());
    environment.put("CROSSROLE_CACHE_DIR", home.resolve("cache").toString());
    environment.put("CROSSROLE", BIN.toString());
    environment.put("AWS_EC2_METADATA_DISABLED", "true");
    environment.putAll(env);
  }

  private static Run run(ProcessBuilder pb) throws Exception {
    Path err = Files.createTempFile("crossrole-assume", ".err");
    try {
      Process p = pb.redirectError(err.toFile()).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      return new Run(p.exitValue(), out, Files.readString(err));
    } finally {
      Files.deleteIfExists(err);
    }
  }

  private static boolean onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(":")) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
