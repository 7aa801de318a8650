package dev.crossrole.core;

import java.util.List;
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

  void addTokenKey(SealedTokenKey key);

  /** Every session-token key, newest first. */
  List<SealedTokenKey> tokenKeys();

  /**
   * The registry's token-signing key: the oldest stored one, after storing {@code candidate} when
   * the store has none. Nodes racing to create the first key therefore all get the same one.
   */
  SealedSigningKey registrySigningKey(SealedSigningKey candidate);

  @Override
  void close();
}
