package dev.crossrole.store;

import dev.crossrole.store.internal.Backend;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to open the store: an embedded H2 file under a data directory ({@link
 * #embedded(Path)}) or a PostgreSQL database named by a JDBC URL ({@link #database(String)}).
 *
 * <p>{@link #toString()} and {@link #description()} never show the password or the URL's query
 * parameters, so a config may be logged. An H2 URL always gets {@code WRITE_DELAY=0} (added when
 * absent; any other write delay is refused), since a longer delay loses confirmed writes in a
 * crash.
 *
 * @param jdbcUrl the JDBC URL ({@code jdbc:h2:…} or {@code jdbc:postgresql:…})
 * @param user the database user, when not given in the URL
 * @param password the database password, when not given in the URL
 * @param maxPoolSize the most connections the store keeps open
 * @param dataDirectory the directory that holds the embedded database's file, created on open
 */
public record StoreConfig(
    String jdbcUrl,
    Optional<String> user,
    Optional<String> password,
    int maxPoolSize,
    Optional<Path> dataDirectory) {

  /** The environment variable holding the database user for {@link #database(String)}. */
  public static final String DB_USER_ENV = "CROSSROLE_DB_USER";

  /** The environment variable holding the database password for {@link #database(String)}. */
  public static final String DB_PASSWORD_ENV = "CROSSROLE_DB_PASSWORD";

  /** The file name (before H2's {@code .mv.db}) of the embedded database in its data directory. */
  public static final String EMBEDDED_FILE_NAME = "crossrole";

  private static final int EMBEDDED_POOL_SIZE = 4;
  private static final int DATABASE_POOL_SIZE = 10;

  /**
   * H2 settings of the embedded store. WRITE_DELAY=0 makes every transaction that changed something
   * write its MVStore chunk to the file before its commit returns (H2's default, 500 ms, leaves
   * confirmed writes in memory for up to half a second, lost on kill -9). DB_CLOSE_ON_EXIT=FALSE
   * leaves closing to {@link JdbcIdentityStore#close()}, so that H2's own shutdown hook cannot
   * close the database under a server that is still draining requests. LOCK_TIMEOUT gives a writer
   * that waits for another's row lock 10 s instead of H2's 2 s. TRACE_LEVEL_FILE=0 stops H2 from
   * logging failed statements (a value too long is one, with the value) to a growing {@code
   * crossrole.trace.db} in the data directory; the store reports failures itself.
   * QUERY_CACHE_SIZE=64 keeps the compiled form of every statement a request runs (H2 keeps 8 per
   * connection by default, fewer than an authenticated and authorized request uses, and compiling
   * costs far more than running them).
   */
  static final String EMBEDDED_SETTINGS =
      ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000;TRACE_LEVEL_FILE=0"
          + ";QUERY_CACHE_SIZE=64";

  public StoreConfig {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    if (Backend.of(jdbcUrl) == Backend.H2) { // Backend.of rejects an unsupported URL
      jdbcUrl = withZeroWriteDelay(jdbcUrl.trim());
    }
    if (maxPoolSize < 1 || maxPoolSize > 200) {
      throw new IllegalArgumentException("maxPoolSize must be 1-200, got " + maxPoolSize);
    }
  }

  /**
   * The embedded store: an H2 database file {@code crossrole.mv.db} in {@code dataDirectory}, with
   * every committed transaction written to the file before the commit returns.
   */
  public static StoreConfig embedded(Path dataDirectory) {
    Path dir = dataDirectory.toAbsolutePath().normalize();
    String path = dir.resolve(EMBEDDED_FILE_NAME).toString().replace('\\', '/');
    if (path.contains(";")) {
      // H2 reads ';' in the URL as the start of its settings.
      throw new IllegalArgumentException("the data directory's path may not contain ';'");
    }
    return new StoreConfig(
        "jdbc:h2:file:" + path + EMBEDDED_SETTINGS,
        Optional.empty(),
        Optional.empty(),
        EMBEDDED_POOL_SIZE,
        Optional.of(dir));
  }

  /**
   * A database named by its JDBC URL (the server's {@code --db}), with the user and password from
   * the URL or from {@value #DB_USER_ENV} and {@value #DB_PASSWORD_ENV}.
   */
  public static StoreConfig database(String jdbcUrl) {
    return database(jdbcUrl, System.getenv());
  }

  /** As {@link #database(String)}, reading the user and password from {@code env}. */
  public static StoreConfig database(String jdbcUrl, Map<String, String> env) {
    return database(
        jdbcUrl,
        Optional.ofNullable(env.get(DB_USER_ENV)).filter(s -> !s.isEmpty()),
        Optional.ofNullable(env.get(DB_PASSWORD_ENV)).filter(s -> !s.isEmpty()));
  }

  /**
   * A database named by its JDBC URL, with the given user and password (either may also be given in
   * the URL, which then wins).
   */
  public static StoreConfig database(
      String jdbcUrl, Optional<String> user, Optional<String> password) {
    return new StoreConfig(jdbcUrl.trim(), user, password, DATABASE_POOL_SIZE, Optional.empty());
  }

  /** This config with another pool size. */
  public StoreConfig withMaxPoolSize(int size) {
    return new StoreConfig(jdbcUrl, user, password, size, dataDirectory);
  }

  /** The kind of database and where it is, without credentials or URL parameters. */
  public String description() {
    return Backend.of(jdbcUrl).describe(jdbcUrl);
  }

  @Override
  public String toString() {
    return "StoreConfig["
        + description()
        + ", user "
        + user.orElse("(from URL)")
        + ", password "
        + (password.isPresent() ? "(set)" : "(none)")
        + ", pool "
        + maxPoolSize
        + "]";
  }

  private static String withZeroWriteDelay(String url) {
    String upper = url.toUpperCase(Locale.ROOT);
    int at = upper.indexOf(";WRITE_DELAY=");
    if (at < 0) {
      return url + ";WRITE_DELAY=0";
    }
    int start = at + ";WRITE_DELAY=".length();
    int end = upper.indexOf(';', start);
    String value = url.substring(start, end < 0 ? url.length() : end).trim();
    if (!value.equals("0")) {
      throw new IllegalArgumentException(
          "an H2 store needs WRITE_DELAY=0 so that a confirmed write survives a crash");
    }
    return url;
  }
}
