package dev.crossrole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossrole.server.CrossroleServer;
import dev.crossrole.server.RegistryMode;
import dev.crossrole.server.TlsMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The build-side commands against a server with {@code --tls self-signed}, over real TLS: they
 * trust its authority when it is named by {@code --ca-bundle}, {@code AWS_CA_BUNDLE} or the {@code
 * ca_bundle} of the very profiles the server wrote (its {@code build} profile, acted as with the
 * BUILD user's keys as {@code --source-profile builder}), refuse the server's certificate without
 * it, and report a bundle they cannot use as a configuration failure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientTlsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ROLE_ARN = "arn:aws:iam::111111111111:role/OURTHINGBUILDROLE";
  private static final String ASSUMED = "arn:aws:sts::111111111111:assumed-role/OURTHINGBUILDROLE/";
  private static final String REGISTRY = "111111111111.dkr.ecr.us-east-1.localhost";
  private static final String TRUST =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
          + "\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:user/builder\"},"
          + "\"Action\":\"sts:AssumeRole\","
          + "\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"some_key_build\"}}}]}";
  private static final String MAY_ASSUME =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
          + "\"Action\":\"sts:AssumeRole\",\"Resource\":\""
          + ROLE_ARN
          + "\"}]}";
  private static final String LOGIN =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
          + "\"Action\":\"ecr:GetAuthorizationToken\",\"Resource\":\"*\"}]}";

  /**
   * Way 1 acting as the server's own profile {@code build} (its endpoint, region and {@code
   * ca_bundle}, when the config has it), signed by the BUILD user's keys.
   */
  private static final List<String> WAY_ONE =
      List.of(
          "--profile",
          "build",
          "--source-profile",
          "builder",
          "--role-arn",
          ROLE_ARN,
          "--external-id",
          "some_key_build");

  private static final String UNTRUSTED_HINT =
      "(name the server's certificate authority with --ca-bundle FILE, AWS_CA_BUNDLE or the"
          + " profile's ca_bundle)";

  @TempDir static Path data;
  @TempDir static Path work;
  private CrossroleServer server;
  private Path ca;
  private Path credentials;

  private Path home;
  private Map<String, String> serverFiles;
  private Map<String, String> filesWithoutBundle;

  @BeforeAll
  void startServerWithItsAuthority() throws Exception {
    server =
        CrossroleServer.start(
            SeedServer.seedAccounts(data)
                .registry(RegistryMode.parse("off"))
                .tls(new TlsMode.SelfSigned())
                .build());
    assertThat(server.endpoint()).startsWith("https://");
    ca = data.resolve("ca.pem");
    // The admins' setup is the AWS CLI, verifying the server through the profiles' ca_bundle.
    Programs admin = new Programs(files(data.resolve("config"), data.resolve("credentials"), data));
    String user = "--user-name=builder";
    admin(admin, "build", "create-user", user);
    admin(
        admin,
        "build",
        "put-user-policy",
        user,
        "--policy-name=a",
        "--policy-document",
        MAY_ASSUME);
    JsonNode key = admin(admin, "build", "create-access-key", user).get("AccessKey");
    String role = "--role-name=OURTHINGBUILDROLE";
    admin(admin, "ours", "create-role", role, "--assume-role-policy-document", TRUST);
    admin(admin, "ours", "put-role-policy", role, "--policy-name=l", "--policy-document", LOGIN);
    // The server's credentials and the builder's keys, which sign for the BUILD side.
    credentials = work.resolve("credentials");
    Files.writeString(
        credentials,
        Files.readString(data.resolve("credentials"))
            + "[builder]\naws_access_key_id = "
            + key.get("AccessKeyId").asText()
            + "\naws_secret_access_key = "
            + key.get("SecretAccessKey").asText()
            + "\n");
  }

  private static JsonNode admin(Programs admin, String profile, String... args) throws Exception {
    Programs.Result r =
        admin.aws(
            Map.of(),
            Programs.prefixed(
                "--profile", Programs.prefixed(profile, Programs.prefixed("iam", args))));
    assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.err()).isZero();
    return r.out().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.out());
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  /**
   * A fresh home and cache; the server's profile files as it wrote them, and a copy of its config
   * without {@code ca_bundle} (the same keys and endpoint, no authority named).
   */
  @BeforeEach
  void userFiles() throws Exception {
    home = Files.createTempDirectory(work, "home");
    Path config = home.resolve("config-without-bundle");
    Files.writeString(
        config, Files.readString(data.resolve("config")).replaceAll("(?m)^ca_bundle = .*\\n", ""));
    serverFiles = files(data.resolve("config"), credentials, home);
    filesWithoutBundle = files(config, credentials, home);
  }

  /** The variables of a user of {@code home} with these profile files. */
  private static Map<String, String> files(Path config, Path credentials, Path home) {
    return Map.of(
        "HOME", home.toString(),
        "AWS_CONFIG_FILE", config.toString(),
        "AWS_SHARED_CREDENTIALS_FILE", credentials.toString(),
        "CROSSROLE_CACHE_DIR", home.resolve("cache").toString());
  }

  /** name, the server's own config?, extra variables, extra arguments, exit, stderr (or null). */
  Stream<Arguments> assumeCases() {
    String missing = work.resolve("missing.pem").toString();
    return Stream.of(
        Arguments.of(
            "assume_caBundleOption_trusted", false, Map.of(), List.of("--ca-bundle", "CA"), 0, ""),
        Arguments.of(
            "assume_awsCaBundleVariable_trusted",
            false,
            Map.of("AWS_CA_BUNDLE", "CA"),
            List.of(),
            0,
            ""),
        Arguments.of("assume_profilesCaBundle_trusted", true, Map.of(), List.of(), 0, ""),
        Arguments.of(
            "assume_optionOverBrokenVariable_optionWins",
            true,
            Map.of("AWS_CA_BUNDLE", missing),
            List.of("--ca-bundle", "CA"),
            0,
            ""),
        Arguments.of(
            "assume_noBundle_untrustedExit4",
            false,
            Map.of(),
            List.of(),
            4,
            "crossrole assume: assuming "
                + ROLE_ARN
                + ": the endpoint's certificate was not trusted: "),
        Arguments.of(
            "assume_brokenVariableOverProfile_configurationExit5",
            true,
            Map.of("AWS_CA_BUNDLE", missing),
            List.of(),
            5,
            "crossrole assume: the CA bundle " + missing + " (AWS_CA_BUNDLE) does not exist\n"),
        Arguments.of(
            "assume_notPemBundle_configurationExit5",
            false,
            Map.of(),
            List.of("--ca-bundle", "NOT_PEM"),
            5,
            "crossrole assume: the CA bundle NOT_PEM (--ca-bundle) holds no PEM certificate"
                + " (-----BEGIN CERTIFICATE-----)\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("assumeCases")
  void assume(
      String name,
      boolean serverConfig,
      Map<String, String> extra,
      List<String> more,
      int exit,
      String err)
      throws Exception {
    Path notPem = Files.writeString(home.resolve("not-pem.txt"), "not a certificate\n");
    List<String> args = new ArrayList<>(List.of("assume"));
    args.addAll(WAY_ONE);
    for (String arg : more) {
      args.add(arg.equals("CA") ? ca.toString() : arg.equals("NOT_PEM") ? notPem.toString() : arg);
    }
    Map<String, String> variables = new HashMap<>();
    extra.forEach((k, v) -> variables.put(k, v.equals("CA") ? ca.toString() : v));

    Programs.Result r =
        new Programs(serverConfig ? serverFiles : filesWithoutBundle)
            .crossrole(variables, args.toArray(String[]::new));

    assertThat(r.exitCode()).as(r.err()).isEqualTo(exit);
    if (exit == 0) {
      assertThat(r.out()).contains("export AWS_SESSION_TOKEN=");
      assertThat(r.err()).isEmpty();
    } else if (exit == 4) {
      assertThat(r.err().lines()).hasSize(1);
      assertThat(r.err()).startsWith(err).endsWith(UNTRUSTED_HINT + "\n");
    } else {
      assertThat(r.err()).isEqualTo(err.replace("NOT_PEM", notPem.toString()));
    }
  }

  /** How exec hands out the credentials. */
  static Stream<String> deliveries() {
    return Stream.of("env", "endpoint");
  }

  @ParameterizedTest(name = "exec_profilesCaBundle_commandTrustsItToo_{0}")
  @MethodSource("deliveries")
  void exec_profilesCaBundle_commandTrustsItToo(String delivery) throws Exception {
    List<String> args = new ArrayList<>(List.of("exec", "--credentials", delivery));
    args.addAll(WAY_ONE);
    args.addAll(
        List.of("--", "sh", "-c", "echo \"$AWS_CA_BUNDLE\" && aws sts get-caller-identity"));

    Programs.Result r = new Programs(serverFiles).crossrole(Map.of(), args.toArray(String[]::new));

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out().lines().findFirst()).contains(ca.toString());
    assertThat(r.out()).contains(ASSUMED);
  }

  @Test
  void profilesSetup_caBundle_writtenOnceShownAndUsedByEcrLoginAndTheHelper() throws Exception {
    Programs programs = new Programs(filesWithoutBundle);
    String[] setup = setupArgs(ca, "--region", "us-east-1", "--endpoint-url", server.endpoint());
    Path config = Path.of(filesWithoutBundle.get("AWS_CONFIG_FILE"));

    Programs.Result first = programs.crossrole(Map.of(), setup);
    Programs.Result second = programs.crossrole(Map.of(), setup);
    Programs.Result shown = programs.crossrole(Map.of(), "profiles", "show", "--profile", "ci");
    Programs.Result login =
        programs.crossrole(
            Map.of(),
            "ecr",
            "login",
            "--profile",
            "ci",
            "--authfile",
            home.resolve("auth.json").toString());
    Programs.Result helper =
        programs.run(
            Map.of("AWS_PROFILE", "ci"),
            REGISTRY,
            Programs.BIN.resolve("docker-credential-crossrole").toString(),
            "get");

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(Files.readString(config))
        .contains(
            "[profile ci]\nrole_arn = "
                + ROLE_ARN
                + "\nsource_profile = builder\nexternal_id = some_key_build\nregion = us-east-1\n"
                + "endpoint_url = "
                + server.endpoint()
                + "\nca_bundle = "
                + ca
                + "\n");
    assertThat(second.out()).startsWith("unchanged " + config + "\n");
    assertThat(shown.out()).contains("[profile ci]", "ca_bundle = " + ca + "\n");
    assertThat(login.exitCode()).as(login.err()).isZero();
    assertThat(login.out()).startsWith("Login Succeeded: " + REGISTRY + " until ");
    assertThat(helper.exitCode()).as(helper.out() + helper.err()).isZero();
    assertThat(JSON.readTree(helper.out()).get("Username").asText()).isEqualTo("AWS");
  }

  @Test
  void profilesSetup_missingCaBundle_configurationExit5AndNothingWritten() throws Exception {
    Path missing = home.resolve("nowhere.pem");
    Path config = home.resolve("aws/config");
    Map<String, String> files = new HashMap<>(filesWithoutBundle);
    files.put("AWS_CONFIG_FILE", config.toString());

    Programs.Result r = new Programs(files).crossrole(Map.of(), setupArgs(missing));

    assertThat(r.exitCode()).isEqualTo(5);
    assertThat(r.err())
        .isEqualTo(
            "crossrole profiles setup: the CA bundle "
                + missing
                + " (--ca-bundle) does not exist\n");
    assertThat(config).doesNotExist();
  }

  /** {@code profiles setup} of the way-2 profile {@code ci}, signed by builder, with MORE. */
  private static String[] setupArgs(Path caBundle, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "profiles",
                "setup",
                "--profile",
                "ci",
                "--role-arn",
                ROLE_ARN,
                "--external-id",
                "some_key_build",
                "--source-profile",
                "builder",
                "--ca-bundle",
                caBundle.toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void dockerCredentialGet_noBundle_notFoundAndTheUntrustedLineOnStderr() {
    Programs.Result helper =
        new Programs(filesWithoutBundle)
            .run(
                Map.of("AWS_PROFILE", "build"),
                REGISTRY,
                Programs.BIN.resolve("docker-credential-crossrole").toString(),
                "get");

    assertThat(helper.exitCode()).isEqualTo(1);
    assertThat(helper.out()).isEqualTo("credentials not found in native keychain\n");
    assertThat(helper.err())
        .startsWith("crossrole docker-credential get: GetAuthorizationToken: the endpoint's")
        .endsWith(UNTRUSTED_HINT + "\n");
  }
}
