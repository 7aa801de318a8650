package dev.crossrole.cli;

import dev.crossrole.core.Account;
import dev.crossrole.server.CrossroleServer;
import dev.crossrole.server.RegistryMode;
import dev.crossrole.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

/**
 * The cli tests' one server with the seed accounts (OUR 111111111111, BUILD 222222222222), set up
 * through IAM as both admins would: OUR role OURTHINGBUILDROLE, allowed {@code iam:ListRoles},
 * trusting BUILD's users {@code builder} and {@code builder2} with the ExternalId {@code
 * some_key_build}; both may assume it. Beside it, AWS profile files: a way-2 profile {@code build},
 * a role-less {@code keys-only}, the builder's keys as {@code builder} and {@code default}; and
 * crossrole's cache directory.
 *
 * <p>A JUnit 5 extension: {@code @RegisterExtension static final SeedServer seed = new
 * SeedServer();} starts it before the class's tests and stops it (its directory removed) after
 * them. {@link #start()} starts another one, for a test that needs two servers.
 */
final class SeedServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
  static final String ROLE = "arn:aws:iam::111111111111:role/OURTHINGBUILDROLE";
  static final String ROLE_ARN = ROLE;
  static final String EXTERNAL_ID = "some_key_build";
  static final String ASSUMED_ROLE_PREFIX =
      "arn:aws:sts::111111111111:assumed-role/OURTHINGBUILDROLE/";

  private static final String TRUST =
      """
      {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
       "Principal":{"AWS":["arn:aws:iam::222222222222:user/builder",
                           "arn:aws:iam::222222222222:user/builder2"]},
       "Action":"sts:AssumeRole",
       "Condition":{"StringEquals":{"sts:ExternalId":"some_key_build"}}}]}""";
  private static final String MAY_ASSUME =
      """
      {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
       "Resource":"arn:aws:iam::111111111111:role/OURTHINGBUILDROLE"}]}""";
  private static final String ROLE_PERMISSIONS =
      """
      {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListRoles",
       "Resource":"*"}]}""";

  private final Map<String, AwsBasicCredentials> users = new LinkedHashMap<>();
  private Path dir;
  private CrossroleServer server;

  /** A server the extension starts before the class's tests. */
  SeedServer() {}

  /** A started, seeded server over a fresh directory; the caller closes it. */
  /**
   * A server config on an ephemeral port with the seed story's two accounts, OURS (111111111111)
   * and BUILD (222222222222), for tests to finish.
   */
  static ServerConfig.Builder seedAccounts(Path data) {
    return ServerConfig.builder(data)
        .port(0)
        .account(new Account("ours", "111111111111"))
        .account(new Account("build", "222222222222"));
  }

  static SeedServer start() {
    SeedServer seed = new SeedServer();
    seed.open();
    return seed;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    open();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    close();
  }

  private void open() {
    try {
      dir = Files.createTempDirectory("crossrole-seed");
      Path data = Files.createDirectories(dir.resolve("data"));
      server =
          CrossroleServer.start(seedAccounts(data).registry(RegistryMode.parse("off")).build());
      seed(data);
      writeProfiles(Files.createDirectories(dir.resolve("aws")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String endpoint() {
    return server.endpoint();
  }

  /** The long-term keys of a BUILD user allowed to assume the role: builder or builder2. */
  AwsBasicCredentials keys(String user) {
    return users.get(user);
  }

  /** The builder's long-term keys: the source credentials, never to be seen by a child. */
  AwsBasicCredentials builderKeys() {
    return keys("builder");
  }

  /** The environment that makes the SDK, the AWS CLI and crossrole sign as {@code user}. */
  Map<String, String> env(String user) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AWS_ACCESS_KEY_ID", keys(user).accessKeyId());
    env.put("AWS_SECRET_ACCESS_KEY", keys(user).secretAccessKey());
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_ENDPOINT_URL", endpoint());
    return env;
  }

  /**
   * This JVM's environment without its AWS variables, pointed at the profile files and a cache of
   * the server's own: the environment a test runs {@code crossrole exec} in.
   */
  Map<String, String> commandEnvironment() {
    Map<String, String> env = new HashMap<>();
    System.getenv()
        .forEach(
            (name, value) -> {
              if (!name.startsWith("AWS_")) {
                env.put(name, value);
              }
            });
    env.put("AWS_CONFIG_FILE", dir.resolve("aws").resolve("config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("aws").resolve("credentials").toString());
    env.put("CROSSROLE_CACHE_DIR", dir.resolve("cache").toString());
    return env;
  }

  private void seed(Path data) {
    try (IamClient ours = iam(data, "ours");
        IamClient build = iam(data, "build")) {
      for (String user : new String[] {"builder", "builder2"}) {
        build.createUser(r -> r.userName(user));
        build.putUserPolicy(r -> r.userName(user).policyName("assume").policyDocument(MAY_ASSUME));
        AccessKey key = build.createAccessKey(r -> r.userName(user)).accessKey();
        users.put(user, AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
      }
      ours.createRole(r -> r.roleName("OURTHINGBUILDROLE").assumeRolePolicyDocument(TRUST));
      ours.putRolePolicy(
          r ->
              r.roleName("OURTHINGBUILDROLE").policyName("build").policyDocument(ROLE_PERMISSIONS));
    }
  }

  private void writeProfiles(Path profiles) throws IOException {
    Files.writeString(
        profiles.resolve("config"),
        """
        [profile build]
        role_arn = %s
        source_profile = builder
        external_id = some_key_build
        region = us-east-1
        endpoint_url = %s

        [profile keys-only]
        region = us-east-1
        endpoint_url = %s
        """
            .formatted(ROLE, endpoint(), endpoint()));
    Files.writeString(
        profiles.resolve("credentials"),
        """
        [builder]
        aws_access_key_id = %1$s
        aws_secret_access_key = %2$s

        [keys-only]
        aws_access_key_id = %1$s
        aws_secret_access_key = %2$s

        [default]
        aws_access_key_id = %1$s
        aws_secret_access_key = %2$s
        """
            .formatted(builderKeys().accessKeyId(), builderKeys().secretAccessKey()));
  }

  private IamClient iam(Path data, String profile) {
    ProfileFile credentials =
        ProfileFile.builder()
            .content(data.resolve("credentials"))
            .type(ProfileFile.Type.CREDENTIALS)
            .build();
    var p = credentials.profile(profile).orElseThrow();
    return IamClient.builder()
        .endpointOverride(URI.create(endpoint()))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(
                    p.property(ProfileProperty.AWS_ACCESS_KEY_ID).orElseThrow(),
                    p.property(ProfileProperty.AWS_SECRET_ACCESS_KEY).orElseThrow())))
        .build();
  }

  @Override
  public void close() throws IOException {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      if (dir != null) {
        try (Stream<Path> paths = Files.walk(dir)) {
          for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(path);
          }
        }
      }
    }
  }
}
