package dev.crossrole.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The registry token endpoint over HTTP: Docker's token protocol and its OAuth2 form, the access
 * each scope gets, the refusals, and the claims of the tokens it signs.
 */
class RegistryTokenEndpointTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String APP = "111111111111/ourthing/app";
  private static final String READONLY = "111111111111/ourthing/readonly";

  @TempDir static Path data;
  static CrossroleServer server;
  static HttpClient http = HttpClient.newHttpClient();
  static Instant shortLoginExpiry = Instant.now().plus(90, ChronoUnit.SECONDS);

  @BeforeAll
  static void start() {
    server =
        CrossroleServer.start(
            ServerConfig.builder(data)
                .port(0)
                // A registry elsewhere: the endpoint needs no running registry to sign tokens.
                .registry(new RegistryMode.External(URI.create("http://127.0.0.1:5999")))
                .build(),
            new TableAuthorizer(
                Map.of(
                    "pw-good", Instant.now().plus(1, ChronoUnit.HOURS),
                    "pw-short", shortLoginExpiry,
                    "pw-expired", Instant.now().minus(1, ChronoUnit.SECONDS)),
                Map.of(APP, Set.of("pull", "push"), READONLY, Set.of("pull"))));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A request and what it must get: the status and, for 200s, the access list's JSON. */
  record Case(
      String name,
      String method,
      String query,
      Optional<String> authorization,
      Optional<String> form,
      int status,
      String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Optional<String> basic(String user, String password) {
    return Optional.of(
        "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(UTF_8)));
  }

  private static String scope(String... scopes) {
    StringBuilder q = new StringBuilder("service=crossrole-registry");
    for (String s : scopes) {
      q.append("&scope=").append(URLEncoder.encode(s, UTF_8));
    }
    return q.toString();
  }

  static Stream<Case> cases() {
    Optional<String> good = basic("AWS", "pw-good");
    return Stream.of(
        new Case(
            "get_pushAndPullGranted_bothActions",
            "GET",
            scope("repository:" + APP + ":pull,push"),
            good,
            Optional.empty(),
            200,
            "[{\"type\":\"repository\",\"name\":\"" + APP + "\",\"actions\":[\"pull\",\"push\"]}]"),
        new Case(
            "get_pushOnPullOnlyRepository_pullOnly",
            "GET",
            scope("repository:" + READONLY + ":push,pull"),
            good,
            Optional.empty(),
            200,
            "[{\"type\":\"repository\",\"name\":\"" + READONLY + "\",\"actions\":[\"pull\"]}]"),
        new Case(
            "get_repositoryNotGranted_noActions",
            "GET",
            scope("repository:111111111111/ourthing/other:pull,push"),
            good,
            Optional.empty(),
            200,
            "[{\"type\":\"repository\",\"name\":\"111111111111/ourthing/other\",\"actions\":[]}]"),
        new Case(
            "get_catalogScope_noActions",
            "GET",
            scope("registry:catalog:*"),
            good,
            Optional.empty(),
            200,
            "[{\"type\":\"registry\",\"name\":\"catalog\",\"actions\":[]}]"),
        new Case(
            "get_invalidRepositoryName_noActions",
            "GET",
            scope("repository:111111111111/Our/App:pull"),
            good,
            Optional.empty(),
            200,
            "[{\"type\":\"repository\",\"name\":\"111111111111/Our/App\",\"actions\":[]}]"),
        new Case(
            "get_unknownActionsOnly_noActions",
            "GET",
            scope("repository:" + APP + ":fly"),
            good,
            Optional.empty(),
            200,
            "[{\"type\":\"repository\",\"name\":\"" + APP + "\",\"actions\":[]}]"),
        new Case(
            "get_twoScopeParameters_eachDecided",
            "GET",
            scope("repository:" + APP + ":pull", "repository:" + READONLY + ":pull,push"),
            good,
            Optional.empty(),
            200,
            "[{\"type\":\"repository\",\"name\":\""
                + APP
                + "\",\"actions\":[\"pull\"]},"
                + "{\"type\":\"repository\",\"name\":\""
                + READONLY
                + "\",\"actions\":[\"pull\"]}]"),
        new Case(
            "get_spaceSeparatedScopes_eachDecided",
            "GET",
            scope("repository:" + APP + ":push repository:" + READONLY + ":push"),
            good,
            Optional.empty(),
            200,
            "[{\"type\":\"repository\",\"name\":\""
                + APP
                + "\",\"actions\":[\"push\"]},"
                + "{\"type\":\"repository\",\"name\":\""
                + READONLY
                + "\",\"actions\":[]}]"),
        new Case(
            "get_noScope_emptyAccess",
            "GET",
            "service=crossrole-registry",
            good,
            Optional.empty(),
            200,
            "[]"),
        new Case(
            "post_passwordGrant_token",
            "POST",
            "",
            Optional.empty(),
            Optional.of(
                "grant_type=password&username=AWS&password=pw-good&service=crossrole-registry"
                    + "&client_id=skopeo&scope="
                    + URLEncoder.encode("repository:" + APP + ":pull", UTF_8)),
            200,
            "[{\"type\":\"repository\",\"name\":\"" + APP + "\",\"actions\":[\"pull\"]}]"),
        new Case(
            "get_noAuthorization_unauthorized",
            "GET",
            scope("repository:" + APP + ":pull"),
            Optional.empty(),
            Optional.empty(),
            401,
            ""),
        new Case(
            "get_bearerAuthorization_unauthorized",
            "GET",
            scope("repository:" + APP + ":pull"),
            Optional.of("Bearer abc"),
            Optional.empty(),
            401,
            ""),
        new Case(
            "get_malformedBasic_unauthorized",
            "GET",
            scope("repository:" + APP + ":pull"),
            Optional.of("Basic %%%not-base64"),
            Optional.empty(),
            401,
            ""),
        new Case(
            "get_basicWithoutColon_unauthorized",
            "GET",
            scope("repository:" + APP + ":pull"),
            Optional.of("Basic " + Base64.getEncoder().encodeToString("AWS".getBytes(UTF_8))),
            Optional.empty(),
            401,
            ""),
        new Case(
            "get_wrongUser_unauthorized",
            "GET",
            scope("repository:" + APP + ":pull"),
            basic("admin", "pw-good"),
            Optional.empty(),
            401,
            ""),
        new Case(
            "get_wrongPassword_unauthorized",
            "GET",
            scope("repository:" + APP + ":pull"),
            basic("AWS", "pw-bad"),
            Optional.empty(),
            401,
            ""),
        new Case(
            "get_expiredLogin_unauthorized",
            "GET",
            scope("repository:" + APP + ":pull"),
            basic("AWS", "pw-expired"),
            Optional.empty(),
            401,
            ""),
        new Case(
            "get_otherService_badRequest",
            "GET",
            "service=registry.docker.io&scope=repository:" + APP + ":pull",
            good,
            Optional.empty(),
            400,
            ""),
        new Case(
            "get_malformedScope_badRequest",
            "GET",
            scope("repository"),
            good,
            Optional.empty(),
            400,
            ""),
        new Case(
            "post_refreshTokenGrant_badRequest",
            "POST",
            "",
            Optional.empty(),
            Optional.of("grant_type=refresh_token&refresh_token=x&service=crossrole-registry"),
            400,
            ""),
        new Case(
            "post_passwordGrantWrongPassword_unauthorized",
            "POST",
            "",
            Optional.empty(),
            Optional.of("grant_type=password&username=AWS&password=pw-bad"),
            401,
            ""),
        new Case("put_anything_methodNotAllowed", "PUT", "", good, Optional.of("x"), 405, ""));
  }

  private static HttpResponse<String> send(Case c) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
            URI.create(
                server.endpoint()
                    + "/registry/token"
                    + (c.query().isEmpty() ? "" : "?" + c.query())));
    c.authorization().ifPresent(a -> request.header("Authorization", a));
    if (c.form().isPresent()) {
      request.header("Content-Type", "application/x-www-form-urlencoded");
      request.method(c.method(), HttpRequest.BodyPublishers.ofString(c.form().get()));
    } else {
      request.method(c.method(), HttpRequest.BodyPublishers.noBody());
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode part(String jwt, int index) throws Exception {
    return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void tokenEndpoint_request_expectedAnswer(Case c) throws Exception {
    HttpResponse<String> r = send(c);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(c.status());
    JsonNode body = JSON.readTree(r.body());
    if (c.status() == 200) {
      assertThat(body.get("access_token").asText()).isEqualTo(body.get("token").asText());
      JsonNode claims = part(body.get("token").asText(), 1);
      assertThat(claims.get("access")).isEqualTo(JSON.readTree(c.expected()));
      assertThat(claims.get("sub").asText()).isEqualTo(TableAuthorizer.BUILDER);
    } else {
      assertThat(body.path("errors").path(0).path("code").asText()).isNotEmpty();
      assertThat(body.path("errors").path(0).path("message").asText()).isNotEmpty();
      // A refusal never echoes a password.
      assertThat(r.body()).doesNotContain("pw-");
      if (c.status() == 401) {
        assertThat(body.path("errors").path(0).path("code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(r.headers().firstValue("WWW-Authenticate"))
            .hasValueSatisfying(v -> assertThat(v).startsWith("Basic realm="));
      }
    }
  }

  @Test
  void token_claims_whatDistributionVerifies() throws Exception {
    HttpResponse<String> r =
        send(cases().filter(c -> c.name().startsWith("get_pushAndPull")).findFirst().orElseThrow());
    JsonNode body = JSON.readTree(r.body());
    String token = body.get("token").asText();
    JsonNode header = part(token, 0);
    JsonNode claims = part(token, 2 - 1);

    assertThat(header.get("alg").asText()).isEqualTo("ES256");
    assertThat(header.get("kid").asText()).matches("([A-Z2-7]{4}:){11}[A-Z2-7]{4}");
    assertThat(claims.get("iss").asText()).isEqualTo("crossrole");
    // distribution 2.8 reads aud as one string, not a list.
    assertThat(claims.get("aud").isTextual()).isTrue();
    assertThat(claims.get("aud").asText()).isEqualTo("crossrole-registry");
    assertThat(claims.get("jti").asText()).isNotEmpty();
    long iat = claims.get("iat").asLong();
    assertThat(claims.get("nbf").asLong()).isEqualTo(iat);
    assertThat(claims.get("exp").asLong() - iat).isEqualTo(300);
    assertThat(body.get("expires_in").asLong()).isEqualTo(300);
    assertThat(Instant.parse(body.get("issued_at").asText()).getEpochSecond()).isEqualTo(iat);
  }

  @Test
  void token_loginExpiresSooner_tokenEndsWithTheLogin() throws Exception {
    HttpResponse<String> r =
        send(
            new Case(
                "short",
                "GET",
                scope("repository:" + APP + ":pull"),
                basic("AWS", "pw-short"),
                Optional.empty(),
                200,
                ""));
    JsonNode claims = part(JSON.readTree(r.body()).get("token").asText(), 1);

    assertThat(claims.get("exp").asLong()).isLessThanOrEqualTo(shortLoginExpiry.getEpochSecond());
    assertThat(JSON.readTree(r.body()).get("expires_in").asLong()).isBetween(1L, 90L);
  }

  @Test
  void token_twoRequests_distinctTokenIds() throws Exception {
    Case c = cases().findFirst().orElseThrow();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      ids.add(part(JSON.readTree(send(c).body()).get("token").asText(), 1).get("jti").asText());
    }
    assertThat(ids.get(0)).isNotEqualTo(ids.get(1));
  }
}
