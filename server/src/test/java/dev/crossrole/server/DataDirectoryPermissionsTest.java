package dev.crossrole.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.crossrole.core.Account;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything under {@code --data} is its owner's only: a data directory an older version left 0755
 * with a 0644 file in it, then the server started with its registry child and an image pushed — the
 * master key, profiles, H2 file, the registry's configuration, log and stored layers all end up
 * with no permission for the group or others.
 */
class DataDirectoryPermissionsTest {
  private static final String PASSWORD = "good-password";
  private static final String APP = "111111111111/ourthing/app";
  private static final Set<PosixFilePermission> GROUP_AND_OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  @TempDir static Path root;
  static Path data;
  static Path work;
  static CrossroleServer server;

  @BeforeAll
  static void start() throws Exception {
    // The parent stays traversable, as a home directory usually is, so only the data directory's
    // own permissions keep other users out.
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
    data = root.resolve("data");
    work = Files.createDirectory(root.resolve("work"));
    Files.createDirectory(data, PosixFilePermissions.asFileAttribute(rwx("rwxr-xr-x")));
    Path old = data.resolve("registry");
    Files.createDirectory(old, PosixFilePermissions.asFileAttribute(rwx("rwxr-xr-x")));
    Files.writeString(old.resolve("registry.log"), "left by an older version\n");
    Files.setPosixFilePermissions(old.resolve("registry.log"), rwx("rw-r--r--"));

    server =
        CrossroleServer.start(
            ServerConfig.builder(data)
                .port(0)
                .account(new Account("ours", "111111111111"))
                .registry(new RegistryMode.Auto())
                .build(),
            new TableAuthorizer(
                Map.of(PASSWORD, Instant.now().plus(1, ChronoUnit.HOURS)),
                Map.of(APP, Set.of("pull", "push"))));
    Skopeo skopeo = new Skopeo(work);
    OciImage image = OciImage.write(work.resolve("image"), "v1", "private layer\n");
    String registry = server.registryUrl().orElseThrow().getAuthority();
    Skopeo.Result push = skopeo.push(image, registry + "/" + APP + ":1", PASSWORD);
    assertThat(push.exitCode()).as(push.output()).isZero();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void everythingUnderData_afterStartAndPush_isTheOwnersOnly() throws IOException {
    List<Path> all = everything(data);
    assertThat(all)
        .contains(
            data.resolve("master.key"),
            data.resolve("credentials"),
            data.resolve("config"),
            data.resolve("crossrole.mv.db"),
            data.resolve("registry/config.yml"),
            data.resolve("registry/registry.log"),
            data.resolve("registry/storage"));
    assertThat(all)
        .as("the pushed layers are stored")
        .anyMatch(p -> p.toString().contains("/storage/docker/registry/v2/blobs/sha256/"));
    List<String> open = new ArrayList<>();
    for (Path p : all) {
      Set<PosixFilePermission> permissions =
          Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
      if (permissions.stream().anyMatch(GROUP_AND_OTHERS::contains)) {
        open.add(data.relativize(p) + " " + PosixFilePermissions.toString(permissions));
      }
    }
    assertThat(open).as("paths the group or others may use").isEmpty();
    assertThat(Files.getPosixFilePermissions(data)).isEqualTo(rwx("rwx------"));
  }

  @Test
  void anotherLocalUser_cannotReadTheStoreOrTheLayers() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run as nobody");
    assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runuser")), "needs runuser");
    Path layer;
    try (Stream<Path> files = Files.walk(data.resolve("registry/storage"))) {
      layer =
          files
              .filter(p -> p.getFileName().toString().equals("data") && Files.isRegularFile(p))
              .findFirst()
              .orElseThrow();
    }
    for (Path file : List.of(data.resolve("crossrole.mv.db"), layer, data.resolve("credentials"))) {
      Process cat =
          new ProcessBuilder("/usr/sbin/runuser", "-u", "nobody", "--", "cat", file.toString())
              .redirectErrorStream(true)
              .start();
      assertThat(cat.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String output = new String(cat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(cat.exitValue()).as(file + ": " + output).isNotZero();
      assertThat(output).contains("Permission denied");
    }
  }

  private static List<Path> everything(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths.toList();
    }
  }

  private static Set<PosixFilePermission> rwx(String text) {
    return PosixFilePermissions.fromString(text);
  }
}
