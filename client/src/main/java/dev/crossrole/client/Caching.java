package dev.crossrole.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Whether assumed credentials are kept on disk between calls, and how long before their expiry they
 * are fetched again (by the cache, and by a refreshing {@link CredentialSource}).
 */
public sealed interface Caching permits Caching.Off, Caching.OnDisk {
  /**
   * The default refresh window: 15 minutes, the window in which botocore (the AWS CLI's SDK) starts
   * refreshing assumed-role credentials, so that every consumer downstream — whose own refresh
   * windows are shorter — receives credentials it will not immediately consider stale. For a
   * session shorter than twice the window, half the session is used instead, so short sessions are
   * still cached.
   */
  Duration DEFAULT_REFRESH_WINDOW = Duration.ofMinutes(15);

  /** Every call asks STS. */
  static Caching off() {
    return off(DEFAULT_REFRESH_WINDOW);
  }

  /** Every call asks STS; a refreshing source asks again inside {@code refreshWindow}. */
  static Caching off(Duration refreshWindow) {
    return new Off(refreshWindow);
  }

  /** Credentials kept under {@code root}'s {@code sts/}, refreshed inside {@code refreshWindow}. */
  static Caching onDisk(Path root, Duration refreshWindow) {
    return new OnDisk(root, refreshWindow);
  }

  /** How long before their expiry credentials are no longer handed out. */
  Duration refreshWindow();

  /** No cache: each call assumes the role. */
  record Off(Duration refreshWindow) implements Caching {
    public Off {
      checkWindow(refreshWindow);
    }
  }

  /** A cache in {@code root}'s {@code sts/} directory. */
  record OnDisk(Path root, Duration refreshWindow) implements Caching {
    public OnDisk {
      Objects.requireNonNull(root, "root");
      checkWindow(refreshWindow);
    }
  }

  private static void checkWindow(Duration refreshWindow) {
    Objects.requireNonNull(refreshWindow, "refreshWindow");
    if (refreshWindow.isNegative()) {
      throw ClientException.of(
          ClientException.Kind.CONFIGURATION, "the refresh window cannot be negative");
    }
  }
}
