package dev.crossrole.cli.internal;

import dev.crossrole.client.ClientException;

/**
 * The exit codes of the build-side commands ({@code assume}, {@code exec}, {@code profiles}, {@code
 * ecr login}, {@code cache}), one per way they fail, so that a build script can tell a refusal from
 * a network failure. The README lists them.
 */
public final class ClientExit {
  /** Success. */
  public static final int OK = 0;

  /** The service refused: an AWS error such as AccessDenied or InvalidClientTokenId. */
  public static final int REFUSED = 1;

  /** A usage error: an unknown option, a missing or malformed argument (picocli's own code). */
  public static final int USAGE = 2;

  /** No source credentials were found. */
  public static final int NO_CREDENTIALS = 3;

  /** The endpoint could not be reached. */
  public static final int UNREACHABLE = 4;

  /** The local configuration is wrong: an unknown profile, an unreadable or unwritable file. */
  public static final int CONFIGURATION = 5;

  private ClientExit() {}

  /** The exit code for {@code failure}. */
  public static int of(ClientException failure) {
    return switch (failure.kind()) {
      case REFUSED -> REFUSED;
      case NO_CREDENTIALS -> NO_CREDENTIALS;
      case UNREACHABLE -> UNREACHABLE;
      case CONFIGURATION -> CONFIGURATION;
    };
  }
}
