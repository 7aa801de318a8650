package dev.crossrole.store.internal;

import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.IdentityException;
import dev.crossrole.core.PolicyHolder;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What writes on a user, role or group have in common, whichever of the three it is: finding its
 * row under lock, and the policy checks IAM makes before it is deleted.
 */
final class Holders {
  private Holders() {}

  /** The table of a holder of policies. */
  static String table(PolicyHolder holder) {
    return switch (holder) {
      case USER -> "users";
      case ROLE -> "roles";
      case GROUP -> "iam_groups";
    };
  }

  /**
   * Locks the row of a user, role or group, as {@link Statements#lockNamed} does, and returns its
   * name as stored.
   *
   * @throws IdentityException with {@code NO_SUCH_ENTITY}, naming it as given, when there is none
   */
  static String lock(Connection c, PolicyHolder holder, String accountId, String name)
      throws SQLException {
    return Statements.lockNamed(c, table(holder), accountId, Rows.fold(name))
        .orElseThrow(
            () ->
                new IdentityException(
                    ErrorCode.NO_SUCH_ENTITY, Messages.noSuchHolder(holder, name)));
  }

  /**
   * Refuses, with IAM's {@code DELETE_CONFLICT}, to delete a holder that still has inline policies
   * or attached managed policies; IAM names the inline ones first. The caller holds the holder's
   * lock, so neither kind can be added meanwhile.
   */
  static void requireNoPolicies(Connection c, PolicyHolder holder, String accountId, String nameLc)
      throws SQLException {
    if (Statements.exists(
        c,
        "SELECT 1 FROM inline_policies"
            + " WHERE account_id = ? AND holder_type = ? AND holder_name_lc = ?",
        accountId,
        holder.name(),
        nameLc)) {
      throw new IdentityException(ErrorCode.DELETE_CONFLICT, Messages.DELETE_POLICIES_FIRST);
    }
    if (Statements.exists(
        c,
        "SELECT 1 FROM policy_attachments"
            + " WHERE account_id = ? AND holder_type = ? AND holder_name_lc = ?",
        accountId,
        holder.name(),
        nameLc)) {
      throw new IdentityException(ErrorCode.DELETE_CONFLICT, Messages.DETACH_POLICIES_FIRST);
    }
  }
}
