package dev.crossrole.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crossrole.core.Account;
import dev.crossrole.server.internal.registry.RegistryImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry behind crossrole end to end: the server starts the real {@code docker-registry} as
 * its child with token authentication, and the real {@code skopeo} pushes and pulls through
 * crossrole's token endpoint, getting only the scopes the (test) authorizer grants.
 */
class RegistrySkopeoTest {
  static final String GOOD = "good-password";
  static final String EXPIRED = "expired-password";
  static final String APP = "111111111111/ourthing/app";

  @TempDir static Path data;
  @TempDir static Path work;
  static CrossroleServer server;
  static String registry;
  static Skopeo skopeo;

  @BeforeAll
  static void start() {
    TableAuthorizer authorizer =
        new TableAuthorizer(
            Map.of(
                GOOD, Instant.now().plus(1, ChronoUnit.HOURS),
                EXPIRED, Instant.now().minus(1, ChronoUnit.MINUTES)),
            Map.of(
                APP,
                Set.of("pull", "push"),
                "111111111111/ourthing/crud",
                Set.of("pull", "push"),
                "111111111111/ourthing/readonly",
                Set.of("pull")));
    server =
        CrossroleServer.start(
            ServerConfig.builder(data)
                .port(0)
                .account(new Account("ours", "111111111111"))
                .registry(new RegistryMode.Auto())
                .build(),
            authorizer);
    registry = server.registryUrl().orElseThrow().getAuthority();
    skopeo = new Skopeo(work);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void push_grantedRepository_pulledBackByDigestAndListedWithIt() throws Exception {
    OciImage image = OciImage.write(work.resolve("app-image"), "v1", "hello from crossrole\n");

    Skopeo.Result push = skopeo.push(image, registry + "/" + APP + ":1", GOOD);
    assertThat(push.exitCode()).as(push.output()).isZero();

    Skopeo.Result pull =
        skopeo.pull(
            registry + "/" + APP + "@" + image.manifestDigest(), work.resolve("pulled"), GOOD);
    assertThat(pull.exitCode()).as(pull.output()).isZero();
    String index = Files.readString(work.resolve("pulled/index.json"));
    assertThat(index).contains(image.manifestDigest());

    RegistryImages images = server.registryImages().orElseThrow();
    List<RegistryImages.Image> listed = images.images(APP);
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).digest()).isEqualTo(image.manifestDigest());
    assertThat(listed.get(0).tags()).containsExactly("1");
    assertThat(listed.get(0).sizeInBytes()).isEqualTo(image.size());
    assertThat(listed.get(0).manifestMediaType()).isEqualTo(OciImage.MANIFEST_TYPE);
    assertThat(listed.get(0).artifactMediaType()).contains(OciImage.CONFIG_TYPE);
    assertThat(images.manifest(APP, "1").orElseThrow().body()).isEqualTo(image.manifest());
  }

  @Test
  void push_repositoryNotGranted_refused() throws Exception {
    OciImage image = OciImage.write(work.resolve("other-image"), "v1", "not for other\n");

    Skopeo.Result push = skopeo.push(image, registry + "/111111111111/ourthing/other:1", GOOD);

    assertThat(push.exitCode()).isNotZero();
    assertThat(push.output()).containsIgnoringCase("denied");
    assertThat(server.registryImages().orElseThrow().images("111111111111/ourthing/other"))
        .isEmpty();
  }

  @Test
  void push_pullOnlyRepository_refused() throws Exception {
    OciImage image = OciImage.write(work.resolve("ro-image"), "v1", "read only\n");

    Skopeo.Result push = skopeo.push(image, registry + "/111111111111/ourthing/readonly:1", GOOD);

    assertThat(push.exitCode()).isNotZero();
    assertThat(server.registryImages().orElseThrow().images("111111111111/ourthing/readonly"))
        .isEmpty();
  }

  @Test
  void push_expiredLogin_refused() throws Exception {
    OciImage image = OciImage.write(work.resolve("expired-image"), "v1", "too late\n");

    Skopeo.Result push = skopeo.push(image, registry + "/" + APP + ":expired", EXPIRED);

    assertThat(push.exitCode()).isNotZero();
    assertThat(push.output()).containsIgnoringCase("unauthorized");
    assertThat(server.registryImages().orElseThrow().manifest(APP, "expired")).isEmpty();
  }

  @Test
  void push_wrongPassword_refused() throws Exception {
    OciImage image = OciImage.write(work.resolve("wrong-image"), "v1", "who am I\n");

    Skopeo.Result push = skopeo.push(image, registry + "/" + APP + ":wrong", "not-the-password");

    assertThat(push.exitCode()).isNotZero();
    assertThat(push.output()).containsIgnoringCase("unauthorized");
  }

  @Test
  void registryImages_putTagThenDelete_tagsFollowTheManifest() throws Exception {
    String repo = "111111111111/ourthing/crud";
    OciImage image = OciImage.write(work.resolve("crud-image"), "v1", "put and delete\n");
    // The blobs get there by a push; the manifest calls are what ECR's PutImage and
    // BatchDeleteImage make.
    RegistryImages images = server.registryImages().orElseThrow();
    Skopeo.Result push = skopeo.push(image, registry + "/" + repo + ":1", GOOD);
    assertThat(push.exitCode()).as(push.output()).isZero();

    String digest =
        images.putManifest(repo, Optional.of("2"), OciImage.MANIFEST_TYPE, image.manifest());

    assertThat(digest).isEqualTo(image.manifestDigest());
    assertThat(images.manifest(repo, "2").orElseThrow().digest()).isEqualTo(digest);
    assertThat(images.images(repo))
        .singleElement()
        .satisfies(i -> assertThat(i.tags()).containsExactly("1", "2"));

    images.deleteManifest(repo, digest);

    assertThat(images.manifest(repo, digest)).isEmpty();
    assertThat(images.manifest(repo, "1")).isEmpty();
    assertThat(images.images(repo)).isEmpty();
  }

  @Test
  void registryChild_runsWhileServerRuns() {
    assertThat(server.registryProcesses()).isNotEmpty().allMatch(ProcessHandle::isAlive);
    assertThat(data.resolve("registry/registry.log")).exists();
    assertThat(data.resolve("registry/token-signing.pem")).exists();
  }
}
