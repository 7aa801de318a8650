package dev.crossrole.cli.internal;

import java.nio.file.Path;
import java.util.Map;

/** The process's environment and the user's home, as the AWS SDKs and docker find it. */
public final class UserEnvironment {
  private UserEnvironment() {}

  /** The environment variables. */
  public static Map<String, String> variables() {
    return System.getenv();
  }

  /** {@code $HOME}, else the JVM's {@code user.home}: the SDKs look there first too. */
  public static Path home() {
    String home = System.getenv("HOME");
    return Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home);
  }
}
