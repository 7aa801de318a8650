package dev.crossrole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossrole.server.CrossroleServer;
import dev.crossrole.server.RegistryMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
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
 * Way 2 and the registry login with the real programs, against a crossrole server with its registry
 * and the seed's accounts: {@code crossrole profiles setup}, then the AWS CLI v1 through the
 * profile; {@code crossrole ecr login}, then skopeo; skopeo fetching its login from {@code
 * docker-credential-crossrole}; and the helper's protocol as docker speaks it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProfilesAndRegistryIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ROLE_ARN = "arn:aws:iam::111111111111:role/OURTHINGBUILDROLE";
  private static final String TRUST =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
          + "\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:user/builder\"},"
          + "\"Action\":\"sts:AssumeRole\","
          + "\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"some_key_build\"}}}]}";
  private static final String BUILDER =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
          + "\"Action\":\"sts:AssumeRole\",\"Resource\":\""
          + ROLE_ARN
          + "\"}]}";
  private static final String PUSH_APP =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
          + "\"Action\":[\"ecr:GetAuthorizationToken\",\"ecr:DescribeRepositories\"],"
          + "\"Resource\":\"*\"},{\"Effect\":\"Allow\",\"Action\":["
          + "\"ecr:BatchCheckLayerAvailability\",\"ecr:InitiateLayerUpload\","
          + "\"ecr:UploadLayerPart\",\"ecr:CompleteLayerUpload\",\"ecr:PutImage\","
          + "\"ecr:BatchGetImage\",\"ecr:GetDownloadUrlForLayer\"],"
          + "\"Resource\":\"arn:aws:ecr:us-east-1:111111111111:repository/ourthing/app\"}]}";

  @TempDir static Path data;
  @TempDir static Path work;
  private CrossroleServer server;
  private String registry;
  private Map<String, String> builderKeys;
  private Path image;

  private Path home;
  private Programs programs;
  private Map<String, String> files;

  @BeforeAll
  void startServerWithTheSeed() throws Exception {
    server =
        CrossroleServer.start(
            SeedServer.seedAccounts(data).registry(new RegistryMode.Auto()).build());
    registry = server.registryUrl().orElseThrow().getAuthority();
    Programs admin =
        new Programs(
            Map.of(
                "HOME", data.toString(),
                "AWS_CONFIG_FILE", data.resolve("config").toString(),
                "AWS_SHARED_CREDENTIALS_FILE", data.resolve("credentials").toString()));
    admin("ours", admin, "ecr", "create-repository", "--repository-name", "ourthing/app");
    admin("build", admin, "iam", "create-user", "--user-name", "builder");
    admin(
        "build",
        admin,
        "iam",
        "put-user-policy",
        "--user-name",
        "builder",
        "--policy-name",
        "assume",
        "--policy-document",
        BUILDER);
    JsonNode key =
        admin("build", admin, "iam", "create-access-key", "--user-name", "builder")
            .get("AccessKey");
    builderKeys =
        Map.of(
            "AWS_ACCESS_KEY_ID", key.get("AccessKeyId").asText(),
            "AWS_SECRET_ACCESS_KEY", key.get("SecretAccessKey").asText());
    admin(
        "ours",
        admin,
        "iam",
        "create-role",
        "--role-name",
        "OURTHINGBUILDROLE",
        "--assume-role-policy-document",
        TRUST);
    admin(
        "ours",
        admin,
        "iam",
        "put-role-policy",
        "--role-name",
        "OURTHINGBUILDROLE",
        "--policy-name",
        "push-app",
        "--policy-document",
        PUSH_APP);
    image = TinyImage.write(work.resolve("tiny"), "v1");
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  private static JsonNode admin(String profile, Programs admin, String... args) throws Exception {
    Programs.Result r =
        admin.aws(Map.of(), Programs.prefixed("--profile", Programs.prefixed(profile, args)));
    assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.err()).isZero();
    return r.out().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.out());
  }

  @BeforeEach
  void userFiles() throws Exception {
    home = Files.createTempDirectory(work, "home");
    files =
        Map.of(
            "HOME", home.toString(),
            "AWS_CONFIG_FILE", home.resolve("aws/config").toString(),
            "AWS_SHARED_CREDENTIALS_FILE", home.resolve("aws/credentials").toString(),
            "CROSSROLE_CACHE_DIR", home.resolve("cache").toString());
    programs = new Programs(files);
  }

  /** {@code crossrole profiles setup --profile build … MORE} with the builder's keys. */
  private Programs.Result setup(String... more) {
    return setupWith("some_key_build", more);
  }

  private Programs.Result setupWith(String externalId, String... more) {
    List<String> args =
        new ArrayList<>(List.of("--region", "us-east-1", "--endpoint-url", server.endpoint()));
    args.addAll(List.of(more));
    return programs.crossrole(builderKeys, setupArgs(externalId, args.toArray(String[]::new)));
  }

  /** {@code profiles setup --profile build --role-arn ROLE --external-id ID MORE}. */
  private static String[] setupArgs(String externalId, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "profiles",
                "setup",
                "--profile",
                "build",
                "--role-arn",
                ROLE_ARN,
                "--external-id",
                externalId));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private Programs.Result setupOk(String... more) {
    Programs.Result r = setup(more);
    assertThat(r.exitCode()).as(r.err()).isZero();
    return r;
  }

  @Test
  void profilesSetup_fromEnv_awsCliAssumesTheRoleAndCallsEcr() throws Exception {
    setupOk("--from-env");

    Programs.Result identity =
        programs.aws(Map.of(), "--profile", "build", "sts", "get-caller-identity");
    Programs.Result repositories =
        programs.aws(
            Map.of(),
            "--profile",
            "build",
            "ecr",
            "describe-repositories",
            "--repository-names",
            "ourthing/app");

    assertThat(identity.exitCode()).as(identity.err()).isZero();
    assertThat(JSON.readTree(identity.out()).get("Arn").asText())
        .startsWith("arn:aws:sts::111111111111:assumed-role/OURTHINGBUILDROLE/");
    assertThat(repositories.exitCode()).as(repositories.err()).isZero();
    assertThat(JSON.readTree(repositories.out()).at("/repositories/0/repositoryName").asText())
        .isEqualTo("ourthing/app");
  }

  @Test
  void profilesSetup_runTwice_secondChangesNoByteAndOtherProfilesCommentsKept() throws Exception {
    String config =
        "# written by hand\n[default]\nregion = eu-west-1\n\n; dev\n[profile dev]\n"
            + "s3 =\n  addressing_style = path\nmystery = 42\n[services local]\n"
            + "ecr =\n  endpoint_url = http://127.0.0.1:1\n";
    String credentials = "[dev]\naws_access_key_id = AKIADEV\naws_secret_access_key = devsecret\n";
    Files.createDirectories(home.resolve("aws"));
    Files.writeString(home.resolve("aws/config"), config);
    Files.writeString(home.resolve("aws/credentials"), credentials);

    Programs.Result first = setupOk("--from-env");
    byte[] configAfter = Files.readAllBytes(home.resolve("aws/config"));
    byte[] credentialsAfter = Files.readAllBytes(home.resolve("aws/credentials"));
    Programs.Result second = setupOk("--from-env");

    assertThat(first.out()).contains("updated " + home.resolve("aws/config"));
    assertThat(second.out())
        .isEqualTo(
            "unchanged "
                + home.resolve("aws/config")
                + "\nunchanged "
                + home.resolve("aws/credentials")
                + "\n");
    assertThat(Files.readAllBytes(home.resolve("aws/config"))).isEqualTo(configAfter);
    assertThat(Files.readAllBytes(home.resolve("aws/credentials"))).isEqualTo(credentialsAfter);
    String written = new String(configAfter, StandardCharsets.UTF_8);
    assertThat(written)
        .startsWith(config)
        .endsWith(
            "\n[profile build]\nrole_arn = "
                + ROLE_ARN
                + "\nsource_profile = build-source\nexternal_id = some_key_build\n"
                + "region = us-east-1\nendpoint_url = "
                + server.endpoint()
                + "\n");
    assertThat(new String(credentialsAfter, StandardCharsets.UTF_8))
        .isEqualTo(
            credentials
                + "\n[build-source]\naws_access_key_id = "
                + builderKeys.get("AWS_ACCESS_KEY_ID")
                + "\naws_secret_access_key = "
                + builderKeys.get("AWS_SECRET_ACCESS_KEY")
                + "\n");
  }

  @Test
  void profilesSetup_changedExternalId_onlyThatLineChanges() throws Exception {
    setupOk("--from-env");
    String before = Files.readString(home.resolve("aws/config"));

    Programs.Result rotated = setupWith("rotated", "--from-env");

    assertThat(rotated.exitCode()).as(rotated.err()).isZero();
    assertThat(Files.readString(home.resolve("aws/config")))
        .isEqualTo(before.replace("external_id = some_key_build", "external_id = rotated"));
  }

  @Test
  void profilesSetup_defaultLocation_filesOwnerOnlyInNewOwnerOnlyDirectory() throws Exception {
    Programs inHome = new Programs(Map.of("HOME", home.toString()));

    Programs.Result r = inHome.crossrole(builderKeys, setupArgs("some_key_build", "--from-env"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(mode(home.resolve(".aws"))).isEqualTo("rwx------");
    assertThat(mode(home.resolve(".aws/config"))).isEqualTo("rw-------");
    assertThat(mode(home.resolve(".aws/credentials"))).isEqualTo("rw-------");
  }

  @Test
  void profilesSetup_existingLooseFile_madeOwnerOnly() throws Exception {
    Files.createDirectories(home.resolve("aws"));
    Files.writeString(home.resolve("aws/credentials"), "[other]\naws_access_key_id = AKIAX\n");
    Files.setPosixFilePermissions(
        home.resolve("aws/credentials"), PosixFilePermissions.fromString("rw-r--r--"));

    setupOk("--from-env");

    assertThat(mode(home.resolve("aws/credentials"))).isEqualTo("rw-------");
    assertThat(mode(home.resolve("aws/config"))).isEqualTo("rw-------");
  }

  @Test
  void profilesSetup_noKeysAndNoSourceProfile_configurationErrorNoPromptNoFiles() {
    Programs.Result r = setup();

    assertThat(r.exitCode()).isEqualTo(5);
    assertThat(r.err())
        .startsWith("crossrole profiles setup: the source profile 'build-source' is in neither")
        .contains("--from-env");
    assertThat(home.resolve("aws/config")).doesNotExist();
    assertThat(home.resolve("aws/credentials")).doesNotExist();
  }

  @Test
  void profilesSetup_existingSourceProfile_credentialsUntouchedAndUsed() throws Exception {
    Files.createDirectories(home.resolve("aws"));
    String credentials =
        "[builder]\naws_access_key_id = "
            + builderKeys.get("AWS_ACCESS_KEY_ID")
            + "\naws_secret_access_key = "
            + builderKeys.get("AWS_SECRET_ACCESS_KEY")
            + "\n";
    Files.writeString(home.resolve("aws/credentials"), credentials);

    setupOk("--source-profile", "builder");
    Programs.Result identity =
        programs.aws(Map.of(), "--profile", "build", "sts", "get-caller-identity");

    assertThat(Files.readString(home.resolve("aws/credentials"))).isEqualTo(credentials);
    assertThat(identity.exitCode()).as(identity.err()).isZero();
    assertThat(identity.out()).contains("assumed-role/OURTHINGBUILDROLE/");
  }

  @Test
  void profilesShow_sessionKeys_secretsHiddenRestShown() throws Exception {
    Map<String, String> keys = new HashMap<>(builderKeys);
    keys.put("AWS_SESSION_TOKEN", "FQoGZXIvYXdzEXAMPLETOKENVALUE");
    assertThat(programs.crossrole(keys, setupArgs("some_key_build", "--from-env")).exitCode())
        .isZero();

    Programs.Result shown = programs.crossrole(Map.of(), "profiles", "show", "--profile", "build");

    String secret = builderKeys.get("AWS_SECRET_ACCESS_KEY");
    assertThat(shown.exitCode()).as(shown.err()).isZero();
    assertThat(shown.out())
        .contains(
            "[profile build]",
            "role_arn = " + ROLE_ARN,
            "external_id = some_key_build",
            "[build-source]",
            "aws_access_key_id = " + builderKeys.get("AWS_ACCESS_KEY_ID"),
            "aws_secret_access_key = ****" + secret.substring(secret.length() - 4),
            "aws_session_token = ****\n")
        .doesNotContain(secret, "EXAMPLETOKEN");
  }

  @Test
  void profilesShow_unknownProfile_configurationError() {
    Programs.Result r = programs.crossrole(Map.of(), "profiles", "show", "--profile", "nobody");

    assertThat(r.exitCode()).isEqualTo(5);
    assertThat(r.err()).contains("the profile 'nobody' is in neither");
  }

  @Test
  void ecrLogin_authfile_skopeoPushesAndThePasswordWasOnNoCommandLine() throws Exception {
    setupOk("--from-env");
    Path authfile = home.resolve("containers/auth.json");

    Programs.Result login =
        programs.crossrole(
            Map.of(), "ecr", "login", "--profile", "build", "--authfile", authfile.toString());
    Programs.Result push =
        skopeo(Map.of("REGISTRY_AUTH_FILE", authfile.toString()), "ourthing/app:login");

    assertThat(login.exitCode()).as(login.err()).isZero();
    assertThat(login.out()).startsWith("Login Succeeded: " + registry + " until ");
    assertThat(mode(authfile)).isEqualTo("rw-------");
    String password = password(JSON.readTree(Files.readString(authfile)));
    assertThat(push.exitCode()).as(push.err()).isZero();
    assertThat(programs.commandLines())
        .allSatisfy(command -> assertThat(String.join(" ", command)).doesNotContain(password));
    assertThat(login.out() + login.err()).doesNotContain(password);
  }

  @Test
  void ecrLogin_dockerConfig_otherEntriesAndSettingsKept() throws Exception {
    setupOk("--from-env");
    Path docker = home.resolve("docker");
    Files.createDirectories(docker);
    Files.writeString(
        docker.resolve("config.json"),
        "{\"auths\":{\"other.example\":{\"auth\":\"eDp5\"}},\"psFormat\":\"{{.ID}}\"}");

    Programs.Result login =
        programs.crossrole(
            Map.of("DOCKER_CONFIG", docker.toString()), "ecr", "login", "--profile", "build");

    assertThat(login.exitCode()).as(login.err()).isZero();
    JsonNode written = JSON.readTree(Files.readString(docker.resolve("config.json")));
    assertThat(written.at("/auths/other.example/auth").asText()).isEqualTo("eDp5");
    assertThat(written.get("psFormat").asText()).isEqualTo("{{.ID}}");
    assertThat(written.at("/auths/" + registry.replace("/", "~1") + "/auth").asText()).isNotEmpty();
    assertThat(mode(docker.resolve("config.json"))).isEqualTo("rw-------");
  }

  @Test
  void ecrLogin_wrongExternalId_refusedWithTheHint() {
    assertThat(setupWith("wrong", "--from-env").exitCode()).isZero();

    Programs.Result login =
        programs.crossrole(
            Map.of(),
            "ecr",
            "login",
            "--profile",
            "build",
            "--authfile",
            home.resolve("unused.json").toString());

    assertThat(login.exitCode()).isEqualTo(1);
    assertThat(login.err())
        .startsWith("crossrole ecr login: AccessDenied: ")
        .contains("ExternalId");
  }

  @Test
  void credentialHelper_namedInAuthJson_skopeoPushesWithItsLogin() throws Exception {
    setupOk("--from-env");
    Path authfile = home.resolve("helper-auth.json");
    Files.writeString(authfile, "{\"credHelpers\":{\"" + registry + "\":\"crossrole\"}}");

    Programs.Result push =
        skopeo(
            Map.of(
                "REGISTRY_AUTH_FILE",
                authfile.toString(),
                "AWS_PROFILE",
                "build",
                "PATH",
                Programs.BIN + ":" + System.getenv("PATH")),
            "ourthing/app:helper");

    assertThat(push.exitCode()).as(push.err()).isZero();
    try (var cached = Files.list(home.resolve("cache/ecr"))) {
      List<Path> entries = cached.toList();
      assertThat(entries).hasSize(1);
      assertThat(mode(entries.get(0))).isEqualTo("rw-------");
    }
  }

  /** name, action, standard input ({@code REGISTRY} stands for the registry), exit, stdout. */
  Stream<Arguments> helperAnswers() {
    String notFound = "credentials not found in native keychain\n";
    return Stream.of(
        Arguments.of("get_registryHost_login", "get", "REGISTRY", 0, null),
        Arguments.of(
            "get_registryUrlWithSchemeAndPath_login", "get", "http://REGISTRY/v2/", 0, null),
        Arguments.of("get_unknownServer_notFoundExit1", "get", "registry.example.com", 1, notFound),
        Arguments.of(
            "get_otherAwsRegistry_notFoundExit1",
            "get",
            "333333333333.dkr.ecr.eu-west-1.amazonaws.com",
            1,
            notFound),
        Arguments.of("get_nothing_noServerUrl", "get", "\n", 1, "no credentials server URL\n"),
        Arguments.of(
            "store_credentials_acceptedAndKeptNowhere",
            "store",
            "{\"ServerURL\":\"REGISTRY\",\"Username\":\"AWS\",\"Secret\":\"given\"}",
            0,
            ""),
        Arguments.of(
            "store_noUsername_protocolError",
            "store",
            "{\"ServerURL\":\"REGISTRY\",\"Secret\":\"given\"}",
            1,
            "no credentials username\n"),
        Arguments.of(
            "store_notJson_error",
            "store",
            "REGISTRY",
            1,
            "the credentials on stdin are not JSON\n"),
        Arguments.of("erase_nothing_noServerUrl", "erase", "", 1, "no credentials server URL\n"),
        Arguments.of(
            "unknownAction_protocolError",
            "frobnicate",
            "",
            1,
            "Unknown credential action `frobnicate`\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("helperAnswers")
  void credentialHelper(String name, String action, String stdin, int exit, String stdout)
      throws Exception {
    setupOk("--from-env");

    Programs.Result r = helper(action, stdin.replace("REGISTRY", registry));

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(exit);
    if (stdout != null) {
      assertThat(r.out()).isEqualTo(stdout);
    } else {
      JsonNode login = JSON.readTree(r.out());
      assertThat(login.get("ServerURL").asText()).isEqualTo(stdin.replace("REGISTRY", registry));
      assertThat(login.get("Username").asText()).isEqualTo("AWS");
      assertThat(login.get("Secret").asText()).isNotBlank();
    }
  }

  @Test
  void credentialHelper_getGetListEraseGet_cachedUntilErasedThenFresh() throws Exception {
    setupOk("--from-env");

    String first = secret(helper("get", registry));
    String second = secret(helper("get", registry));
    Programs.Result listed = helper("list", "");
    Programs.Result erased = helper("erase", registry);
    Programs.Result listedAfter = helper("list", "");
    String third = secret(helper("get", registry));

    assertThat(second).isEqualTo(first);
    assertThat(JSON.readTree(listed.out()).get(registry).asText()).isEqualTo("AWS");
    assertThat(erased.exitCode()).as(erased.out()).isZero();
    assertThat(JSON.readTree(listedAfter.out()).has(registry)).isFalse();
    assertThat(third).isNotEqualTo(first);
  }

  @Test
  void credentialHelper_cachedLoginOtherEndpoint_notReused() throws Exception {
    setupOk("--from-env");
    secret(helper("get", registry));

    Programs.Result elsewhere =
        programs.run(
            Map.of("AWS_PROFILE", "build", "AWS_ENDPOINT_URL_ECR", "http://127.0.0.1:9"),
            registry,
            Programs.BIN.resolve("docker-credential-crossrole").toString(),
            "get");

    assertThat(elsewhere.exitCode()).isEqualTo(1);
    assertThat(elsewhere.out()).isEqualTo("credentials not found in native keychain\n");
    assertThat(elsewhere.err()).contains("the endpoint did not answer");
  }

  /** {@code docker-credential-crossrole ACTION} as the build profile, as docker runs it. */
  private Programs.Result helper(String action, String stdin) {
    return programs.run(
        Map.of("AWS_PROFILE", "build"),
        stdin,
        Programs.BIN.resolve("docker-credential-crossrole").toString(),
        action);
  }

  private static String secret(Programs.Result get) throws Exception {
    assertThat(get.exitCode()).as(get.out() + get.err()).isZero();
    return JSON.readTree(get.out()).get("Secret").asText();
  }

  private Programs.Result skopeo(Map<String, String> env, String repositoryAndTag) {
    return programs.run(
        env,
        "",
        "skopeo",
        "--insecure-policy",
        "copy",
        "--dest-tls-verify=false",
        "oci:" + image + ":v1",
        "docker://" + registry + "/111111111111/" + repositoryAndTag);
  }

  private String password(JsonNode authFile) {
    String auth = authFile.at("/auths/" + registry + "/auth").asText();
    String pair = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
    assertThat(pair).startsWith("AWS:");
    return pair.substring("AWS:".length());
  }

  private static String mode(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
