package dev.crossrole.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code --registry auto|off|URL}: which registry the server has, and the child's lifetime. */
class RegistryModesTest {
  private static final String APP = "111111111111/ourthing/app";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path data;
  @TempDir Path work;

  private static TableAuthorizer authorizer() {
    return new TableAuthorizer(
        Map.of("pw-good", Instant.now().plus(1, ChronoUnit.HOURS)),
        Map.of(APP, Set.of("pull", "push")));
  }

  static Stream<Arguments> parses() {
    return Stream.of(
        Arguments.of("parse_auto_auto", "auto", new RegistryMode.Auto()),
        Arguments.of("parse_offUpperCase_off", "OFF", new RegistryMode.Off()),
        Arguments.of(
            "parse_httpUrl_external",
            "http://registry.example:5000",
            new RegistryMode.External(URI.create("http://registry.example:5000"))),
        Arguments.of(
            "parse_httpsUrl_external",
            "https://registry.example",
            new RegistryMode.External(URI.create("https://registry.example"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parses")
  void parse_text_mode(String name, String text, RegistryMode expected) {
    assertThat(RegistryMode.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badModes")
  void parse_badText_refused(String name, String text) {
    assertThatThrownBy(() -> RegistryMode.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  static Stream<Arguments> badModes() {
    return Stream.of(
        Arguments.of("parse_word_refused", "on"),
        Arguments.of("parse_ftpUrl_refused", "ftp://registry.example"),
        Arguments.of("parse_noHost_refused", "http:///v2"),
        Arguments.of("parse_empty_refused", ""));
  }

  @Test
  void off_noRegistryAndNoTokenEndpoint() throws Exception {
    try (CrossroleServer server =
        CrossroleServer.start(
            ServerConfig.builder(data).port(0).registry(new RegistryMode.Off()).build(),
            authorizer())) {
      assertThat(server.registryUrl()).isEmpty();
      assertThat(server.registryImages()).isEmpty();
      assertThat(server.registryProcesses()).isEmpty();
      HttpResponse<String> r = get(server.endpoint() + "/registry/token");
      assertThat(r.statusCode()).isNotEqualTo(200);
      assertThat(r.body()).doesNotContain("\"token\"");
      assertThat(data.resolve("registry")).doesNotExist();
    }
  }

  @Test
  void auto_binaryNotOnPath_runsWithoutRegistry() throws Exception {
    try (CrossroleServer server =
        CrossroleServer.start(
            ServerConfig.builder(data)
                .port(0)
                .environment(Map.of("PATH", work.toString()))
                .registry(new RegistryMode.Auto())
                .build(),
            authorizer())) {
      assertThat(server.registryUrl()).isEmpty();
      assertThat(get(server.endpoint() + "/health").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void auto_serverClosed_registryStops() throws Exception {
    List<ProcessHandle> processes;
    URI registry;
    try (CrossroleServer server =
        CrossroleServer.start(
            ServerConfig.builder(data).port(0).registry(new RegistryMode.Auto()).build(),
            authorizer())) {
      registry = server.registryUrl().orElseThrow();
      processes = server.registryProcesses();
      assertThat(processes).hasSizeGreaterThanOrEqualTo(2).allMatch(ProcessHandle::isAlive);
      assertThat(get(registry + "/v2/").statusCode()).isEqualTo(401);
      // The child's arguments name files, never a secret.
      for (ProcessHandle p : processes) {
        assertThat(p.info().arguments().map(List::of).orElse(List.of()))
            .allSatisfy(a -> assertThat(a).doesNotContain("BEGIN", "secret"));
      }
    }
    assertThat(processes).noneMatch(ProcessHandle::isAlive);
    assertThatThrownBy(() -> get(registry + "/v2/")).isInstanceOf(IOException.class);
  }

  @Test
  void auto_restart_sameSigningCertificate() throws Exception {
    String first;
    try (CrossroleServer server =
        CrossroleServer.start(
            ServerConfig.builder(data).port(0).registry(new RegistryMode.Auto()).build(),
            authorizer())) {
      assertThat(server.registryUrl()).isPresent();
      first = Files.readString(data.resolve("registry/token-signing.pem"));
    }
    try (CrossroleServer server =
        CrossroleServer.start(
            ServerConfig.builder(data).port(0).registry(new RegistryMode.Auto()).build(),
            authorizer())) {
      assertThat(server.registryUrl()).isPresent();
      assertThat(Files.readString(data.resolve("registry/token-signing.pem"))).isEqualTo(first);
    }
  }

  @Test
  void url_registryConfiguredByRegistrySetup_skopeoPushesThroughIt() throws Exception {
    int crossrolePort = ExternalRegistry.freePort();
    URI registryUrl = URI.create("http://127.0.0.1:" + ExternalRegistry.freePort());
    ServerConfig config =
        ServerConfig.builder(data)
            .port(crossrolePort)
            .registry(new RegistryMode.External(registryUrl))
            .build();
    Path certificate = work.resolve("elsewhere/token.pem");
    String yaml =
        RegistrySetup.configure(
            config,
            URI.create("http://127.0.0.1:" + crossrolePort + "/registry/token"),
            registryUrl.getAuthority(),
            work.resolve("elsewhere/storage"),
            certificate,
            RegistrySetup.Events.NONE);
    Path configFile = work.resolve("elsewhere/config.yml");
    Files.writeString(configFile, yaml);
    assertThat(yaml).contains("rootcertbundle", "crossrole-registry", "enabled: true");
    assertThat(yaml).doesNotContain("notifications", "Bearer");

    try (ExternalRegistry registry =
            ExternalRegistry.start(
                configFile, work.resolve("elsewhere/registry.log"), registryUrl);
        CrossroleServer server = CrossroleServer.start(config, authorizer())) {
      assertThat(server.registryUrl()).contains(registryUrl);
      assertThat(Files.readString(data.resolve("registry/token-signing.pem")))
          .isEqualTo(Files.readString(certificate));
      OciImage image = OciImage.write(work.resolve("image"), "v1", "elsewhere\n");

      Skopeo.Result push =
          new Skopeo(work).push(image, registry.authority() + "/" + APP + ":1", "pw-good");

      assertThat(push.exitCode()).as(push.output()).isZero();
      assertThat(server.registryImages().orElseThrow().images(APP))
          .singleElement()
          .satisfies(i -> assertThat(i.digest()).isEqualTo(image.manifestDigest()));
    }
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
