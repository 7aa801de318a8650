package dev.crossrole.store.internal;

import dev.crossrole.core.AttachedPolicy;
import dev.crossrole.core.AwsManagedPolicies;
import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.IdentityException;
import dev.crossrole.core.IdentityPolicies;
import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.ManagedPolicy;
import dev.crossrole.core.PolicyAttachment;
import dev.crossrole.core.PolicyHolder;
import dev.crossrole.core.PolicyUsage;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code policy_attachments} table and the permissions boundaries of users and roles, and the
 * read of every identity-based policy of a principal that authorization needs.
 */
public final class Attachments {
  /** What a boundary naming a policy that cannot be found allows: nothing. */
  private static final String ALLOWS_NOTHING =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"*\","
          + "\"Resource\":\"*\"}]}";

  private static final String ATTACHMENT_COLUMNS =
      "SELECT a.holder_type, a.account_id, a.policy_arn, COALESCE(u.name, r.name, g.name) AS holder,"
          + " COALESCE(u.user_id, r.role_id, g.group_id) AS holder_id,"
          + " COALESCE(u.path, r.path, g.path) AS holder_path"
          + " FROM policy_attachments a"
          + " LEFT JOIN users u ON a.holder_type = 'USER' AND u.account_id = a.account_id"
          + " AND u.name_lc = a.holder_name_lc"
          + " LEFT JOIN roles r ON a.holder_type = 'ROLE' AND r.account_id = a.account_id"
          + " AND r.name_lc = a.holder_name_lc"
          + " LEFT JOIN iam_groups g ON a.holder_type = 'GROUP' AND g.account_id = a.account_id"
          + " AND g.name_lc = a.holder_name_lc";

  private final Jdbc jdbc;
  private final Backend backend;

  public Attachments(Jdbc jdbc, Backend backend) {
    this.jdbc = jdbc;
    this.backend = backend;
  }

  /**
   * Attaches a policy: the holder must exist (IAM names it first), then the policy, which for a
   * customer managed one must belong to the holder's account.
   */
  public void attach(PolicyHolder holder, String accountId, String holderName, String arn) {
    jdbc.write(
        c -> {
          Holders.lock(c, holder, accountId, holderName);
          ManagedPolicy policy = attachable(c, accountId, arn, Messages.notAttachable(arn));
          String holderLc = Rows.fold(holderName);
          String arnLc = Rows.fold(policy.arn());
          if (Statements.exists(
              c,
              "SELECT 1 FROM policy_attachments WHERE account_id = ? AND holder_type = ?"
                  + " AND holder_name_lc = ? AND policy_arn_lc = ?",
              accountId,
              holder.name(),
              holderLc,
              arnLc)) {
            return null;
          }
          int attached =
              Statements.count(
                  c,
                  "SELECT COUNT(*) FROM policy_attachments WHERE account_id = ?"
                      + " AND holder_type = ? AND holder_name_lc = ?",
                  accountId,
                  holder.name(),
                  holderLc);
          if (attached >= IdentityStore.MAX_MANAGED_POLICIES_PER_ENTITY) {
            throw new IdentityException(
                ErrorCode.LIMIT_EXCEEDED,
                Messages.quota(
                    "PoliciesPer" + title(holder), IdentityStore.MAX_MANAGED_POLICIES_PER_ENTITY));
          }
          Statements.update(
              c,
              "INSERT INTO policy_attachments (account_id, holder_type, holder_name_lc,"
                  + " policy_arn_lc, policy_arn, policy_name) VALUES (?, ?, ?, ?, ?, ?)",
              accountId,
              holder.name(),
              holderLc,
              arnLc,
              policy.arn(),
              policy.name());
          return null;
        });
  }

  public void detach(PolicyHolder holder, String accountId, String holderName, String arn) {
    jdbc.write(
        c -> {
          Holders.lock(c, holder, accountId, holderName);
          int removed =
              Statements.update(
                  c,
                  "DELETE FROM policy_attachments WHERE account_id = ? AND holder_type = ?"
                      + " AND holder_name_lc = ? AND policy_arn_lc = ?",
                  accountId,
                  holder.name(),
                  Rows.fold(holderName),
                  Rows.fold(arn));
          if (removed == 0) {
            throw new IdentityException(
                ErrorCode.NO_SUCH_ENTITY, Messages.noSuchManagedPolicy(arn));
          }
          return null;
        });
  }

