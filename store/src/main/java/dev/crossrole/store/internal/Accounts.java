package dev.crossrole.store.internal;

import dev.crossrole.core.Account;
import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.IdentityException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The {@code accounts} table. */
public final class Accounts {
  private static final String COLUMNS = "SELECT account_id, name FROM accounts";

  private final Jdbc jdbc;

  public Accounts(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  public void create(Account account) {
    jdbc.write(
        c -> {
          if (Statements.exists(c, "SELECT 1 FROM accounts WHERE account_id = ?", account.id())) {
            throw new IdentityException(
                ErrorCode.ENTITY_ALREADY_EXISTS, Messages.accountIdExists(account.id()));
          }
          if (Statements.exists(c, "SELECT 1 FROM accounts WHERE name = ?", account.name())) {
            throw new IdentityException(
                ErrorCode.ENTITY_ALREADY_EXISTS, Messages.accountNameExists(account.name()));
          }
          try {
            Statements.update(
                c,
                "INSERT INTO accounts (account_id, name) VALUES (?, ?)",
                account.id(),
                account.name());
          } catch (SQLException e) {
            if (Jdbc.isUniqueViolation(e)) {
              // Another node inserted it since the checks above.
              throw new IdentityException(
                  ErrorCode.ENTITY_ALREADY_EXISTS,
                  Jdbc.names(e, "accounts_name_uq")
                      ? Messages.accountNameExists(account.name())
                      : Messages.accountIdExists(account.id()),
                  e);
            }
            throw e;
          }
          return null;
        });
  }

  /** Every account, by id. */
  public List<Account> all() {
    List<Account> accounts = jdbc.read(c -> Statements.list(c, Accounts::map, COLUMNS));
    accounts.sort(Comparator.comparing(Account::id));
    return accounts;
  }

  public Optional<Account> byId(String accountId) {
    return jdbc.read(
        c -> Statements.one(c, Accounts::map, COLUMNS + " WHERE account_id = ?", accountId));
  }

  private static Account map(ResultSet rs) throws SQLException {
    return new Account(rs.getString("name"), rs.getString("account_id"));
  }
}
