package dev.crossrole.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossrole.core.Account;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The seed story's last step with real clients: the build account's {@code builder} assumes {@code
 * OURTHINGBUILDROLE} through a profile (way 2), logs in to the registry crossrole runs with {@code
 * aws ecr get-login-password} (and the seed's own {@code aws ecr get-login}) and pushes with {@code
 * skopeo} to {@code ourthing/app} — and only there. Everything goes through the AWS CLI v1, skopeo
 * and the real {@code docker-registry}; the server's clock is moved only to show an expired
 * password refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EcrSeedStoryTest {
  private static final String ROLE_ARN = "arn:aws:iam::111111111111:role/OURTHINGBUILDROLE";
  private static final String APP_ARN =
      "arn:aws:ecr:us-east-1:111111111111:repository/ourthing/app";
  private static final String TRUST =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
          + "\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:user/builder\"},"
          + "\"Action\":\"sts:AssumeRole\","
          + "\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"some_key_build\"}}}]}";
  private static final String LOGIN =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
          + "\"Action\":\"ecr:GetAuthorizationToken\",\"Resource\":\"*\"}]}";
  private static final String PUSH_APP =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":["
          + "\"ecr:BatchCheckLayerAvailability\",\"ecr:InitiateLayerUpload\","
          + "\"ecr:UploadLayerPart\",\"ecr:CompleteLayerUpload\",\"ecr:PutImage\","
          + "\"ecr:BatchGetImage\",\"ecr:GetDownloadUrlForLayer\"],"
          + "\"Resource\":\""
          + APP_ARN
          + "\"}]}";
  private static final String BUILDER =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
          + "\"Action\":\"sts:AssumeRole\",\"Resource\":\""
          + ROLE_ARN
          + "\"},{\"Effect\":\"Allow\",\"Action\":\"ecr:GetAuthorizationToken\","
          + "\"Resource\":\"*\"}]}";
  private static final String OUTSIDER =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":["
          + "\"ecr:GetAuthorizationToken\",\"ecr:BatchGetImage\","
          + "\"ecr:GetDownloadUrlForLayer\",\"ecr:BatchCheckLayerAvailability\"],"
          + "\"Resource\":\"*\"}]}";
  private static final String SHARE_WITH_OTHER =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"pull\",\"Effect\":\"Allow\","
          + "\"Principal\":{\"AWS\":\"arn:aws:iam::333333333333:root\"},\"Action\":["
          + "\"ecr:BatchGetImage\",\"ecr:GetDownloadUrlForLayer\","
          + "\"ecr:BatchCheckLayerAvailability\"]}]}";

  @TempDir static Path data;
  @TempDir static Path work;
  private final OffsetClock clock = new OffsetClock();
  private CrossroleServer server;
  private AwsCli aws;
  private AwsCli way2;
  private Skopeo skopeo;
  private String registry;
  private OciImage app;
  private Instant pushStarted;
  private Skopeo.Result firstPush;
  private Map<String, String> builderKeys;

  @BeforeAll
  void setUp() throws Exception {
    server =
        CrossroleServer.start(
            ServerConfig.builder(data)
                .port(0)
                .account(new Account("ours", "111111111111"))
                .account(new Account("build", "222222222222"))
                .account(new Account("other", "333333333333"))
                .registry(new RegistryMode.Auto())
                .build(),
            clock);
    registry = server.registryUrl().orElseThrow().getAuthority();
    aws = new AwsCli(data);
    skopeo = new Skopeo(work);
    for (String repository : List.of("ourthing/app", "ourthing/other", "ourthing/tags")) {
      aws.ok("--profile", "ours", "ecr", "create-repository", "--repository-name", repository);
    }
    // The users first: a trust policy may name only users that exist, as in IAM.
    builderKeys = user("build", "builder", BUILDER);
    Map<String, String> outsiderKeys = user("other", "outsider", OUTSIDER);
    aws.ok(
        "--profile",
        "ours",
        "iam",
        "create-role",
        "--role-name",
        "OURTHINGBUILDROLE",
        "--assume-role-policy-document",
        TRUST);
    rolePolicy("ecr-login", LOGIN);
    rolePolicy("push-app", PUSH_APP);

    // Way 2: "build" is a profile that assumes the role with builder's keys and the ExternalId.
    Path home = Files.createDirectories(data.resolve("way2"));
    Files.writeString(
        home.resolve("credentials"),
        section("builder", builderKeys) + section("outsider", outsiderKeys));
    String endpoint = server.endpoint();
    Files.writeString(
        home.resolve("config"),
        "[profile builder]\nregion = us-east-1\nendpoint_url = "
            + endpoint
            + "\n\n[profile outsider]\nregion = us-east-1\nendpoint_url = "
            + endpoint
            + "\n\n[profile build]\nrole_arn = "
            + ROLE_ARN
            + "\nsource_profile = builder\nexternal_id = some_key_build\n"
            + "region = us-east-1\nendpoint_url = "
            + endpoint
            + "\n");
    way2 = new AwsCli(home);

    app = OciImage.write(work.resolve("app"), "v1", "built by builder\n");
    String password = password(way2, "--profile", "build");
    Skopeo.Result login = skopeo.login(registry, "AWS", password);
    assertThat(login.exitCode()).as(login.output()).isZero();
    pushStarted = Instant.now();
    firstPush = skopeo.pushLoggedIn(app, registry + "/111111111111/ourthing/app:1");
  }

  @AfterAll
  void tearDown() {
    server.close();
  }

  private void rolePolicy(String name, String document) throws Exception {
    aws.ok(
        "--profile",
        "ours",
        "iam",
        "put-role-policy",
        "--role-name",
        "OURTHINGBUILDROLE",
        "--policy-name",
        name,
        "--policy-document",
        document);
  }

  private Map<String, String> user(String account, String name, String policy) throws Exception {
    aws.ok("--profile", account, "iam", "create-user", "--user-name", name);
    aws.ok(
        "--profile",
        account,
        "iam",
        "put-user-policy",
        "--user-name",
        name,
        "--policy-name",
        "ecr",
        "--policy-document",
        policy);
    JsonNode key =
        aws.ok("--profile", account, "iam", "create-access-key", "--user-name", name)
            .get("AccessKey");
    return AwsCli.keys(key);
  }

  private static String section(String profile, Map<String, String> keys) {
    return "["
        + profile
        + "]\naws_access_key_id = "
        + keys.get("AWS_ACCESS_KEY_ID")
        + "\naws_secret_access_key = "
        + keys.get("AWS_SECRET_ACCESS_KEY")
        + "\n\n";
  }

  private static String password(AwsCli cli, String... profile) {
    List<String> args = new ArrayList<>(List.of(profile));
    args.addAll(List.of("ecr", "get-login-password"));
    AwsCli.Result r = cli.run(Map.of(), args.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.err()).isZero();
    return r.out().strip();
  }

  private String ref(String repository, String reference) {
    return registry
        + "/111111111111/"
        + repository
        + (reference.startsWith("sha256:") ? "@" : ":")
        + reference;
  }

  private JsonNode ours(String... args) throws Exception {
    return aws.ok(AwsCli.prefixed("--profile", "ours", args));
  }

  @Test
  void wayTwoLogin_pushToApp_pulledBackByDigestAndListedByEcr() throws Exception {
    assertThat(firstPush.exitCode()).as(firstPush.output()).isZero();

    Skopeo.Result pull =
        skopeo.pullLoggedIn(ref("ourthing/app", app.manifestDigest()), work.resolve("pulled"));
    JsonNode described =
        ours(
            "ecr",
            "describe-images",
            "--repository-name",
            "ourthing/app",
            "--image-ids",
            "imageTag=1");
    JsonNode listed = ours("ecr", "list-images", "--repository-name", "ourthing/app");
    JsonNode got =
        ours(
            "ecr",
            "batch-get-image",
            "--repository-name",
            "ourthing/app",
            "--image-ids",
            "imageDigest=" + app.manifestDigest());

    assertThat(pull.exitCode()).as(pull.output()).isZero();
    assertThat(Files.readString(work.resolve("pulled/index.json"))).contains(app.manifestDigest());
    JsonNode detail = described.at("/imageDetails/0");
    assertThat(detail.get("imageDigest").asText()).isEqualTo(app.manifestDigest());
    assertThat(detail.get("imageTags").toString()).contains("\"1\"");
    assertThat(detail.get("imageSizeInBytes").asLong()).isEqualTo(app.size());
    assertThat(detail.get("imageManifestMediaType").asText()).isEqualTo(OciImage.MANIFEST_TYPE);
    Instant pushedAt = Instant.ofEpochMilli((long) (detail.get("imagePushedAt").asDouble() * 1000));
    assertThat(pushedAt).isBetween(pushStarted.minusSeconds(2), Instant.now().plusSeconds(2));
    assertThat(listed.get("imageIds").toString())
        .contains("{\"imageDigest\":\"" + app.manifestDigest() + "\",\"imageTag\":\"1\"}");
    assertThat(got.at("/images/0/imageId/imageDigest").asText()).isEqualTo(app.manifestDigest());
    assertThat(got.at("/images/0/imageManifest").asText())
        .isEqualTo(new String(app.manifest(), java.nio.charset.StandardCharsets.UTF_8));
    assertThat(got.get("failures")).isEmpty();
  }

  @Test
  void seedGetLogin_dockerLoginLineThroughSkopeo_pushes() throws Exception {
    AwsCli.Result r =
        way2.run(Map.of(), "--profile", "build", "ecr", "get-login", "--no-include-email");
    assertThat(r.exitCode()).as(r.err()).isZero();
    Matcher line =
        Pattern.compile("docker login -u (\\S+) -p (\\S+) (\\S+)").matcher(r.out().strip());
    assertThat(line.matches()).as(r.out()).isTrue();
    OciImage image = OciImage.write(work.resolve("seed"), "v1", "the seed's own login\n");
    Skopeo seed = new Skopeo(Files.createDirectories(work.resolve("seed-home")));

    Skopeo.Result login =
        seed.login(java.net.URI.create(line.group(3)).getAuthority(), line.group(1), line.group(2));
    Skopeo.Result push = seed.pushLoggedIn(image, ref("ourthing/app", "seed"));

    assertThat(line.group(1)).isEqualTo("AWS");
    assertThat(line.group(3)).isEqualTo("http://" + registry);
    assertThat(login.exitCode()).as(login.output()).isZero();
    assertThat(push.exitCode()).as(push.output()).isZero();
    JsonNode described =
        ours(
            "ecr",
            "describe-images",
            "--repository-name",
            "ourthing/app",
            "--image-ids",
            "imageTag=seed");
    assertThat(described.at("/imageDetails/0/imageDigest").asText())
        .isEqualTo(image.manifestDigest());
  }

  /** A refused push: which password, to which repository. */
  record Refusal(String name, String repository, Login login) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** How a refusal's password is had. */
  enum Login {
    ROLE,
    OURS_ROOT,
    BUILDER_OWN_KEYS,
    EXPIRED,
    TAMPERED
  }

  Stream<Arguments> refusedPushes() {
    return Stream.of(
        Arguments.of(
            new Refusal("push_repositoryRoleMayNotPushTo_denied", "ourthing/other", Login.ROLE)),
        Arguments.of(
            new Refusal(
                "push_repositoryEcrDoesNotHave_deniedEvenToRoot",
                "ourthing/missing",
                Login.OURS_ROOT)),
        Arguments.of(
            new Refusal(
                "push_builderOwnLongTermKeys_denied", "ourthing/app", Login.BUILDER_OWN_KEYS)),
        Arguments.of(
            new Refusal("push_expiredPassword_unauthorized", "ourthing/app", Login.EXPIRED)),
        Arguments.of(
            new Refusal("push_tamperedPassword_unauthorized", "ourthing/app", Login.TAMPERED)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedPushes")
  void push_refused_nothingStored(Refusal refusal) throws Exception {
    String tag = "refused-" + refusal.login().name().toLowerCase(java.util.Locale.ROOT);
    OciImage image =
        OciImage.write(
            work.resolve(tag + "-" + refusal.repository().replace('/', '-')),
            "v1",
            refusal.name() + "\n");
    String password =
        switch (refusal.login()) {
          case ROLE, EXPIRED -> password(way2, "--profile", "build");
          case OURS_ROOT -> password(aws, "--profile", "ours");
          case BUILDER_OWN_KEYS -> password(way2, "--profile", "builder");
          case TAMPERED -> tamper(password(way2, "--profile", "build"));
        };

    Skopeo.Result push;
    if (refusal.login() == Login.EXPIRED) {
      // The role's session, and so its password, lasts an hour: two hours on, it has expired.
      clock.set(Duration.ofHours(2));
      try {
        push = skopeo.push(image, ref(refusal.repository(), tag), password);
      } finally {
        clock.set(Duration.ZERO);
      }
    } else {
      push = skopeo.push(image, ref(refusal.repository(), tag), password);
    }

    assertThat(push.exitCode()).as(push.output()).isNotZero();
    assertThat(push.output())
        .containsIgnoringCase(
            refusal.login() == Login.EXPIRED || refusal.login() == Login.TAMPERED
                ? "unauthorized"
                : "denied");
    assertThat(
            server
                .registryImages()
                .orElseThrow()
                .manifest("111111111111/" + refusal.repository(), tag))
        .isEmpty();
  }

  /** The password with one character of its sealed part changed. */
  private static String tamper(String password) {
    int i = password.length() / 2;
    char c = password.charAt(i) == 'A' ? 'B' : 'A';
    return password.substring(0, i) + c + password.substring(i + 1);
  }

  @Test
  void pull_thirdAccount_deniedUntilRepositoryPolicyGrantsIt() throws Exception {
    assertThat(firstPush.exitCode()).as(firstPush.output()).isZero();
    String password = password(way2, "--profile", "outsider");
    String source = ref("ourthing/app", app.manifestDigest());

    Skopeo.Result before = skopeo.pull(source, work.resolve("outsider-before"), password);
    ours(
        "ecr",
        "set-repository-policy",
        "--repository-name",
        "ourthing/app",
        "--policy-text",
        SHARE_WITH_OTHER);
    Skopeo.Result after;
    try {
      after = skopeo.pull(source, work.resolve("outsider-after"), password);
    } finally {
      ours("ecr", "delete-repository-policy", "--repository-name", "ourthing/app");
    }

    assertThat(before.exitCode()).as(before.output()).isNotZero();
    assertThat(before.output()).containsIgnoringCase("denied");
    assertThat(after.exitCode()).as(after.output()).isZero();
    assertThat(Files.readString(work.resolve("outsider-after/index.json")))
        .contains(app.manifestDigest());
  }

  @Test
  void login_afterRoleLostItsPushPolicy_grantsNothing() throws Exception {
    OciImage image = OciImage.write(work.resolve("lost"), "v1", "no longer allowed\n");
    ours(
        "iam",
        "delete-role-policy",
        "--role-name",
        "OURTHINGBUILDROLE",
        "--policy-name",
        "push-app");
    Skopeo.Result push;
    try {
      push = skopeo.push(image, ref("ourthing/app", "lost"), password(way2, "--profile", "build"));
    } finally {
      rolePolicy("push-app", PUSH_APP);
    }

    assertThat(push.exitCode()).as(push.output()).isNotZero();
    assertThat(push.output()).containsIgnoringCase("denied");
    assertThat(server.registryImages().orElseThrow().manifest("111111111111/ourthing/app", "lost"))
        .isEmpty();
  }

  @Test
  void batchDeleteImage_oneTagOfTwo_onlyThatTagRemoved() throws Exception {
    OciImage image = OciImage.write(work.resolve("tags"), "v1", "two tags\n");
    Skopeo root = new Skopeo(Files.createDirectories(work.resolve("root-home")));
    String password = password(aws, "--profile", "ours");
    Skopeo.Result push = root.push(image, ref("ourthing/tags", "1"), password);
    assertThat(push.exitCode()).as(push.output()).isZero();
    String manifest = new String(image.manifest(), java.nio.charset.StandardCharsets.UTF_8);
    ours(
        "ecr",
        "put-image",
        "--repository-name",
        "ourthing/tags",
        "--image-tag",
        "2",
        "--image-manifest",
        manifest);
    Instant pushedBefore = pushedAt("ourthing/tags", image.manifestDigest());

    JsonNode deleted =
        ours(
            "ecr",
            "batch-delete-image",
            "--repository-name",
            "ourthing/tags",
            "--image-ids",
            "imageTag=2");

    assertThat(deleted.get("imageIds").toString())
        .isEqualTo("[{\"imageDigest\":\"" + image.manifestDigest() + "\",\"imageTag\":\"2\"}]");
    assertThat(deleted.get("failures")).isEmpty();
    JsonNode left = ours("ecr", "describe-images", "--repository-name", "ourthing/tags");
    assertThat(left.get("imageDetails")).hasSize(1);
    assertThat(left.at("/imageDetails/0/imageDigest").asText()).isEqualTo(image.manifestDigest());
    assertThat(left.at("/imageDetails/0/imageTags").toString()).isEqualTo("[\"1\"]");
    assertThat(pushedAt("ourthing/tags", image.manifestDigest())).isEqualTo(pushedBefore);
    Skopeo.Result pull =
        root.pull(ref("ourthing/tags", "1"), work.resolve("tags-pulled"), password);
    assertThat(pull.exitCode()).as(pull.output()).isZero();
  }

  @Test
  void registryPushEvent_recordedWithoutEcrListingTheImage() throws Exception {
    OciImage image = OciImage.write(work.resolve("evented"), "v1", "told by the registry\n");
    Instant before = Instant.now();

    Skopeo.Result push = skopeo.pushLoggedIn(image, ref("ourthing/app", "evented"));

    assertThat(push.exitCode()).as(push.output()).isZero();
    // The registry posts its events after answering the push: wait for this one, boundedly.
    Instant deadline = Instant.now().plusSeconds(30);
    Map<String, Instant> pushes = server.imagePushes("111111111111", "ourthing/app");
    while (!pushes.containsKey(image.manifestDigest()) && Instant.now().isBefore(deadline)) {
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
      pushes = server.imagePushes("111111111111", "ourthing/app");
    }
    assertThat(pushes).containsKey(image.manifestDigest());
    assertThat(pushes.get(image.manifestDigest())).isBetween(before.minusSeconds(1), Instant.now());
  }

  @Test
  void registryConfig_eventsSecret_notInRegistryLog() throws Exception {
    Matcher secret =
        Pattern.compile("Bearer ([A-Za-z0-9_-]{40,})")
            .matcher(Files.readString(data.resolve("registry/config.yml")));
    assertThat(secret.find()).isTrue();

    assertThat(Files.readString(data.resolve("registry/registry.log")))
        .isNotEmpty()
        .doesNotContain(secret.group(1));
  }

  @Test
  void describeImages_tagMovedToAnotherImage_oldImageListedUntagged() throws Exception {
    Skopeo root = new Skopeo(Files.createDirectories(work.resolve("untagged-home")));
    String password = password(aws, "--profile", "ours");
    OciImage first = OciImage.write(work.resolve("untagged-1"), "v1", "first build\n");
    OciImage second = OciImage.write(work.resolve("untagged-2"), "v1", "second build\n");
    ours("ecr", "create-repository", "--repository-name", "ourthing/moving");
    Skopeo.Result push1 = root.push(first, ref("ourthing/moving", "latest"), password);
    assertThat(push1.exitCode()).as(push1.output()).isZero();
    // Listing it now records the first image even if its push event is still on its way.
    ours("ecr", "list-images", "--repository-name", "ourthing/moving");
    Skopeo.Result push2 = root.push(second, ref("ourthing/moving", "latest"), password);
    assertThat(push2.exitCode()).as(push2.output()).isZero();

    JsonNode untagged =
        ours(
            "ecr",
            "list-images",
            "--repository-name",
            "ourthing/moving",
            "--filter",
            "tagStatus=UNTAGGED");
    JsonNode tagged =
        ours(
            "ecr",
            "list-images",
            "--repository-name",
            "ourthing/moving",
            "--filter",
            "tagStatus=TAGGED");
    JsonNode deleted =
        ours(
            "ecr",
            "batch-delete-image",
            "--repository-name",
            "ourthing/moving",
            "--image-ids",
            "imageDigest=" + first.manifestDigest());

    assertThat(untagged.get("imageIds").toString())
        .isEqualTo("[{\"imageDigest\":\"" + first.manifestDigest() + "\"}]");
    assertThat(tagged.get("imageIds").toString())
        .isEqualTo(
            "[{\"imageDigest\":\"" + second.manifestDigest() + "\",\"imageTag\":\"latest\"}]");
    assertThat(deleted.get("failures")).isEmpty();
    assertThat(
            ours("ecr", "describe-images", "--repository-name", "ourthing/moving")
                .get("imageDetails")
                .findValuesAsText("imageDigest"))
        .containsExactly(second.manifestDigest());
  }

  private Instant pushedAt(String repository, String digest) throws Exception {
    JsonNode d =
        ours(
            "ecr",
            "describe-images",
            "--repository-name",
            repository,
            "--image-ids",
            "imageDigest=" + digest);
    return Instant.ofEpochMilli((long) (d.at("/imageDetails/0/imagePushedAt").asDouble() * 1000));
  }
}
