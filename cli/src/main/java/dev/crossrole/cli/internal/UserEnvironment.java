package dev.crossrole.cli.internal;

import dev.crossrole.client.AwsConnection;
import java.nio.file.Path;
import java.util.Map;

/** The process's environment and the user's home, as the AWS SDKs and docker find it. */
public final class UserEnvironment {
  private UserEnvironment() {}

  /** The environment variables. */
  public static Map<String, String> variables() {
    return System.getenv();
  }

  /** The home directory as the AWS SDKs find it ({@link AwsConnection#home}). */
  public static Path home() {
    return AwsConnection.home(System.getenv());
  }
}
