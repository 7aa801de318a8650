package dev.crossrole.store.internal;

import java.util.Locale;

/** The databases the store runs on, told apart by their JDBC URL. */
public enum Backend {
  H2("jdbc:h2:", "org.h2.Driver"),
  POSTGRESQL("jdbc:postgresql:", "org.postgresql.Driver");

  private final String urlPrefix;
  private final String driverClassName;

  Backend(String urlPrefix, String driverClassName) {
    this.urlPrefix = urlPrefix;
    this.driverClassName = driverClassName;
  }

  /**
   * The backend of a JDBC URL.
   *
   * @throws IllegalArgumentException for a URL of another database (the message does not repeat the
   *     URL, which may hold a password)
   */
  public static Backend of(String jdbcUrl) {
    String url = jdbcUrl.trim().toLowerCase(Locale.ROOT);
    for (Backend b : values()) {
      if (url.startsWith(b.urlPrefix)) {
        return b;
      }
    }
    throw new IllegalArgumentException(
        "unsupported database URL: expected jdbc:postgresql://HOST[:PORT]/DATABASE"
            + " or jdbc:h2:…");
  }

  /**
   * The driver class, named explicitly so that a shaded jar whose {@code META-INF/services} lost a
   * driver still finds it.
   */
  public String driverClassName() {
    return driverClassName;
  }

  /** The database a URL names, without credentials, settings or query parameters. */
  public String describe(String jdbcUrl) {
    String rest = jdbcUrl.trim().substring(urlPrefix.length());
    return switch (this) {
      case H2 -> {
        int semicolon = rest.indexOf(';');
        String name = semicolon < 0 ? rest : rest.substring(0, semicolon);
        if (name.startsWith("mem:")) {
          yield "in-memory H2 database " + name.substring(4);
        }
        if (name.startsWith("tcp:") || name.startsWith("ssl:")) {
          yield "H2 server database " + name.substring(4);
        }
        yield "embedded H2 database " + (name.startsWith("file:") ? name.substring(5) : name);
      }
      case POSTGRESQL -> {
        int query = rest.indexOf('?');
        String target = query < 0 ? rest : rest.substring(0, query);
        if (target.startsWith("//")) {
          target = target.substring(2);
        }
        int slash = target.indexOf('/');
        int at = target.lastIndexOf('@', slash < 0 ? target.length() : slash);
        if (at >= 0) {
          // user:password@host is not PgJDBC syntax, but never show it if someone writes it.
          target = target.substring(at + 1);
        }
        yield "PostgreSQL database " + target;
      }
    };
  }
}