  public List<AttachedPolicy> attached(PolicyHolder holder, String accountId, String holderName) {
    List<AttachedPolicy> out =
        jdbc.read(
            c ->
                Statements.list(
                    c,
                    rs -> new AttachedPolicy(rs.getString(1), rs.getString(2)),
                    "SELECT policy_name, policy_arn FROM policy_attachments"
                        + " WHERE account_id = ? AND holder_type = ? AND holder_name_lc = ?",
                    accountId,
                    holder.name(),
                    Rows.fold(holderName)));
    out.sort(
        Comparator.comparing(AttachedPolicy::policyName, Users.NAME_ORDER)
            .thenComparing(AttachedPolicy::policyArn));
    return out;
  }

  public List<PolicyAttachment> all(String accountId) {
    return sorted(
        jdbc.read(
            c ->
                Statements.list(
                    c,
                    Attachments::map,
                    ATTACHMENT_COLUMNS + " WHERE a.account_id = ?",
                    accountId)));
  }

  public List<PolicyAttachment> ofPolicy(String accountId, String arn) {
    return sorted(
        jdbc.read(
            c ->
                Statements.list(
                    c,
                    Attachments::map,
                    ATTACHMENT_COLUMNS + " WHERE a.account_id = ? AND a.policy_arn_lc = ?",
                    accountId,
                    Rows.fold(arn))));
  }

  public List<PolicyAttachment> boundaryUses(String accountId, String arn) {
    Optional<String> canonical = canonicalArn(arn);
    if (canonical.isEmpty()) {
      return List.of();
    }
    return sorted(
        jdbc.read(
            c ->
                Statements.list(
                    c,
                    rs ->
                        new PolicyAttachment(
                            PolicyHolder.valueOf(rs.getString(1)),
                            accountId,
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            canonical.get()),
                    "SELECT 'USER', name, user_id, path FROM users"
                        + " WHERE account_id = ? AND permissions_boundary_arn = ?"
                        + " UNION ALL SELECT 'ROLE', name, role_id, path FROM roles"
                        + " WHERE account_id = ? AND permissions_boundary_arn = ?",
                    accountId,
                    canonical.get(),
                    accountId,
                    canonical.get())));
  }

  public PolicyUsage usage(String accountId, String arn) {
    Optional<String> canonical = canonicalArn(arn);
    if (canonical.isEmpty()) {
      return PolicyUsage.NONE;
    }
    return jdbc.read(
        c ->
            new PolicyUsage(
                Statements.count(
                    c,
                    "SELECT COUNT(*) FROM policy_attachments"
                        + " WHERE account_id = ? AND policy_arn_lc = ?",
                    accountId,
                    Rows.fold(arn)),
                Statements.count(
                    c,
                    "SELECT (SELECT COUNT(*) FROM users"
                        + " WHERE account_id = ? AND permissions_boundary_arn = ?)"
                        + " + (SELECT COUNT(*) FROM roles"
                        + " WHERE account_id = ? AND permissions_boundary_arn = ?)",
                    accountId,
                    canonical.get(),
                    accountId,
                    canonical.get())));
  }

  /**
   * The usage of every policy the account uses, keyed by its folded ARN: attachments and boundaries
   * counted per policy by the database in one statement, rather than every entity read.
   */
  public Map<String, PolicyUsage> usages(String accountId) {
    List<UsageCount> counts =
        jdbc.read(
            c ->
                Statements.list(
                    c,
                    rs ->
                        new UsageCount(rs.getString(1).equals("A"), rs.getString(2), rs.getInt(3)),
                    "SELECT 'A', policy_arn_lc, COUNT(*) FROM policy_attachments"
                        + " WHERE account_id = ? GROUP BY policy_arn_lc"
                        + " UNION ALL SELECT 'B', b.arn, COUNT(*) FROM"
                        + " (SELECT permissions_boundary_arn AS arn FROM users"
                        + " WHERE account_id = ? AND permissions_boundary_arn IS NOT NULL"
                        + " UNION ALL SELECT permissions_boundary_arn FROM roles"
                        + " WHERE account_id = ? AND permissions_boundary_arn IS NOT NULL) b"
                        + " GROUP BY b.arn",
                    accountId,
                    accountId,
                    accountId));
    // Boundaries are grouped by the ARN as stored: folding here adds up spellings that differ only
    // in case, as the attachments' folded column does.
    Map<String, PolicyUsage> usages = new TreeMap<>();
    for (UsageCount u : counts) {
      PolicyUsage add =
          u.attachment() ? new PolicyUsage(u.count(), 0) : new PolicyUsage(0, u.count());
      usages.merge(
          Rows.fold(u.arn()),
          add,
          (a, b) ->
              new PolicyUsage(
                  a.attachmentCount() + b.attachmentCount(),
                  a.permissionsBoundaryUsageCount() + b.permissionsBoundaryUsageCount()));
    }
    return usages;
  }

