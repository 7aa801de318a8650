package dev.crossrole.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the identity domain keeps its state. Implementations make every write durable before
 * returning (a confirmed write survives a crash) and enforce uniqueness themselves: a duplicate
 * name fails with {@link ErrorCode#ENTITY_ALREADY_EXISTS}; an update or delete of something absent
 * fails with {@link ErrorCode#NO_SUCH_ENTITY}. Names of users and roles are unique per account
 * regardless of case, as in IAM.
 */
public interface IdentityStore extends AutoCloseable {

  /** Creates an account; fails if its id or name is taken. */
  void createAccount(Account account);

  List<Account> accounts();

  Optional<Account> accountById(String accountId);

  void createUser(User user);

  Optional<User> user(String accountId, String userName);

  /** The account's users whose path starts with {@code pathPrefix}, ordered by name. */
  List<User> users(String accountId, String pathPrefix);

  void deleteUser(String accountId, String userName);

  /**
   * Replaces the user named {@code userName} with {@code user}: its name, path and tags (its id and
   * creation time stay). Under a new name, its access keys and inline policies follow; a new name
   * that another user has (in any case) fails with {@link ErrorCode#ENTITY_ALREADY_EXISTS}.
   */
  void updateUser(String accountId, String userName, User user);

  void createAccessKey(AccessKey key);

  Optional<AccessKey> accessKey(String accessKeyId);

  /** The keys of a user, or of the account's root when {@code userName} is empty. */
  List<AccessKey> accessKeys(String accountId, Optional<String> userName);

  void updateAccessKeyStatus(String accessKeyId, AccessKey.Status status);

  void deleteAccessKey(String accessKeyId);

  /** Records the latest use of a key (a missing key is ignored: it may have just been deleted). */
  void recordAccessKeyUse(String accessKeyId, LastUsed used);

  /** The latest recorded use of a key, empty when it was never used or does not exist. */
  Optional<LastUsed> accessKeyLastUsed(String accessKeyId);

  void createRole(Role role);

  Optional<Role> role(String accountId, String roleName);

  /** The account's roles whose path starts with {@code pathPrefix}, ordered by name. */
  List<Role> roles(String accountId, String pathPrefix);

  /** Replaces a role (same account and name): its trust policy, description, duration, tags. */
  void updateRole(Role role);

  void deleteRole(String accountId, String roleName);

  /** Records the latest use of a role (a missing role is ignored). */
  void recordRoleUse(String accountId, String roleName, LastUsed used);

  /** The latest recorded use of a role, empty when it was never used or does not exist. */
  Optional<LastUsed> roleLastUsed(String accountId, String roleName);

  /** Creates or replaces an inline policy. */
  void putInlinePolicy(InlinePolicy policy);

  Optional<InlinePolicy> inlinePolicy(
      PolicyHolder holder, String accountId, String holderName, String policyName);

  /** The inline policies of one holder, ordered by name. */
  List<InlinePolicy> inlinePolicies(PolicyHolder holder, String accountId, String holderName);

  void deleteInlinePolicy(
      PolicyHolder holder, String accountId, String holderName, String policyName);

  // Groups and their members.

  /** Creates a group; its name is unique in the account regardless of case. */
  void createGroup(Group group);

  Optional<Group> group(String accountId, String groupName);

  /** The account's groups whose path starts with {@code pathPrefix}, ordered by name. */
  List<Group> groups(String accountId, String pathPrefix);

  /**
   * Renames a group or moves it to another path; its members, inline and attached policies follow.
   * Returns the group as it is now.
   */
  Group updateGroup(
      String accountId, String groupName, Optional<String> newName, Optional<String> newPath);

  /**
   * Deletes a group that has no members, inline policies or attached managed policies (else {@link
   * ErrorCode#DELETE_CONFLICT}).
   */
  void deleteGroup(String accountId, String groupName);

  /**
   * Adds a user to a group (nothing happens when it is already a member); a user is in at most
   * {@value #MAX_GROUPS_PER_USER} groups ({@link ErrorCode#LIMIT_EXCEEDED}).
   */
  void addUserToGroup(String accountId, String groupName, String userName);

  /** Removes a user from a group; {@link ErrorCode#NO_SUCH_ENTITY} when it is not a member. */
  void removeUserFromGroup(String accountId, String groupName, String userName);

  /** The members of a group, ordered by name. */
  List<User> groupMembers(String accountId, String groupName);

  /** The groups a user is in, ordered by name. */
  List<Group> groupsForUser(String accountId, String userName);

  /** Every group membership of the account, as {group name, user name} as stored. */
  List<Membership> memberships(String accountId);

  /** A user's membership of a group, with both names as stored. */
  record Membership(String groupName, String userName) {}

  int MAX_GROUPS_PER_USER = 10;

  int MAX_MANAGED_POLICIES_PER_ENTITY = 10;

  int MAX_POLICY_VERSIONS = 5;

  // Managed policies: customer managed ones are stored; AWS managed ones are built in
  // (AwsManagedPolicies) and read through the same methods.

  /** Creates a customer managed policy with its first version, {@code v1}, as the default. */
  void createManagedPolicy(ManagedPolicy policy, String document);

  /** The customer or AWS managed policy with this ARN. */
  Optional<ManagedPolicy> managedPolicy(String policyArn);

  /** The account's customer managed policies, ordered by name. */
  List<ManagedPolicy> managedPolicies(String accountId);

  /**
   * Deletes a customer managed policy and its default version. {@link ErrorCode#DELETE_CONFLICT}
   * while it is attached to an entity or is one's permissions boundary, or while it has other
   * versions.
   */
  void deleteManagedPolicy(String policyArn);

  /**
   * Adds the next version ({@code vN}, numbers never reused) of a customer managed policy; at most
   * {@value #MAX_POLICY_VERSIONS} versions ({@link ErrorCode#LIMIT_EXCEEDED}).
   */
  ManagedPolicyVersion createPolicyVersion(
      String policyArn, String document, boolean setAsDefault, Instant created);

  Optional<ManagedPolicyVersion> policyVersion(String policyArn, String versionId);

  /** The versions of a managed policy, newest first. */
  List<ManagedPolicyVersion> policyVersions(String policyArn);

  /** Deletes a version that is not the default one ({@link ErrorCode#DELETE_CONFLICT}). */
  void deletePolicyVersion(String policyArn, String versionId);

  void setDefaultPolicyVersion(String policyArn, String versionId);

  // Attachments and permissions boundaries.

  /**
   * Attaches a managed policy to a user, group or role (nothing happens when it is already
   * attached); at most {@value #MAX_MANAGED_POLICIES_PER_ENTITY} per entity ({@link
   * ErrorCode#LIMIT_EXCEEDED}). The entity and the policy must exist.
   */
  void attachPolicy(PolicyHolder holder, String accountId, String holderName, String policyArn);

  /** Detaches a policy; {@link ErrorCode#NO_SUCH_ENTITY} when it is not attached. */
  void detachPolicy(PolicyHolder holder, String accountId, String holderName, String policyArn);

  /** The managed policies attached to one entity, ordered by policy name. */
  List<AttachedPolicy> attachedPolicies(PolicyHolder holder, String accountId, String holderName);

  /** Every attachment in the account (each with the entity's name and id). */
  List<PolicyAttachment> attachments(String accountId);

  /** The entities of the account a policy is attached to. */
  List<PolicyAttachment> attachments(String accountId, String policyArn);

  /** The users and roles of the account whose permissions boundary is the policy. */
  List<PolicyAttachment> boundaryUses(String accountId, String policyArn);

  /** How often the account uses the policy. */
  PolicyUsage policyUsage(String accountId, String policyArn);

  /**
   * How often the account uses each policy it uses, in one read: keyed by the policy's ARN in lower
   * case (ARNs of managed policies compare regardless of case); a policy missing is used by none.
   */
  Map<String, PolicyUsage> policyUsages(String accountId);

  /**
   * Sets or removes the permissions boundary of a user or role; the policy must exist. Returns
   * nothing: read the entity again to see it.
   */
  void setPermissionsBoundary(
      PolicyHolder holder, String accountId, String holderName, Optional<String> policyArn);

  /** Every inline policy in the account (of users, roles and groups). */
  List<InlinePolicy> inlinePolicies(String accountId);

  /**
   * The identity-based policies of a user (with its groups') or role, as the authorizer needs them:
   * a few queries in one read, however many policies there are.
   */
  IdentityPolicies identityPolicies(PolicyHolder holder, String accountId, String holderName);

  void addTokenKey(SealedTokenKey key);

  /** Every session-token key, newest first. */
  List<SealedTokenKey> tokenKeys();

  /**
   * Deletes the session-token keys with these ids (retired: every token they sealed has expired);
   * returns how many were stored.
   */
  int deleteTokenKeys(List<String> ids);

  /**
   * Deletes every session-token key but {@code keepId} at once, so that every token sealed with
   * another key stops opening; returns how many it deleted.
   */
  int deleteTokenKeysExcept(String keepId);

  /**
   * Creates an ECR repository; fails with {@link ErrorCode#ENTITY_ALREADY_EXISTS} when the account
   * has one of that name (ECR names are lower case, so compared exactly).
   */
  void createRepository(EcrRepository repository);

  Optional<EcrRepository> repository(String accountId, String name);

  /** The account's ECR repositories, ordered by name. */
  List<EcrRepository> repositories(String accountId);

  /** Replaces what may change on a repository: its policy, tags, tag mutability and scanning. */
  void updateRepository(EcrRepository repository);

  /** Deletes a repository with what the store keeps of its images (their push times). */
  void deleteRepository(String accountId, String name);

  /**
   * Records that the image {@code digest} was pushed to a repository at {@code pushedAt}; an image
   * already recorded keeps the earlier of the two times. Ignored for a repository the store does
   * not have.
   */
  void recordImagePush(String accountId, String repositoryName, String digest, Instant pushedAt);

  /** The recorded images of a repository: digest to first push time, oldest first. */
  Map<String, Instant> imagePushes(String accountId, String repositoryName);

  /** Forgets the push time of a deleted image. */
  void forgetImagePush(String accountId, String repositoryName, String digest);

  /**
   * The registry's token-signing key: the oldest stored one, after storing {@code candidate} when
   * the store has none. Nodes racing to create the first key therefore all get the same one.
   */
  SealedSigningKey registrySigningKey(SealedSigningKey candidate);

  /**
   * Whether the store answers now, for a health endpoint; waits a few seconds at most, and never
   * throws.
   */
  boolean healthy();

  /**
   * The secret a registry run outside crossrole sends with its push events: the stored one, after
   * storing {@code candidate} when the store has none. The store keeps one at most, so that callers
   * racing to create it, every node and every {@code crossrole registry-config} run agree on it.
   */
  SealedEventsSecret registryEventsSecret(SealedEventsSecret candidate);

  /** The audit events of every account, kept beside the identities. */
  AuditLog auditLog();

  @Override
  void close();
}
