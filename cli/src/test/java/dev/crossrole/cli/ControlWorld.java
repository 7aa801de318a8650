package dev.crossrole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossrole.core.Account;
import dev.crossrole.server.CrossroleServer;
import dev.crossrole.server.RegistryMode;
import dev.crossrole.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The seed's accounts on a real server (with its registry when asked), set up with the AWS CLI as
 * both admins would: BUILD's user {@code builder} may assume any role of OUR account; each test
 * makes its own role trusting the builder with an ExternalId. The operator's commands run as {@code
 * bin/crossrole} with OUR account's profile from the server's files.
 */
final class ControlWorld implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String OURS = "111111111111";
  static final String BUILDER_ARN = "arn:aws:iam::222222222222:user/builder";

  private final CrossroleServer server;
  private final Path data;
  private final Programs admin;
  private final AwsBasicCredentials builderKeys;

  private ControlWorld(CrossroleServer server, Path data) {
    this.server = server;
    this.data = data;
    this.admin =
        new Programs(
            Map.of(
                "HOME", data.toString(),
                "AWS_CONFIG_FILE", data.resolve("config").toString(),
                "AWS_SHARED_CREDENTIALS_FILE", data.resolve("credentials").toString()));
    adminAws("build", "iam", "create-user", "--user-name", "builder");
    adminAws(
        "build",
        "iam",
        "put-user-policy",
        "--user-name",
        "builder",
        "--policy-name",
        "assume",
        "--policy-document",
        policy(
            "{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\","
                + "\"Resource\":\"arn:aws:iam::111111111111:role/*\"}"));
    JsonNode key =
        adminAws("build", "iam", "create-access-key", "--user-name", "builder").get("AccessKey");
    this.builderKeys =
        AwsBasicCredentials.create(
            key.get("AccessKeyId").asText(), key.get("SecretAccessKey").asText());
  }

  /** A server over {@code data} with the seed's accounts, its registry per {@code registry}. */
  static ControlWorld start(Path data, RegistryMode registry) {
    CrossroleServer server =
        CrossroleServer.start(
            ServerConfig.builder(data)
                .port(0)
                .account(new Account("ours", OURS))
                .account(new Account("build", "222222222222"))
                .registry(registry)
                .build());
    return new ControlWorld(server, data);
  }

  String endpoint() {
    return server.endpoint();
  }

  Path data() {
    return data;
  }

  CrossroleServer server() {
    return server;
  }

  /** A policy document of {@code statements}. */
  static String policy(String... statements) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
  }

  /** A trust policy letting the builder assume the role with {@code externalId}. */
  static String trust(String externalId) {
    return policy(
        "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
            + BUILDER_ARN
            + "\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":"
            + "{\"sts:ExternalId\":\""
            + externalId
            + "\"}}}");
  }

  /** Creates OUR role {@code name} trusting the builder with {@code externalId}, allowed those. */
  void createRole(String name, String externalId, String permissions) {
    adminAws(
        "ours",
        "iam",
        "create-role",
        "--role-name",
        name,
        "--assume-role-policy-document",
        trust(externalId));
    adminAws(
        "ours",
        "iam",
        "put-role-policy",
        "--role-name",
        name,
        "--policy-name",
        "build",
        "--policy-document",
        permissions);
  }

  /** {@code aws --profile PROFILE ARGS} as that account's admin; must succeed. */
  JsonNode adminAws(String profile, String... args) {
    Programs.Result r =
        admin.aws(Map.of(), Programs.prefixed("--profile", prefixed(profile, args)));
    assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.err()).isZero();
    try {
      return r.out().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.out());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code bin/crossrole ARGS} as OUR account's admin (its profile {@code ours}). */
  Programs.Result operator(String... args) {
    return admin.crossrole(Map.of("AWS_PROFILE", "ours"), args);
  }

  /** {@code aws ARGS} signed with {@code session}'s temporary credentials. */
  Programs.Result awsAs(Credentials session, String... args) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_ACCESS_KEY_ID", session.accessKeyId());
    env.put("AWS_SECRET_ACCESS_KEY", session.secretAccessKey());
    env.put("AWS_SESSION_TOKEN", session.sessionToken());
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_CONFIG_FILE", data.resolve("absent-config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", data.resolve("absent-credentials").toString());
    return admin.aws(env, prefixed("--endpoint-url", prefixed(endpoint(), args)));
  }

  /** The builder's AssumeRole of OUR role {@code name} with {@code externalId}, by the SDK. */
  Credentials assume(String roleName, String externalId) {
    try (StsClient sts = sts(StaticCredentialsProvider.create(builderKeys))) {
      return sts.assumeRole(
              r ->
                  r.roleArn("arn:aws:iam::" + OURS + ":role/" + roleName)
                      .roleSessionName("build-" + System.nanoTime())
                      .externalId(externalId))
          .credentials();
    }
  }

  /** GetCallerIdentity with {@code session}, by the SDK. */
  String callerArn(Credentials session) {
    try (StsClient sts =
        sts(
            StaticCredentialsProvider.create(
                AwsSessionCredentials.create(
                    session.accessKeyId(), session.secretAccessKey(), session.sessionToken())))) {
      return sts.getCallerIdentity().arn();
    }
  }

  private StsClient sts(StaticCredentialsProvider credentials) {
    return StsClient.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .endpointOverride(URI.create(endpoint()))
        .region(Region.US_EAST_1)
        .credentialsProvider(credentials)
        .build();
  }

  /**
   * Returns once this machine's clock (the server's) has reached {@code instant}: a condition on
   * {@code aws:CurrentTime} or {@code aws:TokenIssueTime} at that boundary then decides the other
   * way. Waits for the clock, not for a guess of how long something takes.
   */
  static void awaitClock(Instant instant) throws InterruptedException {
    while (Instant.now().isBefore(instant)) {
      long millis = Math.max(1, instant.toEpochMilli() - System.currentTimeMillis());
      Thread.sleep(Math.min(millis, 100));
    }
  }

  /** The instant a command printed after {@code marker}, up to the next space or period+end. */
  static Instant instantAfter(String output, String marker) {
    int start = output.indexOf(marker);
    assertThat(start).as(output).isNotNegative();
    String rest = output.substring(start + marker.length());
    String text = rest.split("[\\s]")[0];
    return Instant.parse(text.endsWith(".") ? text.substring(0, text.length() - 1) : text);
  }

  private static String[] prefixed(String first, String... rest) {
    return Programs.prefixed(first, rest);
  }

  /** The command lines run so far. */
  List<List<String>> commandLines() {
    return admin.commandLines();
  }

  @Override
  public void close() {
    server.close();
  }
}