  /** One row of {@link #usages}: attachments or boundary uses of one policy. */
  private record UsageCount(boolean attachment, String arn, int count) {}

  /** Sets or clears the boundary of a user or role; the policy must exist and be usable here. */
  public void setBoundary(
      PolicyHolder holder, String accountId, String holderName, Optional<String> arn) {
    if (holder == PolicyHolder.GROUP) {
      throw new IllegalArgumentException("groups have no permissions boundary");
    }
    jdbc.write(
        c -> {
          Holders.lock(c, holder, accountId, holderName);
          Optional<String> canonical = Optional.empty();
          if (arn.isPresent()) {
            canonical =
                Optional.of(
                    attachable(c, accountId, arn.get(), Messages.noSuchBoundary(arn.get())).arn());
          }
          Statements.update(
              c,
              "UPDATE "
                  + Holders.table(holder)
                  + " SET permissions_boundary_arn = ? WHERE account_id = ? AND name_lc = ?",
              canonical.orElse(null),
              accountId,
              Rows.fold(holderName));
          return null;
        });
  }

  /**
   * Every identity-based policy of a user (with its groups') or a role: inline policies, the
   * default versions of attached managed policies, and the permissions boundary's default version.
   * Each part is a plain indexed lookup. On PostgreSQL they go as one {@code UNION ALL} statement
   * (one round trip, prepared once per connection by the driver); on embedded H2, which has no
   * round trips but does not cache the compiled form of a union, as separate statements on one
   * connection, each of which H2 keeps compiled: the entity's row first (a principal that no longer
   * exists needs nothing more), its groups' policies only when it is in a group.
   */
  public IdentityPolicies identityPolicies(
      PolicyHolder holder, String accountId, String holderName) {
    if (holder == PolicyHolder.GROUP) {
      throw new IllegalArgumentException("a group is not a principal");
    }
    String nameLc = Rows.fold(holderName);
    String type = holder.name();
    String defaultVersion =
        " LEFT JOIN managed_policy_versions v ON v.account_id = p.account_id"
            + " AND v.policy_name_lc = p.name_lc AND v.version_number = p.default_version";
    String attached =
        " LEFT JOIN managed_policies p ON p.arn_lc = x.policy_arn_lc" + defaultVersion;
    // The entity itself: whether it exists, whether it is in any group, and its boundary.
    String entity =
        "SELECT 'E' AS kind, "
            + (holder == PolicyHolder.USER
                ? "CASE WHEN EXISTS (SELECT 1 FROM group_members m WHERE m.account_id ="
                    + " e.account_id AND m.user_name_lc = e.name_lc) THEN 'G' END"
                : "NULL")
            + " AS holder_type, NULL AS holder_name, e.permissions_boundary_arn AS name,"
            + " v.document AS document FROM "
            + Holders.table(holder)
            + " e LEFT JOIN managed_policies p ON p.arn = e.permissions_boundary_arn"
            + defaultVersion
            + " WHERE e.account_id = ? AND e.name_lc = ?";
    List<String> parts = new ArrayList<>();
    parts.add(
        "SELECT 'I', x.holder_type, x.holder_name, x.policy_name, x.document"
            + " FROM inline_policies x"
            + " WHERE x.account_id = ? AND x.holder_type = '"
            + type
            + "' AND x.holder_name_lc = ?");
    parts.add(
        "SELECT 'M', x.holder_type, x.holder_name_lc, x.policy_arn, v.document"
            + " FROM policy_attachments x"
            + attached
            + " WHERE x.account_id = ? AND x.holder_type = '"
            + type
            + "' AND x.holder_name_lc = ?");
    if (holder == PolicyHolder.USER) {
      String groups =
          " FROM group_members m JOIN %s x ON x.account_id = m.account_id"
              + " AND x.holder_type = 'GROUP' AND x.holder_name_lc = m.group_name_lc";
      parts.add(
          "SELECT 'I', x.holder_type, x.holder_name, x.policy_name, x.document"
              + groups.formatted("inline_policies")
              + " WHERE m.account_id = ? AND m.user_name_lc = ?");
      parts.add(
          "SELECT 'M', x.holder_type, x.holder_name_lc, x.policy_arn, v.document"
              + groups.formatted("policy_attachments")
              + attached
              + " WHERE m.account_id = ? AND m.user_name_lc = ?");
    }
    List<String[]> rows =
        jdbc.read(
            c -> {
              List<String[]> all = new ArrayList<>();
              if (backend == Backend.POSTGRESQL) {
                String[] params = new String[(parts.size() + 1) * 2];
                for (int i = 0; i < params.length; i += 2) {
                  params[i] = accountId;
                  params[i + 1] = nameLc;
                }
                String sql = entity + " UNION ALL " + String.join(" UNION ALL ", parts);
                all.addAll(Statements.list(c, Attachments::fiveStrings, sql, params));
                return all;
              }
              all.addAll(Statements.list(c, Attachments::fiveStrings, entity, accountId, nameLc));
              if (all.isEmpty()) {
                return all;
              }
              // The group parts (the last two of a user's) only when the user is in a group.
              int count = "G".equals(all.get(0)[1]) ? parts.size() : 2;
              for (String part : parts.subList(0, count)) {
                all.addAll(Statements.list(c, Attachments::fiveStrings, part, accountId, nameLc));
              }
              return all;
            });
    List<IdentityPolicies.Document> inline = new ArrayList<>();
    Map<String, IdentityPolicies.Document> managed = new TreeMap<>();
    Optional<IdentityPolicies.Document> boundary = Optional.empty();
    if (rows.stream().noneMatch(r -> r[0].equals("E"))) {
      return IdentityPolicies.NONE;
    }
    for (String[] row : rows) {
      switch (row[0]) {
        case "I" ->
            inline.add(
                new IdentityPolicies.Document(
                    row[1].equals("GROUP") ? row[2] + "/" + row[3] : row[3], row[4]));
        // A policy attached to the user and to one of its groups counts once.
        case "M" ->
            managed.putIfAbsent(
                row[3], new IdentityPolicies.Document(row[3], document(row[3], row[4])));
        default -> {
          if (row[3] != null) {
            boundary = Optional.of(new IdentityPolicies.Document(row[3], document(row[3], row[4])));
          }
        }
      }
    }
    inline.sort(Comparator.comparing(IdentityPolicies.Document::name));
    return new IdentityPolicies(inline, List.copyOf(managed.values()), boundary);
  }

