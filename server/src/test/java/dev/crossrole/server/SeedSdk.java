package dev.crossrole.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crossrole.core.Account;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The seed story through the AWS SDK for Java v2: the accounts, the policies of the story, clients
 * built from the server's own profile files, and the setup both sides do before a build runs.
 */
final class SeedSdk {
  static final String OURS = "111111111111";
  static final String BUILD = "222222222222";
  static final String OTHER = "333333333333";
  static final String ROLE_NAME = "OURTHINGBUILDROLE";
  static final String ROLE_ARN = "arn:aws:iam::" + OURS + ":role/" + ROLE_NAME;
  static final String BUILDER_ARN = "arn:aws:iam::" + BUILD + ":user/builder";
  static final String EXTERNAL_ID = "some_key_build";

  /** Our role's permissions: what the build needs, here two IAM reads. */
  static final String ROLE_PERMISSIONS =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
          + "\"Action\":[\"iam:ListRoles\",\"iam:GetRole\"],\"Resource\":\"*\"}]}";

  private SeedSdk() {}

  /** {@code --account ours=111111111111 build=222222222222 other=333333333333}. */
  static ServerConfig.Builder threeAccounts(ServerConfig.Builder builder) {
    return builder
        .account(new Account("ours", OURS))
        .account(new Account("build", BUILD))
        .account(new Account("other", OTHER));
  }

  /** A trust policy letting {@code principalArn} assume the role with {@code externalId} only. */
  static String trust(String principalArn, String externalId) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
        + "\""
        + principalArn
        + "\"},\"Action\":\"sts:AssumeRole\","
        + "\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\""
        + externalId
        + "\"}}}]}";
  }

  /** An identity policy allowing {@code sts:AssumeRole} on one role. */
  static String mayAssume(String roleArn) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
        + "\"Action\":\"sts:AssumeRole\",\"Resource\":\""
        + roleArn
        + "\"}]}";
  }

  /** The server's {@code DIR/credentials} and {@code DIR/config}, read by the SDK's own parser. */
  static ProfileFile profileFile(Path dir) {
    return ProfileFile.aggregator()
        .addFile(
            ProfileFile.builder()
                .content(dir.resolve("credentials"))
                .type(ProfileFile.Type.CREDENTIALS)
                .build())
        .addFile(
            ProfileFile.builder()
                .content(dir.resolve("config"))
                .type(ProfileFile.Type.CONFIGURATION)
                .build())
        .build();
  }

  /** The root keys of the account a profile of the server's files names. */
  static AwsCredentialsProvider profileKeys(Path dir, String profileName) {
    Profile profile =
        profileFile(dir)
            .profile(profileName)
            .orElseThrow(() -> new AssertionError("no profile " + profileName + " in " + dir));
    String id = profile.property(ProfileProperty.AWS_ACCESS_KEY_ID).orElseThrow();
    String secret = profile.property(ProfileProperty.AWS_SECRET_ACCESS_KEY).orElseThrow();
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(id, secret));
  }

  /** The endpoint_url the server wrote into DIR/config for a profile. */
  static String profileEndpoint(Path dir, String profileName) {
    return profileFile(dir)
        .profile(profileName)
        .flatMap(p -> p.property(ProfileProperty.ENDPOINT_URL))
        .orElseThrow(() -> new AssertionError("no endpoint_url for " + profileName));
  }

  static IamClient iam(String endpoint, AwsCredentialsProvider credentials) {
    return IamClient.builder()
        .endpointOverride(URI.create(endpoint))
        .region(Region.US_EAST_1)
        .credentialsProvider(credentials)
        .build();
  }

  static StsClient sts(String endpoint, AwsCredentialsProvider credentials) {
    return StsClient.builder()
        .endpointOverride(URI.create(endpoint))
        .region(Region.US_EAST_1)
        .credentialsProvider(credentials)
        .build();
  }

  static AwsCredentialsProvider provider(AwsCredentials credentials) {
    return StaticCredentialsProvider.create(credentials);
  }

  /** The temporary credentials of an AssumeRole answer, as the SDK's credentials type. */
  static AwsSessionCredentials session(AssumeRoleResponse response) {
    Credentials c = response.credentials();
    return AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
  }

  /**
   * Steps 1 and 2 of the seed: the BUILD account's user first (a trust policy may name only users
   * that exist), then our role trusting it; the user's keys.
   */
  static AwsBasicCredentials seed(IamClient ours, IamClient build) {
    AwsBasicCredentials keys = userAllowedToAssume(build, "builder", ROLE_ARN);
    ours.createRole(
        r -> r.roleName(ROLE_NAME).assumeRolePolicyDocument(trust(BUILDER_ARN, EXTERNAL_ID)));
    ours.putRolePolicy(
        r -> r.roleName(ROLE_NAME).policyName("build").policyDocument(ROLE_PERMISSIONS));
    return keys;
  }

  /** A user with an inline policy allowing it to assume {@code roleArn}, and its new keys. */
  static AwsBasicCredentials userAllowedToAssume(IamClient account, String name, String roleArn) {
    account.createUser(r -> r.userName(name));
    account.putUserPolicy(
        r -> r.userName(name).policyName("assume-" + name).policyDocument(mayAssume(roleArn)));
    return keysOf(account, name);
  }

  /** New access keys of a user. */
  static AwsBasicCredentials keysOf(IamClient account, String userName) {
    AccessKey key = account.createAccessKey(r -> r.userName(userName)).accessKey();
    assertThat(key.accessKeyId()).startsWith("AKIA").hasSize(20);
    assertThat(key.secretAccessKey()).hasSize(40);
    return AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey());
  }

  /** A policy document as IAM returns it (URL-encoded), decoded. */
  static String decoded(String document) {
    return URLDecoder.decode(document, StandardCharsets.UTF_8);
  }
}
