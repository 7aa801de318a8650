package dev.crossrole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crossrole registry-config} (the YAML, with or without the events secret, and the
 * certificate) and {@code crossrole server --registry}'s argument checks.
 */
class RegistryConfigCommandTest {
  @TempDir Path data;

  @Test
  void registryConfig_defaults_yamlTheRealRegistryStartsWith() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }

    Cli.Result r =
        Cli.run(
            "registry-config",
            "--data",
            data.toString(),
            "--realm",
            "http://127.0.0.1:4747/registry/token",
            "--listen",
            "127.0.0.1:" + port);

    assertThat(r.exitCode()).as(r.err()).isZero();
    Path certificate = data.resolve("registry/token-signing.pem");
    assertThat(r.out())
        .contains(
            "realm: \"http://127.0.0.1:4747/registry/token\"",
            "service: \"crossrole-registry\"",
            "issuer: \"crossrole\"",
            "rootcertbundle: \"" + certificate.toAbsolutePath() + "\"",
            "addr: \"127.0.0.1:" + port + "\"",
            "url: \"http://127.0.0.1:4747/registry/events\"");
    assertThat(Files.readString(certificate)).startsWith("-----BEGIN CERTIFICATE-----");

    Path config = data.resolve("registry.yml");
    Files.writeString(config, r.out());
    Process registry =
        new ProcessBuilder("docker-registry", "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(data.resolve("registry.log").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    try {
      assertThat(firstAnswer(registry, "http://127.0.0.1:" + port + "/v2/")).isEqualTo(401);
    } finally {
      registry.destroy();
      registry.waitFor(15, TimeUnit.SECONDS);
    }
  }

  @Test
  void registryConfig_runTwice_sameCertificate() throws Exception {
    assertThat(Cli.run("registry-config", "--data", data.toString()).exitCode()).isZero();
    String first = Files.readString(data.resolve("registry/token-signing.pem"));

    Cli.Result again =
        Cli.run(
            "registry-config",
            "--data",
            data.toString(),
            "--certificate",
            data.resolve("copy.pem").toString());

    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(Files.readString(data.resolve("copy.pem"))).isEqualTo(first);
  }

  @Test
  void registryConfig_realm_notificationsBesideTheRealmWithTheSecret() {
    Cli.Result r =
        Cli.run(
            "registry-config",
            "--data",
            data.toString(),
            "--realm",
            "https://crossrole.example:8443/registry/token");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(
            "notifications:\n"
                + "  endpoints:\n"
                + "    - name: \"crossrole\"\n"
                + "      url: \"https://crossrole.example:8443/registry/events\"\n"
                + "      headers:\n"
                + "        Authorization:\n"
                + "          - \"Bearer ")
        .contains("  level: \"warn\"\n");
    assertThat(secret(r.out())).hasSizeGreaterThanOrEqualTo(43);
    assertThat(r.err()).isEmpty();
  }

  @Test
  void registryConfig_runTwice_sameYamlAndEventsSecret() {
    Cli.Result first = Cli.run("registry-config", "--data", data.toString());

    Cli.Result again = Cli.run("registry-config", "--data", data.toString());

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(secret(again.out())).isEqualTo(secret(first.out()));
    assertThat(again.out()).isEqualTo(first.out());
  }

  @Test
  void registryConfig_noEvents_noNotificationsAndNoSecret() {
    Cli.Result withEvents = Cli.run("registry-config", "--data", data.toString());

    Cli.Result r = Cli.run("registry-config", "--data", data.toString(), "--no-events");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("realm: ", "rootcertbundle: ", "  level: \"info\"\n")
        .doesNotContain("notifications", "Bearer", secret(withEvents.out()));
  }

  @Test
  void registryConfig_output_ownerOnlyFileWithTheYamlAndNothingOnStdout() throws Exception {
    Cli.Result printed = Cli.run("registry-config", "--data", data.toString());
    Path file = data.resolve("conf").resolve("registry.yml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "an older configuration");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    Cli.Result r =
        Cli.run("registry-config", "--data", data.toString(), "--output", file.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEmpty();
    assertThat(Files.readString(file)).isEqualTo(printed.out());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    try (var left = Files.list(file.getParent())) {
      assertThat(left).containsExactly(file);
    }
  }

  @Test
  void registryConfig_outputInMissingDirectory_errorNamingTheFileAndNoSecret() {
    Cli.Result printed = Cli.run("registry-config", "--data", data.toString());
    Path file = data.resolve("missing").resolve("registry.yml");

    Cli.Result r =
        Cli.run("registry-config", "--data", data.toString(), "--output", file.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .startsWith("crossrole registry-config: cannot write " + file)
        .doesNotContain(secret(printed.out()));
    assertThat(file).doesNotExist();
  }

  @Test
  void registryConfig_help_saysTheOutputHoldsASecretAndHowToLeaveItOut() {
    Cli.Result r = Cli.run("registry-config", "--help");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("secret", "--no-events", "--output", "/registry/events");
  }

  @Test
  void server_badRegistryMode_usageError() {
    Cli.Result r = Cli.run("server", "--data", data.toString(), "--registry", "sometimes");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Invalid --registry 'sometimes'");
  }

  /** The events secret a registry configuration holds. */
  private static String secret(String yaml) {
    Matcher bearer =
        Pattern.compile("Authorization:\n *- \"Bearer ([A-Za-z0-9_-]+)\"\n").matcher(yaml);
    assertThat(bearer.find()).as(yaml).isTrue();
    return bearer.group(1);
  }

  /** The status of the first answer at {@code url}, waiting while nothing listens there yet. */
  private static int firstAnswer(Process registry, String url) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      assertThat(registry.isAlive()).as("docker-registry exited").isTrue();
      try {
        return http.send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.discarding())
            .statusCode();
      } catch (java.net.ConnectException notYet) {
        registry.waitFor(20, TimeUnit.MILLISECONDS);
      }
    }
    throw new AssertionError("docker-registry did not listen within 30 s");
  }
}
