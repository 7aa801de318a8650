package dev.crossrole.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossrole.core.Account;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A registry token request is decided in the request context an API call of the same client gets:
 * {@code aws:SourceIp} is the client's address and {@code aws:SecureTransport} whether the request
 * came over TLS, in identity and repository policies alike, and the trail's event names the same
 * address. Two servers, one over plain HTTP and one with {@code --tls self-signed}; on each, OUR
 * users log in with {@code aws ecr get-login-password} and ask the token endpoint for pull.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryTokenContextTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OURS = "111111111111";
  private static final String PULL =
      "\"ecr:BatchGetImage\",\"ecr:GetDownloadUrlForLayer\",\"ecr:BatchCheckLayerAvailability\"";

  private static final String LOGIN_ONLY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
          + "\"Action\":\"ecr:GetAuthorizationToken\",\"Resource\":\"*\"}]}";

  /** Each user's identity policy: a login, and pull on ourthing/app under a condition, or not. */
  private static final Map<String, String> USERS =
      Map.of(
          "loopback", identityPolicy("{\"IpAddress\":{\"aws:SourceIp\":\"127.0.0.1/32\"}}"),
          "elsewhere", identityPolicy("{\"IpAddress\":{\"aws:SourceIp\":\"192.0.2.0/24\"}}"),
          "tlsonly", identityPolicy("{\"Bool\":{\"aws:SecureTransport\":\"true\"}}"),
          "repouser", LOGIN_ONLY);

  /** Repositories whose own policy grants repouser pull from one address range. */
  private static final Map<String, String> REPOSITORY_POLICIES =
      Map.of(
          "ourthing/near", repositoryPolicy("127.0.0.1/32"),
          "ourthing/far", repositoryPolicy("192.0.2.0/24"));

  @TempDir static Path plainData;
  @TempDir static Path tlsData;
  private Node plain;
  private Node tls;

  /**
   * A running server, the AWS CLI set up for it, the variables and the HTTP client that trust it,
   * and the registry password of each user that logged in so far.
   */
  private record Node(
      CrossroleServer server,
      AwsCli aws,
      Map<String, String> trust,
      HttpClient http,
      Map<String, String> passwords) {

    /** {@code user}'s password from {@code aws ecr get-login-password}, with a key made once. */
    String password(String user) throws Exception {
      if (!passwords.containsKey(user)) {
        Map<String, String> keys = new HashMap<>(new IamSetup(aws, "ours").createAccessKey(user));
        keys.putAll(trust);
        AwsCli.Result password = aws.withKeys(keys, server.endpoint(), "ecr", "get-login-password");
        assertThat(password.exitCode()).as(password.err()).isZero();
        passwords.put(user, password.out().trim());
      }
      return passwords.get(user);
    }
  }

  @BeforeAll
  void startServers() throws Exception {
    CrossroleServer plainServer = CrossroleServer.start(config(plainData).build());
    plain = prepare(plainServer, plainData, Map.of(), HttpClient.newHttpClient());
    CrossroleServer tlsServer =
        CrossroleServer.start(config(tlsData).tls(new TlsMode.SelfSigned()).build());
    SSLContext trusting = SSLContext.getInstance("TLS");
    trusting.init(null, TestCertificates.trustManagers(tlsData.resolve("ca.pem")), null);
    tls =
        prepare(
            tlsServer,
            tlsData,
            Map.of("AWS_CA_BUNDLE", tlsData.resolve("ca.pem").toString()),
            HttpClient.newBuilder().sslContext(trusting).build());
    assertThat(tls.server().endpoint()).startsWith("https://127.0.0.1:");
    assertThat(plain.server().endpoint()).startsWith("http://127.0.0.1:");
  }

  @AfterAll
  void stopServers() {
    for (Node node : new Node[] {plain, tls}) {
      if (node != null) {
        node.server().close();
      }
    }
  }

  private static ServerConfig.Builder config(Path data) {
    return ServerConfig.builder(data)
        .port(0)
        .account(new Account("ours", OURS))
        // A registry elsewhere: the token endpoint answers without a registry running.
        .registry(new RegistryMode.External(URI.create("http://127.0.0.1:5999")));
  }

  /** The repositories and users every case may need, made through the AWS CLI. */
  private static Node prepare(
      CrossroleServer server, Path data, Map<String, String> trust, HttpClient http)
      throws Exception {
    AwsCli aws = new AwsCli(data);
    aws.ok("--profile", "ours", "ecr", "create-repository", "--repository-name", "ourthing/app");
    for (Map.Entry<String, String> repository : REPOSITORY_POLICIES.entrySet()) {
      aws.ok(
          "--profile",
          "ours",
          "ecr",
          "create-repository",
          "--repository-name",
          repository.getKey());
      aws.ok(
          "--profile",
          "ours",
          "ecr",
          "set-repository-policy",
          "--repository-name",
          repository.getKey(),
          "--policy-text",
          repository.getValue());
    }
    IamSetup ours = new IamSetup(aws, "ours");
    for (Map.Entry<String, String> user : USERS.entrySet()) {
      ours.createUser(user.getKey()).putUserPolicy(user.getKey(), "registry", user.getValue());
    }
    return new Node(server, aws, trust, http, new HashMap<>());
  }

  static Stream<Arguments> decisions() {
    return Stream.of(
        Arguments.of("identityPolicy_sourceIpLoopback_pullGranted", false, "loopback", "app", true),
        Arguments.of("identityPolicy_sourceIpOtherRange_refused", false, "elsewhere", "app", false),
        Arguments.of(
            "repositoryPolicy_sourceIpLoopback_pullGranted", false, "repouser", "near", true),
        Arguments.of(
            "repositoryPolicy_sourceIpOtherRange_refused", false, "repouser", "far", false),
        Arguments.of("secureTransportTrue_plainHttp_refused", false, "tlsonly", "app", false),
        Arguments.of(
            "secureTransportTrue_tlsSelfSigned_pullGranted", true, "tlsonly", "app", true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decisions")
  void tokenRequest_policyCondition_decidedOnTheRequestsContext(
      String name, boolean overTls, String user, String repository, boolean granted)
      throws Exception {
    Node node = overTls ? tls : plain;
    String path = OURS + "/ourthing/" + repository;

    JsonNode access = tokenAccess(node, user, path);

    assertThat(access.toString())
        .isEqualTo(
            "[{\"type\":\"repository\",\"name\":\""
                + path
                + "\",\"actions\":"
                + (granted ? "[\"pull\"]" : "[]")
                + "}]");
  }

  @Test
  void tokenRequest_auditEvent_sourceIpAddressOfTheClient() throws Exception {
    for (Node node : List.of(plain, tls)) {
      tokenAccess(node, "loopback", OURS + "/ourthing/app");
    }

    List<JsonNode> events = new ArrayList<>();
    for (Node node : List.of(plain, tls)) {
      JsonNode found =
          node.aws()
              .ok(
                  "--profile",
                  "ours",
                  "cloudtrail",
                  "lookup-events",
                  "--lookup-attributes",
                  "AttributeKey=EventName,AttributeValue=GetRegistryToken");
      for (JsonNode event : found.get("Events")) {
        events.add(JSON.readTree(event.get("CloudTrailEvent").asText()));
      }
    }

    assertThat(events)
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.get("sourceIPAddress").asText()).isEqualTo("127.0.0.1"));
  }

  /**
   * The access list of the token {@code user} gets for pull on {@code repository}, logged in with a
   * password from {@code aws ecr get-login-password} as the registry's clients are.
   */
  private static JsonNode tokenAccess(Node node, String user, String repository) throws Exception {
    String basic =
        Base64.getEncoder().encodeToString(("AWS:" + node.password(user)).getBytes(UTF_8));
    HttpResponse<String> token =
        node.http()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            node.server().endpoint()
                                + "/registry/token?service=crossrole-registry&scope="
                                + URLEncoder.encode("repository:" + repository + ":pull", UTF_8)))
                    .header("Authorization", "Basic " + basic)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
    String jwt = JSON.readTree(token.body()).get("token").asText();
    return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1])).get("access");
  }

  private static String identityPolicy(String condition) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
        + "\"Action\":\"ecr:GetAuthorizationToken\",\"Resource\":\"*\"},"
        + "{\"Effect\":\"Allow\",\"Action\":["
        + PULL
        + "],\"Resource\":\"arn:aws:ecr:us-east-1:"
        + OURS
        + ":repository/ourthing/app\",\"Condition\":"
        + condition
        + "}]}";
  }

  private static String repositoryPolicy(String range) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"fromOneRange\","
        + "\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
        + OURS
        + ":user/repouser\"},\"Action\":["
        + PULL
        + "],\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\""
        + range
        + "\"}}}]}";
  }
}
