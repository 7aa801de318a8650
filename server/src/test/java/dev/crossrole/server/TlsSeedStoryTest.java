package dev.crossrole.server;

import static dev.crossrole.server.SeedSdk.EXTERNAL_ID;
import static dev.crossrole.server.SeedSdk.OURS;
import static dev.crossrole.server.SeedSdk.ROLE_ARN;
import static dev.crossrole.server.SeedSdk.ROLE_NAME;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The seed story over HTTPS with {@code --tls self-signed}: the server makes its certificate
 * authority, names it in the profiles as {@code ca_bundle}, and every client verifies the
 * certificate — the AWS CLI and boto3 through the profiles alone, the Java SDK through trust
 * managers made from {@code DIR/ca.pem} (it reads no {@code ca_bundle}), skopeo through a
 * certificate directory — while the same clients without the authority are refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsSeedStoryTest {
  private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);
  private static final String APP = "ourthing/app";
  private static final String TRUST = SeedSdk.trust(SeedSdk.BUILDER_ARN, EXTERNAL_ID);
  private static final String ROLE_POLICY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
          + "\"Action\":\"ecr:GetAuthorizationToken\",\"Resource\":\"*\"},"
          + "{\"Effect\":\"Allow\",\"Action\":[\"ecr:BatchCheckLayerAvailability\","
          + "\"ecr:InitiateLayerUpload\",\"ecr:UploadLayerPart\",\"ecr:CompleteLayerUpload\","
          + "\"ecr:PutImage\",\"ecr:BatchGetImage\",\"ecr:GetDownloadUrlForLayer\"],"
          + "\"Resource\":\"arn:aws:ecr:us-east-1:"
          + OURS
          + ":repository/"
          + APP
          + "\"}]}";
  private static final String ASSUMED = "assumed-role/" + ROLE_NAME + "/";

  @TempDir static Path data;
  @TempDir static Path work;
  private CrossroleServer server;
  private AwsCli way2;
  private Path certDir;
  private String registry;
  private AwsBasicCredentials builderKeys;

  @BeforeAll
  void setUp() throws Exception {
    server =
        CrossroleServer.start(
            SeedSdk.threeAccounts(ServerConfig.builder(data).port(0))
                .registry(new RegistryMode.Auto())
                .tls(new TlsMode.SelfSigned())
                .build());
    assertThat(server.endpoint()).startsWith("https://127.0.0.1:");
    assertThat(server.registryUrl().orElseThrow().getScheme()).isEqualTo("https");
    registry = server.registryUrl().orElseThrow().getAuthority();
    // Every step of the setup is the AWS CLI verifying the server through the profiles' ca_bundle.
    AwsCli aws = new AwsCli(data);
    aws.ok("--profile", "ours", "ecr", "create-repository", "--repository-name", APP);
    aws.ok("--profile", "build", "iam", "create-user", "--user-name", "builder");
    aws.ok(
        "--profile",
        "build",
        "iam",
        "put-user-policy",
        "--user-name",
        "builder",
        "--policy-name",
        "assume",
        "--policy-document",
        SeedSdk.mayAssume(ROLE_ARN));
    JsonNode key =
        aws.ok("--profile", "build", "iam", "create-access-key", "--user-name", "builder")
            .get("AccessKey");
    builderKeys =
        AwsBasicCredentials.create(
            key.get("AccessKeyId").asText(), key.get("SecretAccessKey").asText());
    aws.ok(
        "--profile",
        "ours",
        "iam",
        "create-role",
        "--role-name",
        ROLE_NAME,
        "--assume-role-policy-document",
        TRUST);
    aws.ok(
        "--profile",
        "ours",
        "iam",
        "put-role-policy",
        "--role-name",
        ROLE_NAME,
        "--policy-name",
        "build",
        "--policy-document",
        ROLE_POLICY);
    way2 = new AwsCli(writeWayTwo());
    certDir = Files.createDirectories(work.resolve("certs"));
    Files.copy(data.resolve("ca.pem"), certDir.resolve("ca.crt"));
  }

  /**
   * The BUILD side's profiles: {@code build} assumes the role with builder's keys and the
   * ExternalId, trusting the server's authority; {@code untrusting} is the same without it.
   */
  private Path writeWayTwo() throws IOException {
    Path home = Files.createDirectories(data.resolve("way2"));
    String endpoint = server.endpoint();
    String ca = "ca_bundle = " + data.resolve("ca.pem") + "\n";
    Files.writeString(
        home.resolve("credentials"),
        "[builder]\naws_access_key_id = "
            + builderKeys.accessKeyId()
            + "\naws_secret_access_key = "
            + builderKeys.secretAccessKey()
            + "\n");
    String role =
        "role_arn = "
            + ROLE_ARN
            + "\nsource_profile = builder\nexternal_id = "
            + EXTERNAL_ID
            + "\nregion = us-east-1\nendpoint_url = "
            + endpoint
            + "\n";
    Files.writeString(
        home.resolve("config"),
        "[profile builder]\nregion = us-east-1\nendpoint_url = "
            + endpoint
            + "\n"
            + ca
            + "\n[profile build]\n"
            + role
            + ca
            + "\n[profile untrusting]\n"
            + role);
    return home;
  }

  @AfterAll
  void tearDown() {
    if (server != null) {
      server.close();
    }
  }

  /** One client's attempt, and what it got: its answer, or its failure. */
  private interface Attempt {
    Outcome run() throws Exception;
  }

  private record Outcome(boolean succeeded, String text) {}

  /** Each client with the server's authority succeeds, and without it is refused the handshake. */
  Stream<Arguments> clients() {
    return Stream.of(
        Arguments.of(
            "awsCli_profileWithCaBundle_assumesTheRole",
            (Attempt) () -> awsCli("build"),
            new Outcome(true, ASSUMED)),
        Arguments.of(
            "boto3_profileWithCaBundle_assumesTheRole",
            (Attempt) () -> boto3("build"),
            new Outcome(true, ASSUMED)),
        Arguments.of(
            "javaSdk_trustManagersFromCaPem_iamStsAndEcr",
            (Attempt) () -> javaSdk(Optional.of(data.resolve("ca.pem"))),
            new Outcome(true, ASSUMED + "java-tls proxy https://" + registry)),
        Arguments.of(
            "skopeo_certDirWithTheCa_pushes",
            (Attempt) () -> skopeo("trusted", Optional.of(certDir)),
            new Outcome(true, "Writing manifest to image destination")),
        Arguments.of(
            "awsCli_profileWithoutCaBundle_certificateVerifyFailed",
            (Attempt) () -> awsCli("untrusting"),
            new Outcome(false, "CERTIFICATE_VERIFY_FAILED")),
        Arguments.of(
            "boto3_profileWithoutCaBundle_certificateVerifyFailed",
            (Attempt) () -> boto3("untrusting"),
            new Outcome(false, "CERTIFICATE_VERIFY_FAILED")),
        Arguments.of(
            "javaSdk_defaultTrust_pkixPathBuildingFailed",
            (Attempt) () -> javaSdk(Optional.empty()),
            new Outcome(false, "PKIX path building failed")),
        Arguments.of(
            "skopeo_systemTrustOnly_unknownAuthority",
            (Attempt) () -> skopeo("untrusted", Optional.empty()),
            new Outcome(false, "x509: certificate signed by unknown authority")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void client_withOrWithoutTheServersAuthority_verifiesTheCertificate(
      String name, Attempt attempt, Outcome expected) throws Exception {
    Outcome outcome = attempt.run();

    assertThat(outcome.succeeded()).as(outcome.text()).isEqualTo(expected.succeeded());
    assertThat(outcome.text()).contains(expected.text());
  }

  @Test
  void registryPush_eventPostedBackOverTls_recorded() throws Exception {
    OciImage image = OciImage.write(work.resolve("evented"), "v1", "pushed over TLS\n");

    Skopeo.Result push =
        new Skopeo(work)
            .pushVerifying(
                image,
                registry + "/" + OURS + "/" + APP + ":evented",
                password(),
                Optional.of(certDir));

    assertThat(push.exitCode()).as(push.output()).isZero();
    // The registry posts its events after answering the push: wait for this one, boundedly.
    Instant deadline = Instant.now().plusSeconds(30);
    Map<String, Instant> pushes = server.imagePushes(OURS, APP);
    while (!pushes.containsKey(image.manifestDigest()) && Instant.now().isBefore(deadline)) {
      Thread.onSpinWait();
      pushes = server.imagePushes(OURS, APP);
    }
    assertThat(pushes).containsKey(image.manifestDigest());
  }

  private Outcome awsCli(String profile) {
    // One attempt: the CLI retries a failed handshake, which would fail alike.
    AwsCli.Result r =
        way2.run(
            Map.of("AWS_MAX_ATTEMPTS", "1"), "--profile", profile, "sts", "get-caller-identity");
    return new Outcome(r.exitCode() == 0, r.exitCode() == 0 ? r.out() : r.err());
  }

  private Outcome boto3(String profile) throws IOException, InterruptedException {
    Path home = data.resolve("way2");
    JsonNode printed =
        Boto3.runScript(
            data,
            "/boto3/tls_identity.py",
            SCRIPT_TIMEOUT,
            Map.of(
                "AWS_CONFIG_FILE",
                home.resolve("config").toString(),
                "AWS_SHARED_CREDENTIALS_FILE",
                home.resolve("credentials").toString(),
                "CROSSROLE_PROFILE",
                profile,
                "AWS_MAX_ATTEMPTS",
                "1"));
    return printed.has("arn")
        ? new Outcome(true, printed.get("arn").asText())
        : new Outcome(false, printed.path("sslError").asText(printed.toString()));
  }

  /**
   * IAM as our root, STS as the builder assuming the role, ECR and STS as the session: with trust
   * managers holding {@code ca}, or with the JDK's default trust.
   */
  private Outcome javaSdk(Optional<Path> ca) throws Exception {
    UrlConnectionHttpClient.Builder builder = UrlConnectionHttpClient.builder();
    if (ca.isPresent()) {
      TrustManager[] trust = TestCertificates.trustManagers(ca.get());
      builder.tlsTrustManagersProvider(() -> trust);
    }
    try (SdkHttpClient http = builder.build()) {
      URI endpoint = URI.create(server.endpoint());
      AwsCredentialsProvider ours = SeedSdk.profileKeys(data, "ours");
      String role;
      try (IamClient iam =
          IamClient.builder()
              .endpointOverride(endpoint)
              .region(Region.US_EAST_1)
              .credentialsProvider(ours)
              .httpClient(http)
              .build()) {
        role = iam.getRole(r -> r.roleName(ROLE_NAME)).role().arn();
      } catch (SdkClientException e) {
        return new Outcome(false, messages(e));
      }
      AwsCredentialsProvider session;
      try (StsClient sts = sts(endpoint, SeedSdk.provider(builderKeys), http)) {
        session =
            SeedSdk.provider(
                SeedSdk.session(
                    sts.assumeRole(
                        r -> r.roleArn(role).roleSessionName("java-tls").externalId(EXTERNAL_ID))));
      }
      String proxy;
      try (EcrClient ecr =
          EcrClient.builder()
              .endpointOverride(endpoint)
              .region(Region.US_EAST_1)
              .credentialsProvider(session)
              .httpClient(http)
              .build()) {
        proxy = ecr.getAuthorizationToken().authorizationData().get(0).proxyEndpoint();
      }
      try (StsClient sts = sts(endpoint, session, http)) {
        return new Outcome(true, sts.getCallerIdentity().arn() + " proxy " + proxy);
      }
    }
  }

  private static StsClient sts(URI endpoint, AwsCredentialsProvider keys, SdkHttpClient http) {
    return StsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(keys)
        .httpClient(http)
        .build();
  }

  /** A push of a fresh image to {@code ourthing/app}, tagged {@code tag}. */
  private Outcome skopeo(String tag, Optional<Path> trusted) throws Exception {
    OciImage image = OciImage.write(work.resolve("image-" + tag), "v1", "built for " + tag + "\n");
    Skopeo.Result push =
        new Skopeo(work)
            .pushVerifying(
                image, registry + "/" + OURS + "/" + APP + ":" + tag, password(), trusted);
    return new Outcome(push.exitCode() == 0, push.output());
  }

  /**
   * The build side's registry password, through the role, as {@code aws ecr get-login-password}.
   */
  private String password() {
    AwsCli.Result r = way2.run(Map.of(), "--profile", "build", "ecr", "get-login-password");
    assertThat(r.exitCode()).as(r.err()).isZero();
    return r.out().strip();
  }

  private static String messages(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append('\n');
    }
    return all.toString();
  }
}
