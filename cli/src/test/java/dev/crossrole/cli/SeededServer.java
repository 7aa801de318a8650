package dev.crossrole.cli;

import dev.crossrole.core.Account;
import dev.crossrole.server.CrossroleServer;
import dev.crossrole.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

/**
 * A server with the seed story set up through IAM as each side's admin: OUR account (111111111111)
 * has the role OURTHINGBUILDROLE trusting BUILD's (222222222222) user {@code builder} with the
 * ExternalId {@code some_key_build}; the builder may assume it. Beside it, AWS profile files: a
 * way-2 profile {@code build}, the builder's keys as {@code builder} and as {@code default}.
 */
final class SeededServer implements AutoCloseable {
  static final String ROLE_ARN = "arn:aws:iam::111111111111:role/OURTHINGBUILDROLE";
  static final String ASSUMED_ROLE_PREFIX =
      "arn:aws:sts::111111111111:assumed-role/OURTHINGBUILDROLE/";
  static final String BUILDER_ARN = "arn:aws:iam::222222222222:user/builder";

  private static final String TRUST =
      """
      {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
       "Principal":{"AWS":"arn:aws:iam::222222222222:user/builder"},"Action":"sts:AssumeRole",
       "Condition":{"StringEquals":{"sts:ExternalId":"some_key_build"}}}]}""";
  private static final String MAY_ASSUME =
      """
      {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
       "Resource":"arn:aws:iam::111111111111:role/OURTHINGBUILDROLE"}]}""";
  private static final String ROLE_PERMISSIONS =
      """
      {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListRoles",
       "Resource":"*"}]}""";

  private final CrossroleServer server;
  private final Path profiles;
  private final AwsBasicCredentials builderKeys;

  private SeededServer(CrossroleServer server, Path profiles, AwsBasicCredentials builderKeys) {
    this.server = server;
    this.profiles = profiles;
    this.builderKeys = builderKeys;
  }

  /** Starts a server over {@code dir}/data and writes the profiles to {@code dir}/aws. */
  static SeededServer start(Path dir) {
    try {
      Path data = Files.createDirectories(dir.resolve("data"));
      CrossroleServer server =
          CrossroleServer.start(
              ServerConfig.builder(data)
                  .port(0)
                  .account(new Account("ours", "111111111111"))
                  .account(new Account("build", "222222222222"))
                  .build());
      AwsBasicCredentials keys = seed(server.endpoint(), data);
      Path profiles = Files.createDirectories(dir.resolve("aws"));
      writeProfiles(profiles, server.endpoint(), keys);
      return new SeededServer(server, profiles, keys);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String endpoint() {
    return server.endpoint();
  }

  /** The builder's long-term keys: the source credentials, never to be seen by a child. */
  AwsBasicCredentials builderKeys() {
    return builderKeys;
  }

  /** The variables that point the SDKs and crossrole at the profile files. */
  private Map<String, String> profileEnvironment() {
    return Map.of(
        "AWS_CONFIG_FILE", profiles.resolve("config").toString(),
        "AWS_SHARED_CREDENTIALS_FILE", profiles.resolve("credentials").toString());
  }

  /**
   * This JVM's environment without its AWS variables, pointed at the profile files: the environment
   * a test runs {@code crossrole exec} in.
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
    env.putAll(profileEnvironment());
    return env;
  }

  @Override
  public void close() {
    server.close();
  }

  private static AwsBasicCredentials seed(String endpoint, Path data) {
    try (IamClient ours = iam(endpoint, rootKeys(data, "ours"));
        IamClient build = iam(endpoint, rootKeys(data, "build"))) {
      build.createUser(r -> r.userName("builder"));
      build.putUserPolicy(
          r -> r.userName("builder").policyName("assume").policyDocument(MAY_ASSUME));
      AccessKey key = build.createAccessKey(r -> r.userName("builder")).accessKey();
      ours.createRole(r -> r.roleName("OURTHINGBUILDROLE").assumeRolePolicyDocument(TRUST));
      ours.putRolePolicy(
          r ->
              r.roleName("OURTHINGBUILDROLE").policyName("build").policyDocument(ROLE_PERMISSIONS));
      return AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey());
    }
  }

  private static void writeProfiles(Path dir, String endpoint, AwsBasicCredentials keys)
      throws IOException {
    Files.writeString(
        dir.resolve("config"),
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
            .formatted(ROLE_ARN, endpoint, endpoint));
    Files.writeString(
        dir.resolve("credentials"),
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
            .formatted(keys.accessKeyId(), keys.secretAccessKey()));
  }

  private static AwsCredentialsProvider rootKeys(Path data, String profile) {
    ProfileFile file =
        ProfileFile.builder()
            .content(data.resolve("credentials"))
            .type(ProfileFile.Type.CREDENTIALS)
            .build();
    var keys = file.profile(profile).orElseThrow();
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create(
            keys.property(ProfileProperty.AWS_ACCESS_KEY_ID).orElseThrow(),
            keys.property(ProfileProperty.AWS_SECRET_ACCESS_KEY).orElseThrow()));
  }

  private static IamClient iam(String endpoint, AwsCredentialsProvider credentials) {
    return IamClient.builder()
        .endpointOverride(URI.create(endpoint))
        .region(Region.US_EAST_1)
        .credentialsProvider(credentials)
        .build();
  }
}
