package dev.crossrole.store.internal;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done on one connection, inside or outside a transaction. */
@FunctionalInterface
public interface SqlWork<T> {
  T run(Connection connection) throws SQLException;
}
