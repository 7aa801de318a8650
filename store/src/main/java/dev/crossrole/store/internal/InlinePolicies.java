package dev.crossrole.store.internal;

import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.IdentityException;
import dev.crossrole.core.InlinePolicy;
import dev.crossrole.core.PolicyHolder;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The {@code inline_policies} table. Policy names, like holder names, are compared regardless of
 * case, as IAM does.
 */
public final class InlinePolicies {
  private static final String COLUMNS =
      "SELECT account_id, holder_type, holder_name, policy_name, document FROM inline_policies";

  private final Jdbc jdbc;

  public InlinePolicies(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** Creates or replaces a policy; the holder must exist. */
  /** Every inline policy of the account, ordered by holder type, holder name and name. */
  public List<InlinePolicy> all(String accountId) {
    List<InlinePolicy> policies =
        jdbc.read(
            c ->
                Statements.list(
                    c, InlinePolicies::map, COLUMNS + " WHERE account_id = ?", accountId));
    policies.sort(
        Comparator.comparing((InlinePolicy p) -> p.holder())
            .thenComparing(InlinePolicy::holderName, Users.NAME_ORDER)
            .thenComparing(InlinePolicy::policyName, Users.NAME_ORDER));
    return policies;
  }

  public void put(InlinePolicy policy) {
    jdbc.write(
        c -> {
          String holderName =
              Holders.lock(c, policy.holder(), policy.accountId(), policy.holderName());
          // The holder's row lock serializes writers of its policies, so update-else-insert
          // cannot race with another put of the same policy.
          int updated;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE inline_policies SET holder_name = ?, policy_name = ?, document = ?"
                      + " WHERE account_id = ? AND holder_type = ? AND holder_name_lc = ?"
                      + " AND policy_name_lc = ?")) {
            ps.setString(1, holderName);
            ps.setString(2, policy.policyName());
            ps.setString(3, policy.document());
            ps.setString(4, policy.accountId());
            ps.setString(5, policy.holder().name());
            ps.setString(6, Rows.fold(holderName));
            ps.setString(7, Rows.fold(policy.policyName()));
            updated = ps.executeUpdate();
          }
          if (updated == 0) {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO inline_policies (account_id, holder_type, holder_name_lc,"
                        + " holder_name, policy_name_lc, policy_name, document)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
              ps.setString(1, policy.accountId());
              ps.setString(2, policy.holder().name());
              ps.setString(3, Rows.fold(holderName));
              ps.setString(4, holderName);
              ps.setString(5, Rows.fold(policy.policyName()));
              ps.setString(6, policy.policyName());
              ps.setString(7, policy.document());
              ps.executeUpdate();
            }
          }
          return null;
        });
  }

  public Optional<InlinePolicy> get(
      PolicyHolder holder, String accountId, String holderName, String policyName) {
    return jdbc.read(
        c ->
            Statements.one(
                c,
                InlinePolicies::map,
                COLUMNS
                    + " WHERE account_id = ? AND holder_type = ? AND holder_name_lc = ?"
                    + " AND policy_name_lc = ?",
                accountId,
                holder.name(),
                Rows.fold(holderName),
                Rows.fold(policyName)));
  }

  public List<InlinePolicy> list(PolicyHolder holder, String accountId, String holderName) {
    List<InlinePolicy> policies =
        jdbc.read(
            c ->
                Statements.list(
                    c,
                    InlinePolicies::map,
                    COLUMNS + " WHERE account_id = ? AND holder_type = ? AND holder_name_lc = ?",
                    accountId,
                    holder.name(),
                    Rows.fold(holderName)));
    policies.sort(Comparator.comparing(InlinePolicy::policyName, Users.NAME_ORDER));
    return policies;
  }

  /** Deletes a policy: IAM names a missing holder first, then a missing policy. */
  public void delete(PolicyHolder holder, String accountId, String holderName, String policyName) {
    jdbc.write(
        c -> {
          Holders.lock(c, holder, accountId, holderName);
          int deleted =
              Statements.update(
                  c,
                  "DELETE FROM inline_policies WHERE account_id = ? AND holder_type = ?"
                      + " AND holder_name_lc = ? AND policy_name_lc = ?",
                  accountId,
                  holder.name(),
                  Rows.fold(holderName),
                  Rows.fold(policyName));
          if (deleted == 0) {
            throw new IdentityException(
                ErrorCode.NO_SUCH_ENTITY, Messages.noSuchPolicy(holder, policyName));
          }
          return null;
        });
  }

  private static InlinePolicy map(ResultSet rs) throws SQLException {
    return new InlinePolicy(
        PolicyHolder.valueOf(rs.getString("holder_type")),
        rs.getString("account_id"),
        rs.getString("holder_name"),
        rs.getString("policy_name"),
        rs.getString("document"));
  }
}
