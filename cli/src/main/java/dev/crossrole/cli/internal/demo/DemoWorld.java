package dev.crossrole.cli.internal.demo;

import dev.crossrole.core.Account;
import dev.crossrole.server.CrossroleServer;
import dev.crossrole.server.RegistryMode;
import dev.crossrole.server.ServerConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Where the demo plays: a crossrole server of its own on a free port, its data under {@code
 * root/data}, the AWS profile files its commands name under {@code root/aws}, and the SDK clients
 * the steps use, all closed with it.
 */
public final class DemoWorld implements AutoCloseable {
  /** Our account: the role, its permissions and the repositories. */
  public static final Account OURS = new Account("ours", "111111111111");

  /** The build's account: the user the build server runs as. */
  public static final Account BUILD = new Account("build", "222222222222");

  static final String REGION = "us-east-1";

  private final Path root;
  private final CrossroleServer server;
  private final ProfileFiles profiles;
  private final SdkHttpClient http = UrlConnectionHttpClient.create();
  private final List<SdkAutoCloseable> clients = new ArrayList<>();
  private final Map<Account, IamClient> adminIam = new HashMap<>();
  private final Map<Account, EcrClient> adminEcr = new HashMap<>();

  private DemoWorld(Path root, CrossroleServer server) {
    this.root = root;
    this.server = server;
    this.profiles = new ProfileFiles(root.resolve("aws"));
  }

  /**
   * Starts a server with both accounts on a free port, its data in {@code root/data}, and writes
   * their profiles (the accounts' root keys, as their admins hold them) into the demo's files.
   *
   * @param environment where the server looks for {@code docker-registry} ({@code PATH})
   * @throws dev.crossrole.server.ServerException when the server cannot start
   */
  public static DemoWorld start(Path root, RegistryMode registry, Map<String, String> environment) {
    ServerConfig config =
        ServerConfig.builder(root.resolve("data"))
            .port(0)
            .account(OURS)
            .account(BUILD)
            .region(REGION)
            .environment(environment)
            .registry(registry)
            .build();
    DemoWorld world = new DemoWorld(root, CrossroleServer.start(config));
    try {
      world.adminProfile(OURS);
      world.adminProfile(BUILD);
    } catch (RuntimeException e) {
      world.close();
      throw e;
    }
    return world;
  }

  /** The directory everything the demo made lives in. */
  public Path root() {
    return root;
  }

  /** The server's data directory. */
  public Path data() {
    return root.resolve("data");
  }

  /** The AWS config file holding the demo's profiles. */
  public Path configFile() {
    return profiles.config();
  }

  /** The AWS credentials file holding the demo's keys. */
  public Path credentialsFile() {
    return profiles.credentials();
  }

  /** The endpoint every service answers on, such as {@code http://127.0.0.1:40123}. */
  public String endpoint() {
    return server.endpoint();
  }

  /** The registry behind ECR, when the server runs one. */
  public Optional<URI> registryUrl() {
    return server.registryUrl();
  }

  ProfileFiles profiles() {
    return profiles;
  }

  /** The root keys of {@code account}, as the server wrote them into its credentials file. */
  AwsCredentials rootKeys(Account account) {
    Profile profile =
        ProfileFile.builder()
            .content(data().resolve("credentials"))
            .type(ProfileFile.Type.CREDENTIALS)
            .build()
            .profile(account.name())
            .orElseThrow(() -> new DemoException("the server wrote no profile " + account.name()));
    return AwsBasicCredentials.create(
        profile.property(ProfileProperty.AWS_ACCESS_KEY_ID).orElseThrow(),
        profile.property(ProfileProperty.AWS_SECRET_ACCESS_KEY).orElseThrow());
  }

  /** The settings every profile of the demo's files carries: the region and this endpoint. */
  Map<String, String> endpointSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("region", REGION);
    settings.put("endpoint_url", endpoint());
    return settings;
  }

  IamClient iam(AwsCredentials credentials) {
    return client(IamClient.builder(), Region.US_EAST_1, credentials);
  }

  StsClient sts(AwsCredentials credentials) {
    return client(StsClient.builder(), Region.of(REGION), credentials);
  }

  EcrClient ecr(AwsCredentials credentials) {
    return client(EcrClient.builder(), Region.of(REGION), credentials);
  }

  /** IAM as {@code account}'s admin, with its root keys; one client per account. */
  IamClient adminIam(Account account) {
    return adminIam.computeIfAbsent(account, a -> iam(rootKeys(a)));
  }

  /** ECR as {@code account}'s admin, with its root keys; one client per account. */
  EcrClient adminEcr(Account account) {
    return adminEcr.computeIfAbsent(account, a -> ecr(rootKeys(a)));
  }

  /** A client of this world's endpoint and HTTP client, signing with {@code credentials}. */
  private <
          B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkAutoCloseable>
      C client(B builder, Region region, AwsCredentials credentials) {
    return track(
        builder
            .endpointOverride(URI.create(endpoint()))
            .region(region)
            .httpClient(http)
            .credentialsProvider(StaticCredentialsProvider.create(credentials))
            .build());
  }

  /** Closes {@code closeable} with the world. */
  <T extends SdkAutoCloseable> T track(T closeable) {
    clients.add(closeable);
    return closeable;
  }

  /** Credentials {@code provider} resolves, the provider closed with the world. */
  AwsCredentials resolve(AwsCredentialsProvider provider) {
    if (provider instanceof SdkAutoCloseable closeable) {
      track(closeable);
    }
    return provider.resolveCredentials();
  }

  private void adminProfile(Account account) {
    AwsCredentials keys = rootKeys(account);
    profiles.keys(account.name(), keys.accessKeyId(), keys.secretAccessKey());
    profiles.settings(account.name(), endpointSettings());
  }

  /** Closes the clients, then stops the server and its registry. */
  @Override
  public void close() {
    try {
      clients.forEach(SdkAutoCloseable::close);
      http.close();
    } finally {
      server.close();
    }
  }
}
