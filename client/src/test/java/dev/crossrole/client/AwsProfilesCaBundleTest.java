package dev.crossrole.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code profiles setup --ca-bundle}: the profile's {@code ca_bundle}, absolute, written once. */
class AwsProfilesCaBundleTest {
  /** A PEM bundle of two authorities, relative to the module (the tests' working directory). */
  private static final Path RELATIVE =
      Path.of("src/test/resources/dev/crossrole/client/internal/two-authorities.pem");

  @TempDir Path dir;

  @Test
  void setup_relativeCaBundle_writtenAbsoluteAndOnce() throws Exception {
    AwsProfiles files = AwsProfiles.at(dir.resolve("config"), dir.resolve("credentials"));
    ProfileSetup setup =
        ProfileSetup.builder("ci", "arn:aws:iam::111111111111:role/R", "some_key_build")
            .sourceKeys(new SourceKeys("AKIAEXAMPLE", "secret", Optional.empty()))
            .caBundle(RELATIVE)
            .build();

    assertThat(files.setup(setup)).contains(files.config());
    assertThat(files.setup(setup)).isEmpty();

    assertThat(Files.readString(files.config()))
        .endsWith("ca_bundle = " + RELATIVE.toAbsolutePath().normalize() + "\n");
    assertThat(files.show(Optional.of("ci")))
        .contains("ca_bundle = " + RELATIVE.toAbsolutePath().normalize() + "\n");
  }
}
