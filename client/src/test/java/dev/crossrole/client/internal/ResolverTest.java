package dev.crossrole.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crossrole.client.AwsConnection;
import dev.crossrole.client.ClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The endpoint, region and source resolved in the SDKs' order, from files the test writes. */
class ResolverTest {
  private static final String CONFIG =
      """
      [default]
      region = eu-west-1
      endpoint_url = http://profile.example:1  # a comment
      services = local

      [services local]
      sts =
        endpoint_url = http://services.example:2

      [profile plain]
      region = eu-central-1

      [profile chained]
      role_arn = arn:aws:iam::111111111111:role/R
      source_profile = plain
      """;
  private static final String CREDENTIALS =
      """
      [default]
      aws_access_key_id = AKIADEFAULT
      aws_secret_access_key = default-secret

      [plain]
      aws_access_key_id = AKIAPLAIN
      aws_secret_access_key = plain-secret
      aws_session_token = plain-token
      """;

  @TempDir Path home;

  /** name, environment, connection settings, expected endpoint, region, source key id. */
  static Stream<Arguments> cases() {
    Consumer<AwsConnection.Builder> none = b -> {};
    return Stream.of(
        Arguments.of(
            "resolve_nothingSet_servicesSectionBeatsProfileEndpoint",
            Map.of(),
            none,
            "http://services.example:2",
            "eu-west-1",
            "AKIADEFAULT"),
        Arguments.of(
            "resolve_globalEnvEndpoint_beatsProfile",
            Map.of("AWS_ENDPOINT_URL", "http://env.example:3"),
            none,
            "http://env.example:3",
            "eu-west-1",
            "AKIADEFAULT"),
        Arguments.of(
            "resolve_stsEnvEndpoint_beatsGlobalEnv",
            Map.of(
                "AWS_ENDPOINT_URL", "http://env.example:3",
                "AWS_ENDPOINT_URL_STS", "http://sts-env.example:4/"),
            none,
            "http://sts-env.example:4",
            "eu-west-1",
            "AKIADEFAULT"),
        Arguments.of(
            "resolve_endpointUrlFlag_beatsEverything",
            Map.of("AWS_ENDPOINT_URL_STS", "http://sts-env.example:4"),
            (Consumer<AwsConnection.Builder>) b -> b.endpointUrl("http://flag.example:5"),
            "http://flag.example:5",
            "eu-west-1",
            "AKIADEFAULT"),
        Arguments.of(
            "resolve_ignoreConfiguredEndpoints_awsDefault",
            Map.of(
                "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true",
                "AWS_ENDPOINT_URL", "http://env.example:3"),
            none,
            "https://sts.eu-west-1.amazonaws.com",
            "eu-west-1",
            "AKIADEFAULT"),
        Arguments.of(
            "resolve_envKeysAndRegion_beatProfile",
            Map.of(
                "AWS_ACCESS_KEY_ID", "AKIAENV",
                "AWS_SECRET_ACCESS_KEY", "env-secret",
                "AWS_REGION", "ap-south-1"),
            none,
            "http://services.example:2",
            "ap-south-1",
            "AKIAENV"),
        Arguments.of(
            "resolve_sourceProfile_itsKeysRegionAndAwsDefaultEndpoint",
            Map.of("AWS_ACCESS_KEY_ID", "AKIAENV", "AWS_SECRET_ACCESS_KEY", "env-secret"),
            (Consumer<AwsConnection.Builder>) b -> b.sourceProfile("plain"),
            "https://sts.eu-central-1.amazonaws.com",
            "eu-central-1",
            "AKIAPLAIN"),
        Arguments.of(
            "resolve_awsProfile_chosenProfile",
            Map.of("AWS_PROFILE", "plain", "AWS_DEFAULT_REGION", "cn-north-1"),
            none,
            "https://sts.cn-north-1.amazonaws.com.cn",
            "cn-north-1",
            "AKIAPLAIN"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void resolve(
      String name,
      Map<String, String> env,
      Consumer<AwsConnection.Builder> settings,
      String endpoint,
      String region,
      String keyId)
      throws IOException {
    Target target = Resolver.resolve(connection(env, settings));

    assertThat(target.endpoint()).isEqualTo(endpoint);
    assertThat(target.region()).isEqualTo(region);
    assertThat(((Target.StaticKeys) target.source()).accessKeyId()).isEqualTo(keyId);
  }

  @Test
  void resolve_profileWithRoleArn_itsRoleSignedByItsSourceProfile() throws IOException {
    Target target = Resolver.resolve(connection(Map.of(), b -> b.profile("chained")));

    assertThat(target.source())
        .isEqualTo(
            new Target.RoleProfile(
                dev.crossrole.client.AssumeRequest.builder("arn:aws:iam::111111111111:role/R")
                    .build(),
                "plain"));
    assertThat(target.region()).isEqualTo(Resolver.DEFAULT_REGION);
  }

  @Test
  void resolve_roleProfileWithSourceProfileGiven_signedByTheGivenOne() throws IOException {
    Target target =
        Resolver.resolve(connection(Map.of(), b -> b.profile("chained").sourceProfile("default")));

    assertThat(((Target.RoleProfile) target.source()).sourceProfile()).isEqualTo("default");
  }

  @Test
  void resolve_ecr_itsOwnVariableAndDefaultEndpoint() throws IOException {
    Target fromVariable =
        Resolver.resolve(
            connection(
                Map.of("AWS_ENDPOINT_URL_ECR", "http://ecr.example:3"), b -> b.profile("plain")),
            Service.ECR);
    Target aws = Resolver.resolve(connection(Map.of(), b -> b.profile("plain")), Service.ECR);

    assertThat(fromVariable.endpoint()).isEqualTo("http://ecr.example:3");
    assertThat(aws.endpoint()).isEqualTo("https://api.ecr.eu-central-1.amazonaws.com");
  }

  @Test
  void resolve_unknownSourceProfile_configurationError() throws IOException {
    AwsConnection connection = connection(Map.of(), b -> b.sourceProfile("nope"));

    assertThatThrownBy(() -> Resolver.resolve(connection))
        .isInstanceOf(ClientException.class)
        .hasMessageContaining("no profile nope")
        .extracting(e -> ((ClientException) e).kind())
        .isEqualTo(ClientException.Kind.CONFIGURATION);
  }

  @Test
  void resolve_endpointNotAUrl_configurationError() throws IOException {
    AwsConnection connection = connection(Map.of(), b -> b.endpointUrl("ftp://x"));

    assertThatThrownBy(() -> Resolver.resolve(connection))
        .isInstanceOf(ClientException.class)
        .hasMessageContaining("not an http:// or https:// URL");
  }

  @Test
  void staticKeys_toString_hidesTheSecret() {
    Target.StaticKeys keys =
        new Target.StaticKeys("AKIAX", "secret-value", java.util.Optional.of("token-value"));

    assertThat(keys.toString()).contains("AKIAX").doesNotContain("secret-value", "token-value");
  }

  private AwsConnection connection(
      Map<String, String> env, Consumer<AwsConnection.Builder> settings) throws IOException {
    Files.createDirectories(home.resolve(".aws"));
    Files.writeString(home.resolve(".aws/config"), CONFIG);
    Files.writeString(home.resolve(".aws/credentials"), CREDENTIALS);
    AwsConnection.Builder builder = AwsConnection.builder(new HashMap<>(env), home);
    settings.accept(builder);
    return builder.build();
  }
}
