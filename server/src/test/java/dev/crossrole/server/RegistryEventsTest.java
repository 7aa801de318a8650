package dev.crossrole.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crossrole.core.Account;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The endpoint the registry crossrole runs posts its events to: only requests with the secret of
 * the registry's configuration are read, and only manifest pushes to well-formed repository paths
 * are recorded, at the event's time. Whatever else arrives gets a status, never a 500.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryEventsTest {
  private static final String TYPE = "application/vnd.docker.distribution.events.v1+json";
  private static final String OCI = "application/vnd.oci.image.manifest.v1+json";

  @TempDir static Path data;
  private CrossroleServer server;
  private String secret;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void setUp() throws Exception {
    server =
        CrossroleServer.start(
            ServerConfig.builder(data)
                .port(0)
                .account(new Account("ours", "111111111111"))
                .registry(new RegistryMode.Auto())
                .build());
    new AwsCli(data)
        .run(
            Map.of(),
            "--profile",
            "ours",
            "ecr",
            "create-repository",
            "--repository-name",
            "ourthing/events");
    Matcher m =
        Pattern.compile("Bearer ([A-Za-z0-9_-]+)")
            .matcher(Files.readString(data.resolve("registry/config.yml")));
    assertThat(m.find()).isTrue();
    secret = m.group(1);
  }

  @AfterAll
  void tearDown() {
    server.close();
  }

  private static String event(String action, String mediaType, String repository, String digest) {
    return "{\"events\":[{\"id\":\"e1\",\"timestamp\":\"2026-01-02T03:04:05.123456789Z\","
        + "\"action\":\""
        + action
        + "\",\"target\":{\"mediaType\":\""
        + mediaType
        + "\",\"digest\":\""
        + digest
        + "\",\"repository\":\""
        + repository
        + "\",\"tag\":\"1\"}}]}";
  }

  private static String digest(char c) {
    return "sha256:" + String.valueOf(c).repeat(64);
  }

  static Stream<Arguments> requests() {
    String repo = "111111111111/ourthing/events";
    return Stream.of(
        Arguments.of(
            "post_manifestPush_recordedAtEventTime",
            "POST",
            Optional.of("SECRET"),
            event("push", OCI, repo, digest('1')),
            200,
            Optional.of(digest('1'))),
        Arguments.of(
            "post_noAuthorization_unauthorized",
            "POST",
            Optional.empty(),
            event("push", OCI, repo, digest('2')),
            401,
            Optional.empty()),
        Arguments.of(
            "post_wrongSecret_unauthorized",
            "POST",
            Optional.of("not-the-secret"),
            event("push", OCI, repo, digest('3')),
            401,
            Optional.empty()),
        Arguments.of(
            "get_withSecret_methodNotAllowed",
            "GET",
            Optional.of("SECRET"),
            "",
            405,
            Optional.empty()),
        Arguments.of(
            "post_malformedJson_badRequest",
            "POST",
            Optional.of("SECRET"),
            "{\"events\":",
            400,
            Optional.empty()),
        Arguments.of(
            "post_eventsNotAList_badRequest",
            "POST",
            Optional.of("SECRET"),
            "{\"events\":{}}",
            400,
            Optional.empty()),
        Arguments.of(
            "post_blobPush_ignored",
            "POST",
            Optional.of("SECRET"),
            event("push", "application/octet-stream", repo, digest('4')),
            200,
            Optional.empty()),
        Arguments.of(
            "post_pull_ignored",
            "POST",
            Optional.of("SECRET"),
            event("pull", OCI, repo, digest('5')),
            200,
            Optional.empty()),
        Arguments.of(
            "post_digestNotSha256Hex_ignored",
            "POST",
            Optional.of("SECRET"),
            event("push", OCI, repo, "sha256:../../etc"),
            200,
            Optional.empty()),
        Arguments.of(
            "post_repositoryWithoutAccount_ignored",
            "POST",
            Optional.of("SECRET"),
            event("push", OCI, "ourthing/events", digest('6')),
            200,
            Optional.empty()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void events_request_statusAndRecorded(
      String name,
      String method,
      Optional<String> bearer,
      String body,
      int status,
      Optional<String> recorded)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.endpoint() + "/registry/events"))
            .header("Content-Type", TYPE)
            .method(
                method,
                body.isEmpty()
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    bearer.ifPresent(
        b -> request.header("Authorization", "Bearer " + (b.equals("SECRET") ? secret : b)));

    HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(status);
    Map<String, Instant> pushes = server.imagePushes("111111111111", "ourthing/events");
    if (recorded.isPresent()) {
      assertThat(pushes)
          .containsEntry(recorded.get(), Instant.parse("2026-01-02T03:04:05.123456Z"));
    } else {
      assertThat(pushes.keySet()).doesNotContain(digest('2'), digest('3'), digest('4'));
      assertThat(pushes.keySet()).doesNotContain(digest('5'), digest('6'), "sha256:../../etc");
    }
  }
}
