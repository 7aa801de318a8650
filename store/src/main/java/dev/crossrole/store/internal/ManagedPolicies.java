package dev.crossrole.store.internal;

import dev.crossrole.core.AwsManagedPolicies;
import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.IdentityException;
import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.ManagedPolicy;
import dev.crossrole.core.ManagedPolicyVersion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code managed_policies} and {@code managed_policy_versions} tables: customer managed
 * policies. AWS managed policies are answered from {@link AwsManagedPolicies} and cannot be
 * written.
 */
public final class ManagedPolicies {
  private static final String COLUMNS =
      "SELECT account_id, name, path, policy_id, created_at, updated_at, description,"
          + " default_version, tags_json FROM managed_policies";

  private static final Pattern VERSION_ID = Pattern.compile("v([1-9][0-9]{0,8})");

  private final Jdbc jdbc;

  public ManagedPolicies(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  public void create(ManagedPolicy policy, String document) {
    jdbc.write(
        c -> {
          if (Statements.exists(
              c,
              "SELECT 1 FROM managed_policies WHERE account_id = ? AND name_lc = ?",
              policy.accountId(),
              Rows.fold(policy.name()))) {
            throw new IdentityException(
                ErrorCode.ENTITY_ALREADY_EXISTS, Messages.policyExists(policy.name()));
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO managed_policies (account_id, name_lc, name, path, arn, arn_lc,"
                      + " policy_id, created_at, updated_at, description, default_version,"
                      + " next_version, tags_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 2, ?)")) {
            ps.setString(1, policy.accountId());
            ps.setString(2, Rows.fold(policy.name()));
            ps.setString(3, policy.name());
            ps.setString(4, policy.path());
            ps.setString(5, policy.arn());
            ps.setString(6, Rows.fold(policy.arn()));
            ps.setString(7, policy.policyId());
            Rows.setInstant(ps, 8, policy.created());
            Rows.setInstant(ps, 9, policy.created());
            Rows.setOptionalString(ps, 10, policy.description());
            ps.setString(11, Rows.tagsToJson(policy.tags()));
            ps.executeUpdate();
          } catch (SQLException e) {
            if (Jdbc.isUniqueViolation(e)) {
              throw new IdentityException(
                  ErrorCode.ENTITY_ALREADY_EXISTS, Messages.policyExists(policy.name()), e);
            }
            if (Jdbc.isForeignKeyViolation(e)) {
              throw new IdentityException(
                  ErrorCode.NO_SUCH_ENTITY, Messages.noSuchAccount(policy.accountId()), e);
            }
            throw e;
          }
          insertVersion(c, policy.accountId(), policy.name(), 1, document, policy.created());
          return null;
        });
  }

  public Optional<ManagedPolicy> get(String arn) {
    if (AwsManagedPolicies.isAwsManagedArn(arn)) {
      return AwsManagedPolicies.byArn(arn).map(AwsManagedPolicies.Entry::policy);
    }
    return jdbc.read(
        c ->
            Statements.one(c, ManagedPolicies::map, COLUMNS + " WHERE arn_lc = ?", Rows.fold(arn)));
  }

  public List<ManagedPolicy> list(String accountId) {
    List<ManagedPolicy> policies =
        jdbc.read(
            c ->
                Statements.list(
                    c, ManagedPolicies::map, COLUMNS + " WHERE account_id = ?", accountId));
    policies.sort(Comparator.comparing(ManagedPolicy::name, Users.NAME_ORDER));
    return policies;
  }

  /**
   * Deletes a customer managed policy: refused while any user, group or role has it attached or as
   * its permissions boundary, and while it has versions other than the default one.
   */
  public void delete(String arn) {
    jdbc.write(
        c -> {
          ManagedPolicy p = lock(c, arn);
          if (Statements.exists(
                  c,
                  "SELECT 1 FROM policy_attachments WHERE account_id = ? AND policy_arn_lc = ?",
                  p.accountId(),
                  Rows.fold(p.arn()))
              || Statements.exists(
                  c,
                  "SELECT 1 FROM users WHERE account_id = ? AND permissions_boundary_arn = ?",
                  p.accountId(),
                  p.arn())
              || Statements.exists(
                  c,
                  "SELECT 1 FROM roles WHERE account_id = ? AND permissions_boundary_arn = ?",
                  p.accountId(),
                  p.arn())) {
            throw new IdentityException(ErrorCode.DELETE_CONFLICT, Messages.POLICY_ATTACHED);
          }
          String nameLc = Rows.fold(p.name());
          int versions =
              Statements.count(
                  c,
                  "SELECT COUNT(*) FROM managed_policy_versions"
                      + " WHERE account_id = ? AND policy_name_lc = ?",
                  p.accountId(),
                  nameLc);
          if (versions > 1) {
            throw new IdentityException(ErrorCode.DELETE_CONFLICT, Messages.POLICY_HAS_VERSIONS);
          }
          Statements.update(
              c,
              "DELETE FROM managed_policy_versions WHERE account_id = ? AND policy_name_lc = ?",
              p.accountId(),
              nameLc);
          Statements.update(
              c,
              "DELETE FROM managed_policies WHERE account_id = ? AND name_lc = ?",
              p.accountId(),
              nameLc);
          return null;
        });
  }

  public ManagedPolicyVersion createVersion(
      String arn, String document, boolean setAsDefault, Instant created) {
    return jdbc.write(
        c -> {
          ManagedPolicy p = lock(c, arn);
          String nameLc = Rows.fold(p.name());
          int versions =
              Statements.count(
                  c,
                  "SELECT COUNT(*) FROM managed_policy_versions"
                      + " WHERE account_id = ? AND policy_name_lc = ?",
                  p.accountId(),
                  nameLc);
          if (versions >= IdentityStore.MAX_POLICY_VERSIONS) {
            throw new IdentityException(ErrorCode.LIMIT_EXCEEDED, Messages.TOO_MANY_VERSIONS);
          }
          int number =
              Statements.count(
                  c,
                  "SELECT next_version FROM managed_policies WHERE account_id = ? AND name_lc = ?",
                  p.accountId(),
                  nameLc);
          insertVersion(c, p.accountId(), p.name(), number, document, created);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE managed_policies SET next_version = ?, updated_at = ?,"
                      + " default_version = "
                      + (setAsDefault ? "?" : "default_version")
                      + " WHERE account_id = ? AND name_lc = ?")) {
            int i = 1;
            ps.setInt(i++, number + 1);
            Rows.setInstant(ps, i++, created);
            if (setAsDefault) {
              ps.setInt(i++, number);
            }
            ps.setString(i++, p.accountId());
            ps.setString(i, nameLc);
            ps.executeUpdate();
          }
          return new ManagedPolicyVersion(p.arn(), "v" + number, document, setAsDefault, created);
        });
  }

  public Optional<ManagedPolicyVersion> version(String arn, String versionId) {
    if (AwsManagedPolicies.isAwsManagedArn(arn)) {
      return AwsManagedPolicies.byArn(arn)
          .map(AwsManagedPolicies.Entry::defaultVersion)
          .filter(v -> v.versionId().equals(versionId));
    }
    Matcher m = VERSION_ID.matcher(versionId);
    if (!m.matches()) {
      return Optional.empty();
    }
    return versions(arn, Optional.of(Integer.parseInt(m.group(1)))).stream().findFirst();
  }

  /** The versions, newest first. */
  public List<ManagedPolicyVersion> versions(String arn) {
    if (AwsManagedPolicies.isAwsManagedArn(arn)) {
      return AwsManagedPolicies.byArn(arn).map(e -> List.of(e.defaultVersion())).orElse(List.of());
    }
    return versions(arn, Optional.empty());
  }

  private List<ManagedPolicyVersion> versions(String arn, Optional<Integer> only) {
    return jdbc.read(
        c -> {
          String sql =
              "SELECT p.arn, v.version_number, v.document, v.created_at, p.default_version"
                  + " FROM managed_policy_versions v JOIN managed_policies p"
                  + " ON p.account_id = v.account_id AND p.name_lc = v.policy_name_lc"
                  + " WHERE p.arn_lc = ?"
                  + (only.isPresent() ? " AND v.version_number = ?" : "")
                  + " ORDER BY v.version_number DESC";
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, Rows.fold(arn));
            if (only.isPresent()) {
              ps.setInt(2, only.get());
            }
            try (ResultSet rs = ps.executeQuery()) {
              List<ManagedPolicyVersion> out = new ArrayList<>();
              while (rs.next()) {
                int n = rs.getInt("version_number");
                out.add(
                    new ManagedPolicyVersion(
                        rs.getString("arn"),
                        "v" + n,
                        rs.getString("document"),
                        n == rs.getInt("default_version"),
                        Rows.instant(rs, "created_at")));
              }
              return out;
            }
          }
        });
  }

  public void deleteVersion(String arn, String versionId) {
    jdbc.write(
        c -> {
          ManagedPolicy p = lock(c, arn);
          int number = number(arn, versionId);
          if (versionId.equals(p.defaultVersionId())) {
            throw new IdentityException(ErrorCode.DELETE_CONFLICT, Messages.DEFAULT_VERSION);
          }
          String nameLc = Rows.fold(p.name());
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM managed_policy_versions"
                      + " WHERE account_id = ? AND policy_name_lc = ? AND version_number = ?")) {
            ps.setString(1, p.accountId());
            ps.setString(2, nameLc);
            ps.setInt(3, number);
            if (ps.executeUpdate() == 0) {
              throw new IdentityException(
                  ErrorCode.NO_SUCH_ENTITY, Messages.noSuchPolicyVersion(p.arn(), versionId));
            }
          }
          // UpdateDate is when the newest remaining version was created.
          Statements.update(
              c,
              "UPDATE managed_policies SET updated_at = (SELECT MAX(v.created_at)"
                  + " FROM managed_policy_versions v WHERE v.account_id = managed_policies.account_id"
                  + " AND v.policy_name_lc = managed_policies.name_lc)"
                  + " WHERE account_id = ? AND name_lc = ?",
              p.accountId(),
              nameLc);
          return null;
        });
  }

  public void setDefaultVersion(String arn, String versionId) {
    jdbc.write(
        c -> {
          ManagedPolicy p = lock(c, arn);
          int number = number(arn, versionId);
          String nameLc = Rows.fold(p.name());
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT 1 FROM managed_policy_versions"
                      + " WHERE account_id = ? AND policy_name_lc = ? AND version_number = ?")) {
            ps.setString(1, p.accountId());
            ps.setString(2, nameLc);
            ps.setInt(3, number);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw new IdentityException(
                    ErrorCode.NO_SUCH_ENTITY, Messages.noSuchPolicyVersion(p.arn(), versionId));
              }
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE managed_policies SET default_version = ?"
                      + " WHERE account_id = ? AND name_lc = ?")) {
            ps.setInt(1, number);
            ps.setString(2, p.accountId());
            ps.setString(3, nameLc);
            ps.executeUpdate();
          }
          return null;
        });
  }

  private static int number(String arn, String versionId) {
    Matcher m = VERSION_ID.matcher(versionId);
    if (!m.matches()) {
      throw new IdentityException(
          ErrorCode.NO_SUCH_ENTITY, Messages.noSuchPolicyVersion(arn, versionId));
    }
    return Integer.parseInt(m.group(1));
  }

  /**
   * Locks a customer managed policy's row (a writer of its versions, a deleter, or an attacher) and
   * returns it; NoSuchEntity when there is none.
   */
  static ManagedPolicy lock(Connection c, String arn) throws SQLException {
    return Statements.one(
            c, ManagedPolicies::map, COLUMNS + " WHERE arn_lc = ? FOR UPDATE", Rows.fold(arn))
        .orElseThrow(
            () ->
                new IdentityException(ErrorCode.NO_SUCH_ENTITY, Messages.noSuchManagedPolicy(arn)));
  }

  private static void insertVersion(
      Connection c,
      String accountId,
      String policyName,
      int number,
      String document,
      Instant created)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO managed_policy_versions (account_id, policy_name_lc, version_number,"
                + " document, created_at) VALUES (?, ?, ?, ?, ?)")) {
      ps.setString(1, accountId);
      ps.setString(2, Rows.fold(policyName));
      ps.setInt(3, number);
      ps.setString(4, document);
      Rows.setInstant(ps, 5, created);
      ps.executeUpdate();
    }
  }

  static ManagedPolicy map(ResultSet rs) throws SQLException {
    return new ManagedPolicy(
        rs.getString("account_id"),
        rs.getString("path"),
        rs.getString("name"),
        rs.getString("policy_id"),
        Rows.instant(rs, "created_at"),
        Rows.instant(rs, "updated_at"),
        Rows.optionalString(rs, "description"),
        "v" + rs.getInt("default_version"),
        Rows.tagsFromJson(rs.getString("tags_json")));
  }
}
