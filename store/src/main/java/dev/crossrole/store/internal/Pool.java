package dev.crossrole.store.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Opens the connection pool and brings the schema up to date. */
public final class Pool {
  private Pool() {}

  /**
   * A started pool. Fails when the first connection cannot be made, so that a wrong URL or password
   * stops the server at start rather than at its first request.
   */
  public static HikariDataSource open(
      String jdbcUrl,
      Optional<String> user,
      Optional<String> password,
      int maxPoolSize,
      Backend backend) {
    HikariConfig hc = new HikariConfig();
    hc.setPoolName("crossrole-store");
    hc.setDriverClassName(backend.driverClassName());
    hc.setJdbcUrl(jdbcUrl);
    user.ifPresent(hc::setUsername);
    password.ifPresent(hc::setPassword);
    hc.setMaximumPoolSize(maxPoolSize);
    hc.setConnectionTimeout(10_000);
    if (backend == Backend.H2) {
      // An embedded database closes when its last connection does; connections that never
      // retire keep it open (and its file lock held) for as long as the store is.
      hc.setMaxLifetime(0);
    }
    return new HikariDataSource(hc);
  }

  /** Applies the migrations under {@code db/migration} that the database has not had yet. */
  public static void migrate(DataSource dataSource) {
    Flyway.configure(Pool.class.getClassLoader())
        // Through SLF4J like everything else, so that its per-migration INFO lines obey the
        // configured levels rather than Flyway's own choice of a console.
        .loggers("slf4j")
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .failOnMissingLocations(true)
        .load()
        .migrate();
  }

  /**
   * {@code text} with the URL, the password and any {@code password=} parameter blotted out, for
   * messages about a store that could not be opened.
   */
  public static String redact(
      String text, String jdbcUrl, Optional<String> password, String description) {
    String out = text == null ? "" : text;
    out = out.replace(jdbcUrl, description);
    if (password.isPresent() && !password.get().isEmpty()) {
      out = out.replace(password.get(), "****");
    }
    return out.replaceAll("(?i)(password=)[^&;\\s)'\"]*", "$1****");
  }
}
