package dev.crossrole.store;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.crossrole.core.AccessKey;
import dev.crossrole.core.Account;
import dev.crossrole.core.AttachedPolicy;
import dev.crossrole.core.AuditLog;
import dev.crossrole.core.EcrRepository;
import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.Group;
import dev.crossrole.core.IdentityException;
import dev.crossrole.core.IdentityPolicies;
import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.InlinePolicy;
import dev.crossrole.core.LastUsed;
import dev.crossrole.core.ManagedPolicy;
import dev.crossrole.core.ManagedPolicyVersion;
import dev.crossrole.core.PolicyAttachment;
import dev.crossrole.core.PolicyHolder;
import dev.crossrole.core.PolicyUsage;
import dev.crossrole.core.PrivateFiles;
import dev.crossrole.core.Role;
import dev.crossrole.core.SealedEventsSecret;
import dev.crossrole.core.SealedSigningKey;
import dev.crossrole.core.SealedTokenKey;
import dev.crossrole.core.User;
import dev.crossrole.store.internal.AccessKeys;
import dev.crossrole.store.internal.Accounts;
import dev.crossrole.store.internal.Attachments;
import dev.crossrole.store.internal.AuditEvents;
import dev.crossrole.store.internal.AuditFiles;
import dev.crossrole.store.internal.Backend;
import dev.crossrole.store.internal.EventsSecrets;
import dev.crossrole.store.internal.Groups;
import dev.crossrole.store.internal.ImagePushes;
import dev.crossrole.store.internal.InlinePolicies;
import dev.crossrole.store.internal.Jdbc;
import dev.crossrole.store.internal.ManagedPolicies;
import dev.crossrole.store.internal.Pool;
import dev.crossrole.store.internal.Repositories;
import dev.crossrole.store.internal.Roles;
import dev.crossrole.store.internal.SigningKeys;
import dev.crossrole.store.internal.TokenKeys;
import dev.crossrole.store.internal.Users;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link IdentityStore} on JDBC: an embedded H2 file or PostgreSQL, through a connection pool,
 * with the schema migrated by Flyway when the store opens.
 *
 * <p>Every method runs in its own short transaction and returns once the database has committed it:
 * on H2 the commit has been written to the database file (it survives the process being killed), on
 * PostgreSQL it has been flushed to the write-ahead log (with PostgreSQL's default {@code
 * synchronous_commit}). Failures are {@link IdentityException}s: {@code ENTITY_ALREADY_EXISTS},
 * {@code NO_SUCH_ENTITY} and {@code DELETE_CONFLICT} with IAM's messages, {@code VALIDATION_ERROR}
 * for a value longer than its column, and {@code SERVICE_FAILURE} when the database fails (the
 * message names no URL or password).
 *
 * <p>Names of users, roles and inline policies are compared regardless of case, as in IAM; what is
 * read back carries each name as it was created. Timestamps are kept to the microsecond.
 *
 * <p>Safe for use by many threads; {@link #close()} closes the pool.
 */
public final class JdbcIdentityStore implements IdentityStore {
  private final HikariDataSource pool;
  private final String description;
  private final Accounts accounts;
  private final Users users;
  private final AccessKeys accessKeys;
  private final Roles roles;
  private final InlinePolicies inlinePolicies;
  private final TokenKeys tokenKeys;
  private final Repositories repositories;
  private final ImagePushes imagePushes;
  private final SigningKeys signingKeys;
  private final EventsSecrets eventsSecrets;
  private final Jdbc jdbc;
  private final Groups groups;
  private final ManagedPolicies managedPolicies;
  private final Attachments attachments;
  private final AuditLog auditLog;
  private final Optional<AuditFiles> auditFiles;

  private JdbcIdentityStore(
      HikariDataSource pool, String description, Backend backend, Optional<AuditFiles> auditFiles) {
    this.pool = pool;
    this.description = description;
    this.jdbc = new Jdbc(pool);
    this.accounts = new Accounts(jdbc);
    this.users = new Users(jdbc);
    this.accessKeys = new AccessKeys(jdbc);
    this.roles = new Roles(jdbc);
    this.inlinePolicies = new InlinePolicies(jdbc);
    this.tokenKeys = new TokenKeys(jdbc);
    this.groups = new Groups(jdbc);
    this.managedPolicies = new ManagedPolicies(jdbc);
    this.attachments = new Attachments(jdbc, backend);
    this.repositories = new Repositories(jdbc);
    this.imagePushes = new ImagePushes(jdbc);
    this.signingKeys = new SigningKeys(jdbc);
    this.eventsSecrets = new EventsSecrets(jdbc);
    this.auditFiles = auditFiles;
    this.auditLog = auditFiles.<AuditLog>map(f -> f).orElseGet(() -> new AuditEvents(jdbc));
  }

  /**
   * Opens the store: creates the data directory of an embedded store, connects, and applies the
   * schema migrations the database lacks.
   *
   * @throws IdentityException with {@link ErrorCode#SERVICE_FAILURE} when the database cannot be
   *     reached or migrated; the message says why, naming the database by {@link
   *     StoreConfig#description()} and never showing a password
   */
  public static JdbcIdentityStore open(StoreConfig config) {
    String description = config.description();
    if (config.dataDirectory().isPresent()) {
      Path dir = config.dataDirectory().get();
      try {
        PrivateFiles.createDirectory(dir);
      } catch (IOException e) {
        throw new IdentityException(
            ErrorCode.SERVICE_FAILURE,
            "Could not create the data directory " + dir + ": " + e.getMessage(),
            e);
      }
    }
    Backend backend = Backend.of(config.jdbcUrl());
    HikariDataSource pool;
    try {
      pool =
          Pool.open(
              config.jdbcUrl(), config.user(), config.password(), config.maxPoolSize(), backend);
    } catch (RuntimeException e) {
      throw openFailure("Could not connect to the " + description, e, config);
    }
    try {
      Pool.migrate(pool);
    } catch (RuntimeException e) {
      pool.close();
      throw openFailure("Could not migrate the schema of the " + description, e, config);
    }
    if (config.dataDirectory().isPresent()) {
      Path dir = config.dataDirectory().get();
      try {
        PrivateFiles.restrictFiles(dir, StoreConfig.EMBEDDED_FILE_NAME + ".");
      } catch (IOException e) {
        pool.close();
        throw new IdentityException(
            ErrorCode.SERVICE_FAILURE,
            "Could not make the store's files in " + dir + " private: " + e.getMessage(),
            e);
      }
    }
    Optional<AuditFiles> auditFiles =
        config.dataDirectory().map(dir -> new AuditFiles(auditDirectory(dir)));
    return new JdbcIdentityStore(pool, description, backend, auditFiles);
  }

  /**
   * The failure to open a store. The driver's and Flyway's messages are kept, redacted, since they
   * say what to fix; the exception itself is left out as a cause because Flyway's can carry the
   * URL.
   */
  private static IdentityException openFailure(
      String what, RuntimeException e, StoreConfig config) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String detail = root == e ? e.getMessage() : e.getMessage() + " (" + root.getMessage() + ")";
    return new IdentityException(
        ErrorCode.SERVICE_FAILURE,
        what
            + ": "
            + Pool.redact(detail, config.jdbcUrl(), config.password(), config.description()));
  }

  /** The database this store keeps its state in, as {@link StoreConfig#description()}. */
  public String description() {
    return description;
  }

  /**
   * How many SQL statements this store has executed since it opened, reads and writes alike; the
   * schema migrations run while opening are not counted. Counting costs one increment per
   * statement. Comparing the figure before and after a request shows what that request cost the
   * database — none at all, for instance, for a caller signing with temporary credentials.
   */
  public long statementCount() {
    return jdbc.statementCount();
  }

  /**
   * The connection pool now: its figures are read from the pool without touching the database, so a
   * metrics scrape costs the store nothing.
   */
  public PoolState poolState() {
    HikariPoolMXBean figures = pool.getHikariPoolMXBean();
    if (figures == null) {
      // Closed, or not yet started: nothing in use and nothing to wait for.
      return new PoolState(0, 0, 0, pool.getMaximumPoolSize());
    }
    return new PoolState(
        figures.getActiveConnections(),
        figures.getIdleConnections(),
        figures.getThreadsAwaitingConnection(),
        pool.getMaximumPoolSize());
  }

  /** Whether the database answers now (for a health endpoint); waits two seconds at most. */
  @Override
  public boolean healthy() {
    try (Connection c = pool.getConnection()) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void createAccount(Account account) {
    accounts.create(account);
  }

  /** Every account, ordered by id. */
  @Override
  public List<Account> accounts() {
    return accounts.all();
  }

  @Override
  public Optional<Account> accountById(String accountId) {
    return accounts.byId(accountId);
  }

  @Override
  public void createUser(User user) {
    users.create(user);
  }

  @Override
  public Optional<User> user(String accountId, String userName) {
    return users.get(accountId, userName);
  }

  @Override
  public List<User> users(String accountId, String pathPrefix) {
    return users.list(accountId, pathPrefix);
  }

  @Override
  public void deleteUser(String accountId, String userName) {
    users.delete(accountId, userName);
  }

  @Override
  public void updateUser(String accountId, String userName, User user) {
    users.update(accountId, userName, user);
  }

  /** Stores a key; a user's key gets the user's name as stored, and the user must exist. */
  @Override
  public void createAccessKey(AccessKey key) {
    accessKeys.create(key);
  }

  @Override
  public Optional<AccessKey> accessKey(String accessKeyId) {
    return accessKeys.get(accessKeyId);
  }

  /** The keys of a user or of the root, oldest first. */
  @Override
  public List<AccessKey> accessKeys(String accountId, Optional<String> userName) {
    return accessKeys.list(accountId, userName);
  }

  @Override
  public void updateAccessKeyStatus(String accessKeyId, AccessKey.Status status) {
    accessKeys.updateStatus(accessKeyId, status);
  }

  @Override
  public void deleteAccessKey(String accessKeyId) {
    accessKeys.delete(accessKeyId);
  }

  @Override
  public void recordAccessKeyUse(String accessKeyId, LastUsed used) {
    accessKeys.recordUse(accessKeyId, used);
  }

  @Override
  public Optional<LastUsed> accessKeyLastUsed(String accessKeyId) {
    return accessKeys.lastUsed(accessKeyId);
  }

  @Override
  public void createRole(Role role) {
    roles.create(role);
  }

  @Override
  public Optional<Role> role(String accountId, String roleName) {
    return roles.get(accountId, roleName);
  }

  @Override
  public List<Role> roles(String accountId, String pathPrefix) {
    return roles.list(accountId, pathPrefix);
  }

  /** Replaces the trust policy, description, duration, boundary and tags; path and id stay. */
  @Override
  public void updateRole(Role role) {
    roles.update(role);
  }

  @Override
  public void deleteRole(String accountId, String roleName) {
    roles.delete(accountId, roleName);
  }

  @Override
  public void recordRoleUse(String accountId, String roleName, LastUsed used) {
    roles.recordUse(accountId, roleName, used);
  }

  @Override
  public Optional<LastUsed> roleLastUsed(String accountId, String roleName) {
    return roles.lastUsed(accountId, roleName);
  }

  /** Creates or replaces an inline policy of a user, role or group; the holder must exist. */
  @Override
  public void putInlinePolicy(InlinePolicy policy) {
    inlinePolicies.put(policy);
  }

  @Override
  public Optional<InlinePolicy> inlinePolicy(
      PolicyHolder holder, String accountId, String holderName, String policyName) {
    return inlinePolicies.get(holder, accountId, holderName, policyName);
  }

  @Override
  public List<InlinePolicy> inlinePolicies(
      PolicyHolder holder, String accountId, String holderName) {
    return inlinePolicies.list(holder, accountId, holderName);
  }

  @Override
  public void deleteInlinePolicy(
      PolicyHolder holder, String accountId, String holderName, String policyName) {
    inlinePolicies.delete(holder, accountId, holderName, policyName);
  }

  @Override
  public void createGroup(Group group) {
    groups.create(group);
  }

  @Override
  public Optional<Group> group(String accountId, String groupName) {
    return groups.get(accountId, groupName);
  }

  @Override
  public List<Group> groups(String accountId, String pathPrefix) {
    return groups.list(accountId, pathPrefix);
  }

  @Override
  public Group updateGroup(
      String accountId, String groupName, Optional<String> newName, Optional<String> newPath) {
    return groups.update(accountId, groupName, newName, newPath);
  }

  @Override
  public void deleteGroup(String accountId, String groupName) {
    groups.delete(accountId, groupName);
  }

  @Override
  public void addUserToGroup(String accountId, String groupName, String userName) {
    groups.addUser(accountId, groupName, userName);
  }

  @Override
  public void removeUserFromGroup(String accountId, String groupName, String userName) {
    groups.removeUser(accountId, groupName, userName);
  }

  @Override
  public List<User> groupMembers(String accountId, String groupName) {
    return groups.members(accountId, groupName);
  }

  @Override
  public List<Group> groupsForUser(String accountId, String userName) {
    return groups.forUser(accountId, userName);
  }

  @Override
  public List<Membership> memberships(String accountId) {
    return groups.memberships(accountId);
  }

  @Override
  public void createManagedPolicy(ManagedPolicy policy, String document) {
    if (policy.awsManaged()) {
      throw new IllegalArgumentException("AWS managed policies are built in");
    }
    managedPolicies.create(policy, document);
  }

  @Override
  public Optional<ManagedPolicy> managedPolicy(String policyArn) {
    return managedPolicies.get(policyArn);
  }

  @Override
  public List<ManagedPolicy> managedPolicies(String accountId) {
    return managedPolicies.list(accountId);
  }

  @Override
  public void deleteManagedPolicy(String policyArn) {
    managedPolicies.delete(policyArn);
  }

  @Override
  public ManagedPolicyVersion createPolicyVersion(
      String policyArn, String document, boolean setAsDefault, Instant created) {
    return managedPolicies.createVersion(policyArn, document, setAsDefault, created);
  }

  @Override
  public Optional<ManagedPolicyVersion> policyVersion(String policyArn, String versionId) {
    return managedPolicies.version(policyArn, versionId);
  }

  @Override
  public List<ManagedPolicyVersion> policyVersions(String policyArn) {
    return managedPolicies.versions(policyArn);
  }

  @Override
  public void deletePolicyVersion(String policyArn, String versionId) {
    managedPolicies.deleteVersion(policyArn, versionId);
  }

  @Override
  public void setDefaultPolicyVersion(String policyArn, String versionId) {
    managedPolicies.setDefaultVersion(policyArn, versionId);
  }

  @Override
  public void attachPolicy(
      PolicyHolder holder, String accountId, String holderName, String policyArn) {
    attachments.attach(holder, accountId, holderName, policyArn);
  }

  @Override
  public void detachPolicy(
      PolicyHolder holder, String accountId, String holderName, String policyArn) {
    attachments.detach(holder, accountId, holderName, policyArn);
  }

  @Override
  public List<AttachedPolicy> attachedPolicies(
      PolicyHolder holder, String accountId, String holderName) {
    return attachments.attached(holder, accountId, holderName);
  }

  @Override
  public List<PolicyAttachment> attachments(String accountId) {
    return attachments.all(accountId);
  }

  @Override
  public List<PolicyAttachment> attachments(String accountId, String policyArn) {
    return attachments.ofPolicy(accountId, policyArn);
  }

  @Override
  public List<PolicyAttachment> boundaryUses(String accountId, String policyArn) {
    return attachments.boundaryUses(accountId, policyArn);
  }

  @Override
  public PolicyUsage policyUsage(String accountId, String policyArn) {
    return attachments.usage(accountId, policyArn);
  }

  @Override
  public Map<String, PolicyUsage> policyUsages(String accountId) {
    return attachments.usages(accountId);
  }

  @Override
  public void setPermissionsBoundary(
      PolicyHolder holder, String accountId, String holderName, Optional<String> policyArn) {
    attachments.setBoundary(holder, accountId, holderName, policyArn);
  }

  @Override
  public List<InlinePolicy> inlinePolicies(String accountId) {
    return inlinePolicies.all(accountId);
  }

  @Override
  public IdentityPolicies identityPolicies(
      PolicyHolder holder, String accountId, String holderName) {
    return attachments.identityPolicies(holder, accountId, holderName);
  }

  @Override
  public void addTokenKey(SealedTokenKey key) {
    tokenKeys.add(key);
  }

  @Override
  public List<SealedTokenKey> tokenKeys() {
    return tokenKeys.all();
  }

  @Override
  public int deleteTokenKeys(List<String> ids) {
    return tokenKeys.delete(ids);
  }

  @Override
  public int deleteTokenKeysExcept(String keepId) {
    return tokenKeys.deleteAllBut(keepId);
  }

  @Override
  public SealedSigningKey registrySigningKey(SealedSigningKey candidate) {
    return signingKeys.oldestOrAdd(candidate);
  }

  @Override
  public SealedEventsSecret registryEventsSecret(SealedEventsSecret candidate) {
    return eventsSecrets.storedOrAdd(candidate);
  }

  @Override
  public void createRepository(EcrRepository repository) {
    repositories.create(repository);
  }

  @Override
  public Optional<EcrRepository> repository(String accountId, String name) {
    return repositories.get(accountId, name);
  }

  @Override
  public List<EcrRepository> repositories(String accountId) {
    return repositories.list(accountId);
  }

  @Override
  public void updateRepository(EcrRepository repository) {
    repositories.update(repository);
  }

  @Override
  public void deleteRepository(String accountId, String name) {
    repositories.delete(accountId, name);
  }

  @Override
  public void recordImagePush(
      String accountId, String repositoryName, String digest, Instant pushedAt) {
    imagePushes.record(accountId, repositoryName, digest, pushedAt);
  }

  @Override
  public Map<String, Instant> imagePushes(String accountId, String repositoryName) {
    return imagePushes.list(accountId, repositoryName);
  }

  @Override
  public void forgetImagePush(String accountId, String repositoryName, String digest) {
    imagePushes.forget(accountId, repositoryName, digest);
  }

  /**
   * The audit trail: in the database for a {@code --db} store, which every node shares; in files of
   * {@link #auditDirectory} for the embedded store, where committing events in H2 would cost each
   * request several times its own work.
   */
  @Override
  public AuditLog auditLog() {
    return auditLog;
  }

  /** Where the embedded store in {@code dataDirectory} keeps its audit trail. */
  static Path auditDirectory(Path dataDirectory) {
    return dataDirectory.resolve("audit");
  }

  /** Closes the pool; an embedded database is then closed and its file unlocked. */
  @Override
  public void close() {
    auditFiles.ifPresent(AuditFiles::close);
    pool.close();
  }
}