  private static String[] fiveStrings(ResultSet rs) throws SQLException {
    return new String[] {
      rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)
    };
  }

  /**
   * The stored document, the built-in one of an AWS managed policy, or a document allowing nothing.
   */
  private static String document(String arn, String stored) {
    if (stored != null) {
      return stored;
    }
    return AwsManagedPolicies.byArn(arn)
        .map(e -> e.defaultVersion().document())
        .orElse(ALLOWS_NOTHING);
  }

  /**
   * The managed policy {@code arn} names if the account may use it: an AWS managed policy, or a
   * customer managed policy of the account itself (locked against deletion until commit).
   */
  private static ManagedPolicy attachable(
      Connection c, String accountId, String arn, String notFound) throws SQLException {
    if (AwsManagedPolicies.isAwsManagedArn(arn)) {
      return AwsManagedPolicies.byArn(arn)
          .map(AwsManagedPolicies.Entry::policy)
          .orElseThrow(() -> new IdentityException(ErrorCode.NO_SUCH_ENTITY, notFound));
    }
    if (!arn.startsWith("arn:aws:iam::" + accountId + ":policy/")) {
      throw new IdentityException(ErrorCode.NO_SUCH_ENTITY, notFound);
    }
    try {
      return ManagedPolicies.lock(c, arn);
    } catch (IdentityException e) {
      throw new IdentityException(ErrorCode.NO_SUCH_ENTITY, notFound);
    }
  }

  /** The ARN as stored for the policy {@code arn} names (any case), if the policy exists. */
  private Optional<String> canonicalArn(String arn) {
    if (AwsManagedPolicies.isAwsManagedArn(arn)) {
      return AwsManagedPolicies.byArn(arn).map(e -> e.policy().arn());
    }
    return jdbc.read(
        c ->
            Statements.one(
                c,
                rs -> rs.getString(1),
                "SELECT arn FROM managed_policies WHERE arn_lc = ?",
                Rows.fold(arn)));
  }

  private static String title(PolicyHolder holder) {
    String n = holder.name().toLowerCase(Locale.ROOT);
    return Character.toUpperCase(n.charAt(0)) + n.substring(1);
  }

  private static PolicyAttachment map(ResultSet rs) throws SQLException {
    return new PolicyAttachment(
        PolicyHolder.valueOf(rs.getString("holder_type")),
        rs.getString("account_id"),
        rs.getString("holder"),
        rs.getString("holder_id"),
        rs.getString("holder_path"),
        rs.getString("policy_arn"));
  }

  private static List<PolicyAttachment> sorted(List<PolicyAttachment> list) {
    list.sort(
        Comparator.comparing(PolicyAttachment::holder)
            .thenComparing(PolicyAttachment::holderName, Users.NAME_ORDER)
            .thenComparing(PolicyAttachment::policyArn));
    return list;
  }
}
