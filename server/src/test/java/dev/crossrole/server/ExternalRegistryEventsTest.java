package dev.crossrole.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossrole.core.Account;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
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
 * A registry run elsewhere ({@code --registry URL}), started from the YAML {@link RegistrySetup}
 * gives {@code crossrole registry-config}, posts its push events to the server with the stored
 * events secret: a push is recorded at the event's time before ECR lists anything, and
 * DescribeImages answers that time. Events without that secret are refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExternalRegistryEventsTest {
  private static final String ACCOUNT = "111111111111";
  private static final String REPOSITORY = "ourthing/app";
  private static final String EVENTS_TYPE = "application/vnd.docker.distribution.events.v1+json";
  private static final Duration EVENT_WAIT = Duration.ofSeconds(30);

  @TempDir static Path data;
  @TempDir static Path work;

  private final HttpClient http = HttpClient.newHttpClient();
  private URI eventsUrl;
  private String secret;
  private ExternalRegistry registry;
  private CrossroleServer server;

  @BeforeAll
  void startRegistryThenServer() throws Exception {
    int crossrolePort = ExternalRegistry.freePort();
    URI registryUrl = URI.create("http://127.0.0.1:" + ExternalRegistry.freePort());
    ServerConfig config =
        ServerConfig.builder(data)
            .port(crossrolePort)
            .account(new Account("ours", ACCOUNT))
            .registry(new RegistryMode.External(registryUrl))
            .build();
    String yaml =
        RegistrySetup.configure(
            config,
            URI.create("http://127.0.0.1:" + crossrolePort + "/registry/token"),
            registryUrl.getAuthority(),
            work.resolve("elsewhere/storage"),
            work.resolve("elsewhere/token.pem"),
            RegistrySetup.Events.POSTED);
    eventsUrl = URI.create("http://127.0.0.1:" + crossrolePort + "/registry/events");
    Matcher bearer = Pattern.compile("Bearer ([A-Za-z0-9_-]{40,})").matcher(yaml);
    assertThat(bearer.find()).as(yaml).isTrue();
    secret = bearer.group(1);
    Path configFile =
        Files.createFile(
            work.resolve("elsewhere/config.yml"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(configFile, yaml);

    registry =
        ExternalRegistry.start(configFile, work.resolve("elsewhere/registry.log"), registryUrl);
    server =
        CrossroleServer.start(
            config,
            new TableAuthorizer(
                Map.of("pw-good", Instant.now().plus(1, ChronoUnit.HOURS)),
                Map.of(ACCOUNT + "/" + REPOSITORY, Set.of("pull", "push"))));
    new AwsCli(data)
        .ok("--profile", "ours", "ecr", "create-repository", "--repository-name", REPOSITORY);
  }

  @AfterAll
  void stopServerThenRegistry() throws Exception {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      if (registry != null) {
        registry.close();
      }
    }
  }

  @Test
  void skopeoPush_toExternalRegistry_recordedFromItsEventAndDescribedAtThatTime() throws Exception {
    OciImage image = OciImage.write(work.resolve("pushed"), "v1", "told by a registry elsewhere\n");
    Instant pushStarted = Instant.now();

    Skopeo.Result push =
        new Skopeo(Files.createDirectories(work.resolve("skopeo-home")))
            .push(image, registry.authority() + "/" + ACCOUNT + "/" + REPOSITORY + ":1", "pw-good");
    Instant pushEnded = Instant.now();

    assertThat(push.exitCode()).as(push.output()).isZero();
    // Nothing has listed the repository: only the registry's event can have recorded the push,
    // and it was stamped while the push ran.
    Optional<Instant> recorded = awaitRecorded(image.manifestDigest());
    assertThat(recorded).as("push event recorded within %s", EVENT_WAIT).isPresent();
    assertThat(recorded.get()).isBetween(pushStarted, pushEnded);
    JsonNode described =
        new AwsCli(data)
            .ok(
                "--profile",
                "ours",
                "ecr",
                "describe-images",
                "--repository-name",
                REPOSITORY,
                "--image-ids",
                "imageTag=1");
    JsonNode detail = described.at("/imageDetails/0");
    assertThat(detail.get("imageDigest").asText()).isEqualTo(image.manifestDigest());
    assertThat(epochMillis(detail.get("imagePushedAt")))
        .isEqualTo(recorded.get().truncatedTo(ChronoUnit.MILLIS).toEpochMilli());
    // The registry logs its endpoints' headers at info, so the YAML has it log warnings only.
    assertThat(Files.readString(work.resolve("elsewhere/registry.log"))).doesNotContain(secret);
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of("post_noAuthorization_unauthorized", Optional.empty(), 'a'),
        Arguments.of("post_wrongSecret_unauthorized", Optional.of("Bearer not-the-secret"), 'b'),
        Arguments.of("post_secretWithoutBearer_unauthorized", Optional.of("SECRET"), 'c'));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void events_withoutTheStoredSecret_refusedAndNotRecorded(
      String name, Optional<String> authorization, char hex) throws Exception {
    String digest = "sha256:" + String.valueOf(hex).repeat(64);

    HttpResponse<Void> r =
        post(pushEvent(digest), authorization.map(a -> a.replace("SECRET", secret)));

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(server.imagePushes(ACCOUNT, REPOSITORY)).doesNotContainKey(digest);
  }

  @Test
  void events_storedSecret_recordedAtTheEventTime() throws Exception {
    String digest = "sha256:" + "e".repeat(64);

    HttpResponse<Void> r = post(pushEvent(digest), Optional.of("Bearer " + secret));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(server.imagePushes(ACCOUNT, REPOSITORY))
        .containsEntry(digest, Instant.parse("2026-01-02T03:04:05.123456Z"));
  }

  /** The push time the store holds for {@code digest}, once the registry's event arrived. */
  private Optional<Instant> awaitRecorded(String digest) {
    Instant deadline = Instant.now().plus(EVENT_WAIT);
    while (true) {
      Instant at = server.imagePushes(ACCOUNT, REPOSITORY).get(digest);
      if (at != null || Instant.now().isAfter(deadline)) {
        return Optional.ofNullable(at);
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }

  private HttpResponse<Void> post(String body, Optional<String> authorization) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(eventsUrl)
            .header("Content-Type", EVENTS_TYPE)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    authorization.ifPresent(a -> request.header("Authorization", a));
    return http.send(request.build(), HttpResponse.BodyHandlers.discarding());
  }

  private static String pushEvent(String digest) {
    return "{\"events\":[{\"id\":\"e1\",\"timestamp\":\"2026-01-02T03:04:05.123456789Z\","
        + "\"action\":\"push\",\"target\":{\"mediaType\":\""
        + OciImage.MANIFEST_TYPE
        + "\",\"digest\":\""
        + digest
        + "\",\"repository\":\""
        + ACCOUNT
        + "/"
        + REPOSITORY
        + "\",\"tag\":\"x\"}}]}";
  }

  /** An epoch-seconds number as the AWS CLI prints it, in whole milliseconds. */
  private static long epochMillis(JsonNode seconds) {
    return seconds
        .decimalValue()
        .movePointRight(3)
        .setScale(0, RoundingMode.HALF_UP)
        .longValueExact();
  }
}
