package dev.crossrole.store.internal;

import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.IdentityException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * Short transactions on pooled connections, and the translation of SQL failures into {@link
 * IdentityException}s that name no connection string or password.
 *
 * <p>It counts the statements the store prepares (each is executed once), so that what a request
 * costs the database can be shown rather than inferred from the code.
 */
public final class Jdbc {
  /** Attempts for a transaction that the database aborted to break a deadlock or a conflict. */
  private static final int MAX_ATTEMPTS = 3;

  /** The {@link Connection} methods that create a statement, and so are counted. */
  private static final Set<String> STATEMENT_FACTORIES =
      Set.of("prepareStatement", "createStatement", "prepareCall");

  private final DataSource dataSource;
  private final LongAdder statements = new LongAdder();

  public Jdbc(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** How many statements this store has created since it opened (schema migrations excluded). */
  public long statementCount() {
    return statements.sum();
  }

  /**
   * The connection a unit of work sees: the pooled one, counting the statements created on it. A
   * proxy keeps every statement-creating call site counted without each having to remember to.
   */
  private Connection counted(Connection c) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (STATEMENT_FACTORIES.contains(method.getName())) {
            statements.increment();
          }
          try {
            return method.invoke(c, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
  }

  /** Runs a read on an auto-commit connection. */
  public <T> T read(SqlWork<T> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.run(counted(c));
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /**
   * Runs {@code work} in one transaction and commits it; rolls back when it throws. A transaction
   * the database chose as a deadlock or serialization victim is run again, a few times at most.
   */
  public <T> T write(SqlWork<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return writeOnce(work);
      } catch (SQLException e) {
        if (!isRetryable(e) || attempt == MAX_ATTEMPTS) {
          throw failure(e);
        }
      }
    }
  }

  private <T> T writeOnce(SqlWork<T> work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(counted(c));
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException rollbackFailure) {
          e.addSuppressed(rollbackFailure);
        }
        throw e;
      }
      // Closing hands the connection back to the pool, which restores auto-commit.
    }
  }

  /** Whether {@code e} reports a duplicate key (SQLState 23505 on H2 and PostgreSQL). */
  public static boolean isUniqueViolation(SQLException e) {
    return "23505".equals(e.getSQLState());
  }

  /**
   * Whether {@code e} reports a broken foreign key: PostgreSQL says 23503 for both a missing parent
   * and a remaining child, H2 says 23506 for the first and 23503 for the second.
   */
  public static boolean isForeignKeyViolation(SQLException e) {
    String state = e.getSQLState();
    return "23503".equals(state) || "23506".equals(state);
  }

  /**
   * Whether the constraint {@code e} reports is {@code name}: both databases name it in the message
   * (H2 in upper case, as part of its index name).
   */
  public static boolean names(SQLException e, String constraintName) {
    String message = e.getMessage();
    return message != null
        && message.toLowerCase(Locale.ROOT).contains(constraintName.toLowerCase(Locale.ROOT));
  }

  private static boolean isRetryable(SQLException e) {
    String state = e.getSQLState();
    // 40001: serialization failure or deadlock (H2, PostgreSQL); 40P01: deadlock (PostgreSQL).
    return "40001".equals(state) || "40P01".equals(state);
  }

  /**
   * The exception for a failed statement. The message gives the SQLState only: driver messages can
   * quote values, and the caller's error response must not. The cause keeps the details for logs;
   * drivers do not put connection passwords in their messages.
   */
  public static IdentityException failure(SQLException e) {
    String state = e.getSQLState() == null ? "unknown" : e.getSQLState();
    if (state.equals("22001")) {
      return new IdentityException(ErrorCode.VALIDATION_ERROR, Messages.VALUE_TOO_LONG, e);
    }
    return new IdentityException(
        ErrorCode.SERVICE_FAILURE,
        "The identity store could not complete the request (SQLState " + state + ").",
        e);
  }
}
