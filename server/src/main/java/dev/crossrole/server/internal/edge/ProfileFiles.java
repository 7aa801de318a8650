package dev.crossrole.server.internal.edge;

import dev.crossrole.core.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes {@code DIR/credentials} (AWS shared-credentials format: one profile per account, named as
 * the account, with its root keys) and {@code DIR/config} (the same profiles with {@code region}
 * and {@code endpoint_url}, and {@code ca_bundle} when the server's certificate authority is its
 * own), so that the AWS CLI and SDKs reach this server with {@code AWS_CONFIG_FILE=DIR/config
 * AWS_SHARED_CREDENTIALS_FILE=DIR/credentials aws --profile NAME}.
 */
public final class ProfileFiles {
  private ProfileFiles() {}

  /** One account's profile. The secret is written only to the credentials file. */
  public record Profile(String name, String accessKeyId, char[] secretAccessKey) {
    public Profile {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(accessKeyId, "accessKeyId");
      Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    }

    @Override
    public String toString() {
      return "Profile[" + name + ", " + accessKeyId + "]";
    }
  }

  /**
   * Writes both files, each replaced atomically and readable by its owner only; with {@code
   * caBundle}, the AWS CLI and the Python SDK verify the endpoint's certificate against it.
   */
  public static void write(
      Path dir, List<Profile> profiles, String endpoint, String region, Optional<Path> caBundle) {
    StringBuilder credentials = new StringBuilder();
    StringBuilder config = new StringBuilder();
    for (Profile p : profiles) {
      credentials.append('[').append(p.name()).append("]\n");
      credentials.append("aws_access_key_id = ").append(p.accessKeyId()).append('\n');
      credentials.append("aws_secret_access_key = ").append(p.secretAccessKey()).append("\n\n");
      // In the config file every profile but "default" is written "[profile NAME]".
      config.append(p.name().equals("default") ? "[default]" : "[profile " + p.name() + "]");
      config.append('\n');
      config.append("region = ").append(region).append('\n');
      config.append("endpoint_url = ").append(endpoint).append('\n');
      caBundle.ifPresent(ca -> config.append("ca_bundle = ").append(ca).append('\n'));
      config.append('\n');
    }
    replace(dir.resolve("credentials"), credentials);
    replace(dir.resolve("config"), config);
  }

  private static void replace(Path target, CharSequence text) {
    try {
      PrivateFiles.write(target, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }
}
