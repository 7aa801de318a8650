package dev.crossrole.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crossrole.client.AwsConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CA bundle chosen as the AWS CLI chooses it: {@code --ca-bundle}, {@code AWS_CA_BUNDLE}, the
 * {@code ca_bundle} of the profile acted as (for a role profile its own, not its source's), else
 * the JVM's authorities.
 */
class TrustTest {
  private static final String CONFIG =
      """
      [default]
      region = us-east-1

      [profile keys]
      ca_bundle = /etc/keys.pem

      [profile role]
      role_arn = arn:aws:iam::111111111111:role/R
      source_profile = keys
      ca_bundle = /etc/role.pem  # the role's own
      """;

  @TempDir Path home;

  /** name, environment, connection settings, expected bundle (empty: the JVM's), its origin. */
  static Stream<Arguments> cases() {
    Consumer<AwsConnection.Builder> none = b -> {};
    return Stream.of(
        Arguments.of("trust_nothingNamed_jvmDefault", Map.of(), none, "", ""),
        Arguments.of(
            "trust_profileActedAs_itsCaBundle",
            Map.of(),
            (Consumer<AwsConnection.Builder>) b -> b.profile("keys"),
            "/etc/keys.pem",
            "ca_bundle of profile keys"),
        Arguments.of(
            "trust_awsProfileVariable_thatProfilesCaBundle",
            Map.of("AWS_PROFILE", "keys"),
            none,
            "/etc/keys.pem",
            "ca_bundle of profile keys"),
        Arguments.of(
            "trust_roleProfile_itsOwnNotItsSources",
            Map.of(),
            (Consumer<AwsConnection.Builder>) b -> b.profile("role"),
            "/etc/role.pem",
            "ca_bundle of profile role"),
        Arguments.of(
            "trust_sourceProfileAlone_itsCaBundle",
            Map.of(),
            (Consumer<AwsConnection.Builder>) b -> b.sourceProfile("keys"),
            "/etc/keys.pem",
            "ca_bundle of profile keys"),
        Arguments.of(
            "trust_variable_beatsProfile",
            Map.of("AWS_CA_BUNDLE", "/etc/env.pem"),
            (Consumer<AwsConnection.Builder>) b -> b.profile("role"),
            "/etc/env.pem",
            "AWS_CA_BUNDLE"),
        Arguments.of(
            "trust_blankVariable_ignored",
            Map.of("AWS_CA_BUNDLE", " "),
            (Consumer<AwsConnection.Builder>) b -> b.profile("role"),
            "/etc/role.pem",
            "ca_bundle of profile role"),
        Arguments.of(
            "trust_option_beatsVariableAndProfile",
            Map.of("AWS_CA_BUNDLE", "/etc/env.pem"),
            (Consumer<AwsConnection.Builder>)
                b -> b.profile("role").caBundle(Path.of("relative/flag.pem")),
            "relative/flag.pem",
            "--ca-bundle"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void trust(
      String name,
      Map<String, String> env,
      Consumer<AwsConnection.Builder> settings,
      String bundle,
      String origin)
      throws IOException {
    Files.createDirectories(home.resolve(".aws"));
    Files.writeString(home.resolve(".aws/config"), CONFIG);
    AwsConnection.Builder builder = AwsConnection.builder(env, home);
    settings.accept(builder);
    AwsConnection connection = builder.build();

    Trust trust = Resolver.trust(connection);

    if (bundle.isEmpty()) {
      assertThat(trust).isInstanceOf(Trust.JvmDefault.class);
      assertThat(connection.effectiveCaBundle()).isEmpty();
    } else {
      assertThat(trust).isEqualTo(new Trust.Bundle(Path.of(bundle), origin));
      assertThat(connection.effectiveCaBundle()).isEqualTo(Optional.of(Path.of(bundle)));
    }
  }
}
