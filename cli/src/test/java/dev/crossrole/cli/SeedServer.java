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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

/**
 * A real server of the seed's accounts (OUR 111111111111, BUILD 222222222222), set up through the
 * SDK as both admins would: OUR role OURTHINGBUILDROLE trusting BUILD's users {@code builder} and
 * {@code builder2} with the ExternalId {@code some_key_build}, both allowed to assume it.
 */
final class SeedServer implements AutoCloseable {
  static final String ROLE = "arn:aws:iam::111111111111:role/OURTHINGBUILDROLE";
  static final String EXTERNAL_ID = "some_key_build";

  private final Path data;
  private final CrossroleServer server;
  private final Map<String, AwsBasicCredentials> users = new LinkedHashMap<>();

  private SeedServer(Path data) {
    this.data = data;
    this.server =
        CrossroleServer.start(
            ServerConfig.builder(data)
                .port(0)
                .account(new Account("ours", "111111111111"))
                .account(new Account("build", "222222222222"))
                .registry(RegistryMode.parse("off"))
                .build());
  }

  /** A started, seeded server over a fresh data directory. */
  static SeedServer start() {
    try {
      SeedServer seed = new SeedServer(Files.createTempDirectory("crossrole-assume"));
      seed.seed();
      return seed;
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

  private void seed() {
    try (IamClient ours = iam("ours");
        IamClient build = iam("build")) {
      String trust =
          "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
              + "[\"arn:aws:iam::222222222222:user/builder\","
              + "\"arn:aws:iam::222222222222:user/builder2\"]},\"Action\":\"sts:AssumeRole\","
              + "\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\""
              + EXTERNAL_ID
              + "\"}}}]}";
      String mayAssume =
          "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
              + "\"Action\":\"sts:AssumeRole\",\"Resource\":\""
              + ROLE
              + "\"}]}";
      for (String user : new String[] {"builder", "builder2"}) {
        build.createUser(r -> r.userName(user));
        build.putUserPolicy(r -> r.userName(user).policyName("assume").policyDocument(mayAssume));
        AccessKey key = build.createAccessKey(r -> r.userName(user)).accessKey();
        users.put(user, AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
      }
      ours.createRole(r -> r.roleName("OURTHINGBUILDROLE").assumeRolePolicyDocument(trust));
    }
  }

  private IamClient iam(String profile) {
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
      server.close();
    } finally {
      try (Stream<Path> paths = Files.walk(data)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
  }
}
