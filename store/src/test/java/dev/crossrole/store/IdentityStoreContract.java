package dev.crossrole.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crossrole.core.AccessKey;
import dev.crossrole.core.Account;
import dev.crossrole.core.AttachedPolicy;
import dev.crossrole.core.AuditEvent;
import dev.crossrole.core.AuditQuery;
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
import dev.crossrole.core.Role;
import dev.crossrole.core.SealedEventsSecret;
import dev.crossrole.core.SealedSigningKey;
import dev.crossrole.core.SealedTokenKey;
import dev.crossrole.core.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link dev.crossrole.core.IdentityStore} on JDBC must do, run against each database by
 * a subclass that supplies an empty database per test.
 */
abstract class IdentityStoreContract {
  static final String OURS = "111111111111";
  static final String BUILD = "222222222222";
  static final Instant T0 = Instant.parse("2024-05-01T10:15:30.123456Z");
  static final String TRUST =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
          + "\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:user/builder\"},"
          + "\"Action\":\"sts:AssumeRole\","
          + "\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"some_key_build\"}}}]}";
  static final String ASSUME =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
          + "\"Action\":\"sts:AssumeRole\","
          + "\"Resource\":\"arn:aws:iam::111111111111:role/OURTHINGBUILDROLE\"}]}";

  private static final AtomicInteger IDS = new AtomicInteger();

  protected JdbcIdentityStore store;
  private StoreConfig config;

  /** A config naming an empty database of this test's own. */
  protected abstract StoreConfig emptyStoreConfig() throws Exception;

  /** Cleans up after the store of a test has been closed. */
  protected void afterStoreClosed() throws Exception {}

  @BeforeEach
  void openStore() throws Exception {
    config = emptyStoreConfig();
    store = JdbcIdentityStore.open(config);
    store.createAccount(new Account("ours", OURS));
    store.createAccount(new Account("build", BUILD));
  }

  @AfterEach
  void closeStore() throws Exception {
    if (store != null) {
      store.close();
    }
    afterStoreClosed();
  }

  /** Closes the store and opens a new one (a new pool) on the same database. */
  protected void reopen() {
    store.close();
    store = JdbcIdentityStore.open(config);
  }

  static String newId(String prefix) {
    return prefix + String.format("%017d", IDS.incrementAndGet());
  }

  static User user(String account, String path, String name) {
    return new User(account, path, name, newId("AIDA"), T0, Optional.empty(), Map.of());
  }

  static User user(String account, String name) {
    return user(account, "/", name);
  }

  static Role role(String account, String path, String name) {
    return Role.builder(account, name)
        .path(path)
        .roleId(newId("AROA"))
        .created(T0)
        .trustPolicy(TRUST)
        .build();
  }

  static Role role(String account, String name) {
    return role(account, "/", name);
  }

  static AccessKey key(String account, Optional<String> userName, Instant created) {
    return new AccessKey(
        "AKIA" + String.format("%016d", IDS.incrementAndGet()),
        account,
        userName,
        AccessKey.Status.ACTIVE,
        created,
        "sealed:" + newId("s"),
        Optional.empty());
  }

  static AbstractThrowableAssert<?, ? extends Throwable> assertFails(
      ThrowingCallable call, ErrorCode code, String message) {
    return assertThatThrownBy(call)
        .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.code()).isEqualTo(code))
        .hasMessage(message);
  }

  // ---- accounts

  @Test
  void createAccount_new_isListedByIdAndFound() {
    store.createAccount(new Account("third", "033333333333"));

    assertThat(store.accounts())
        .containsExactly(
            new Account("third", "033333333333"),
            new Account("ours", OURS),
            new Account("build", BUILD));
    assertThat(store.accountById("033333333333")).contains(new Account("third", "033333333333"));
  }

  @Test
  void createAccount_duplicateId_failsWithEntityAlreadyExists() {
    assertFails(
        () -> store.createAccount(new Account("other", OURS)),
        ErrorCode.ENTITY_ALREADY_EXISTS,
        "Account with id 111111111111 already exists.");
  }

  @Test
  void createAccount_duplicateName_failsWithEntityAlreadyExists() {
    assertFails(
        () -> store.createAccount(new Account("ours", "333333333333")),
        ErrorCode.ENTITY_ALREADY_EXISTS,
        "Account with name ours already exists.");
    assertThat(store.accountById("333333333333")).isEmpty();
  }

  @Test
  void accountById_unknown_isEmpty() {
    assertThat(store.accountById("999999999999")).isEmpty();
  }

  // ---- ECR repositories

  private static EcrRepository repository(String account, String name) {
    return new EcrRepository(
        account,
        name,
        T0,
        "MUTABLE",
        false,
        "AES256",
        Optional.empty(),
        Map.of(),
        Optional.empty());
  }

  @Test
  void createRepository_new_readsBackEveryField() {
    EcrRepository app =
        new EcrRepository(
            OURS,
            "ourthing/app",
            T0,
            "IMMUTABLE",
            true,
            "KMS",
            Optional.of("arn:aws:kms:us-east-1:111111111111:key/k1"),
            Map.of("team", "platform"),
            Optional.of(TRUST));

    store.createRepository(app);

    assertThat(store.repository(OURS, "ourthing/app")).contains(app);
  }

  @Test
  void createRepository_duplicateName_failsWithEntityAlreadyExists() {
    store.createRepository(repository(OURS, "ourthing/app"));

    assertFails(
        () -> store.createRepository(repository(OURS, "ourthing/app")),
        ErrorCode.ENTITY_ALREADY_EXISTS,
        "The repository with name 'ourthing/app' already exists in the registry with id"
            + " '111111111111'");
  }

  @Test
  void createRepository_sameNameInOtherAccount_succeeds() {
    store.createRepository(repository(OURS, "app"));
    store.createRepository(repository(BUILD, "app"));

    assertThat(store.repository(BUILD, "app")).isPresent();
    assertThat(store.repository(OURS, "app")).isPresent();
  }

  @Test
  void createRepository_unknownAccount_failsWithNoSuchEntity() {
    assertFails(
        () -> store.createRepository(repository("999999999999", "app")),
        ErrorCode.NO_SUCH_ENTITY,
        "The account with id 999999999999 cannot be found.");
  }

  @Test
  void repositories_ofAccount_listsOnlyItsOwnOrderedByName() {
    store.createRepository(repository(OURS, "zeta"));
    store.createRepository(repository(OURS, "alpha/b"));
    store.createRepository(repository(BUILD, "beta"));

    assertThat(store.repositories(OURS))
        .extracting(EcrRepository::name)
        .containsExactly("alpha/b", "zeta");
  }

  @Test
  void updateRepository_policyAndTags_replacesThem() {
    store.createRepository(repository(OURS, "app"));
    EcrRepository changed =
        repository(OURS, "app").withPolicy(Optional.of(TRUST)).withTags(Map.of("k", "v"));

    store.updateRepository(changed);

    assertThat(store.repository(OURS, "app")).contains(changed);
  }

  @Test
  void updateRepository_missing_failsWithNoSuchEntity() {
    assertFails(
        () -> store.updateRepository(repository(OURS, "app")),
        ErrorCode.NO_SUCH_ENTITY,
        "The repository with name 'app' does not exist in the registry with id '111111111111'");
  }

  @Test
  void deleteRepository_existing_removesIt() {
    store.createRepository(repository(OURS, "app"));

    store.deleteRepository(OURS, "app");

    assertThat(store.repository(OURS, "app")).isEmpty();
  }

  @Test
  void deleteRepository_missing_failsWithNoSuchEntity() {
    assertFails(
        () -> store.deleteRepository(OURS, "app"),
        ErrorCode.NO_SUCH_ENTITY,
        "The repository with name 'app' does not exist in the registry with id '111111111111'");
  }

  private static final String DIGEST_A = "sha256:" + "a".repeat(64);
  private static final String DIGEST_B = "sha256:" + "b".repeat(64);
  private static final Instant PUSHED = Instant.parse("2026-03-01T10:00:00.123456Z");

  @Test
  void recordImagePush_laterTimeForSameDigest_keepsTheFirst() {
    store.createRepository(repository(OURS, "app"));

    store.recordImagePush(OURS, "app", DIGEST_A, PUSHED);
    store.recordImagePush(OURS, "app", DIGEST_A, PUSHED.plusSeconds(60));

    assertThat(store.imagePushes(OURS, "app")).isEqualTo(Map.of(DIGEST_A, PUSHED));
  }

  @Test
  void recordImagePush_earlierTimeForSameDigest_replacesIt() {
    store.createRepository(repository(OURS, "app"));

    store.recordImagePush(OURS, "app", DIGEST_A, PUSHED.plusSeconds(60));
    store.recordImagePush(OURS, "app", DIGEST_A, PUSHED);

    assertThat(store.imagePushes(OURS, "app")).isEqualTo(Map.of(DIGEST_A, PUSHED));
  }

  @Test
  void imagePushes_twoDigests_oldestFirstAndPerRepository() {
    store.createRepository(repository(OURS, "app"));
    store.createRepository(repository(OURS, "other"));

    store.recordImagePush(OURS, "app", DIGEST_B, PUSHED.plusSeconds(1));
    store.recordImagePush(OURS, "app", DIGEST_A, PUSHED);
    store.recordImagePush(OURS, "other", DIGEST_B, PUSHED);

    assertThat(store.imagePushes(OURS, "app").keySet()).containsExactly(DIGEST_A, DIGEST_B);
    assertThat(store.imagePushes(OURS, "other")).isEqualTo(Map.of(DIGEST_B, PUSHED));
  }

  @Test
  void recordImagePush_missingRepository_ignored() {
    store.recordImagePush(OURS, "never", DIGEST_A, PUSHED);

    assertThat(store.imagePushes(OURS, "never")).isEmpty();
  }

  @Test
  void forgetImagePush_recorded_goneOthersKept() {
    store.createRepository(repository(OURS, "app"));
    store.recordImagePush(OURS, "app", DIGEST_A, PUSHED);
    store.recordImagePush(OURS, "app", DIGEST_B, PUSHED);

    store.forgetImagePush(OURS, "app", DIGEST_A);

    assertThat(store.imagePushes(OURS, "app")).isEqualTo(Map.of(DIGEST_B, PUSHED));
  }

  @Test
  void deleteRepository_withImagePushes_removesThemToo() {
    store.createRepository(repository(OURS, "app"));
    store.recordImagePush(OURS, "app", DIGEST_A, PUSHED);

    store.deleteRepository(OURS, "app");
    store.createRepository(repository(OURS, "app"));

    assertThat(store.imagePushes(OURS, "app")).isEmpty();
  }

  @Test
  void imagePushes_afterReopen_areKept() {
    store.createRepository(repository(OURS, "app"));
    store.recordImagePush(OURS, "app", DIGEST_A, PUSHED);

    reopen();

    assertThat(store.imagePushes(OURS, "app")).isEqualTo(Map.of(DIGEST_A, PUSHED));
  }

  @Test
  void repository_afterReopen_isKept() {
    store.createRepository(repository(OURS, "app").withPolicy(Optional.of(TRUST)));

    reopen();

    assertThat(store.repository(OURS, "app"))
        .contains(repository(OURS, "app").withPolicy(Optional.of(TRUST)));
  }

  // ---- users and roles alike

  static Stream<Arguments> everyFieldSet() {
    User builder =
        new User(
            BUILD,
            "/build/",
            "builder",
            "AIDAEXAMPLE000000001",
            T0,
            Optional.of("arn:aws:iam::222222222222:policy/boundary"),
            Map.of("team", "platform", "cost-center", "42"));
    Role role =
        Role.builder(OURS, "OURTHINGBUILDROLE")
            .path("/build/")
            .roleId("AROAEXAMPLE000000001")
            .created(T0)
            .trustPolicy(TRUST)
            .description(Optional.of("Builds push images to our repositories"))
            .maxSessionDurationSeconds(7200)
            .permissionsBoundaryArn(Optional.of("arn:aws:iam::111111111111:policy/boundary"))
            .tags(Map.of("owner", "platform"))
            .build();
    return Stream.of(
        Arguments.of(EntityKind.USER, BUILD, "builder", builder),
        Arguments.of(EntityKind.ROLE, OURS, "OURTHINGBUILDROLE", role));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyFieldSet")
  void create_everyFieldSet_readsBackEveryField(
      EntityKind kind, String account, String name, Object entity) {
    kind.create(store, entity);

    assertThat(kind.find(store, account, name)).contains(entity);
  }

  @EntityKind.ForEach
  void create_duplicateName_failsWithEntityAlreadyExists(EntityKind kind) {
    kind.create(store, BUILD, "builder");

    assertFails(
        () -> kind.create(store, BUILD, "builder"),
        ErrorCode.ENTITY_ALREADY_EXISTS,
        kind.title() + " with name builder already exists.");
  }

  @EntityKind.ForEach
  void create_sameNameInOtherCase_failsWithEntityAlreadyExists(EntityKind kind) {
    kind.create(store, BUILD, "builder");

    assertFails(
        () -> kind.create(store, BUILD, "BUILDER"),
        ErrorCode.ENTITY_ALREADY_EXISTS,
        kind.title() + " with name BUILDER already exists.");
    assertThat(kind.names(store, BUILD, "/")).containsExactly("builder");
  }

  @EntityKind.ForEach
  void create_sameNameInOtherAccount_succeeds(EntityKind kind) {
    kind.create(store, BUILD, "builder");
    kind.create(store, OURS, "builder");

    assertThat(kind.find(store, OURS, "builder")).isPresent();
    assertThat(kind.find(store, BUILD, "builder")).isPresent();
  }

  @EntityKind.ForEach
  void create_unknownAccount_failsWithNoSuchEntity(EntityKind kind) {
    assertFails(
        () -> kind.create(store, "999999999999", "builder"),
        ErrorCode.NO_SUCH_ENTITY,
        "The account with id 999999999999 cannot be found.");
  }

  @EntityKind.ForEach
  void create_nameLongerThanColumn_failsWithValidationError(EntityKind kind) {
    assertFails(
        () -> kind.create(store, BUILD, "u".repeat(65)),
        ErrorCode.VALIDATION_ERROR,
        "A value is longer than the store allows.");
  }

  @EntityKind.ForEach
  void create_sameNameFromManyThreads_exactlyOneSucceeds(EntityKind kind) throws Exception {
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<ErrorCode>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        // Differing case makes the race go through the case-insensitive key.
        Object candidate = kind.entity(BUILD, i % 2 == 0 ? "racer" : "RACER");
        Callable<ErrorCode> attempt =
            () -> {
              start.await();
              try {
                kind.create(store, candidate);
                return null;
              } catch (IdentityException e) {
                return e.code();
              }
            };
        results.add(pool.submit(attempt));
      }
      start.countDown();
      int created = 0;
      for (Future<ErrorCode> result : results) {
        ErrorCode code = result.get(30, TimeUnit.SECONDS);
        if (code == null) {
          created++;
        } else {
          assertThat(code).isEqualTo(ErrorCode.ENTITY_ALREADY_EXISTS);
        }
      }
      assertThat(created).isEqualTo(1);
      assertThat(kind.names(store, BUILD, "/")).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @EntityKind.ForEach
  void find_nameInOtherCase_findsEntityAsCreated(EntityKind kind) {
    kind.create(store, BUILD, "Builder");

    assertThat(kind.find(store, BUILD, "bUILDER")).map(kind::name).contains("Builder");
  }

  @EntityKind.ForEach
  void find_missing_isEmpty(EntityKind kind) {
    assertThat(kind.find(store, BUILD, "nobody")).isEmpty();
  }

  @EntityKind.ForEach
  void list_pathPrefix_listsMatchingOrderedByName(EntityKind kind) {
    kind.create(store, kind.entity(BUILD, "/build/", "zeta"));
    kind.create(store, kind.entity(BUILD, "/build/ci/", "Alpha"));
    kind.create(store, kind.entity(BUILD, "/build/", "beta"));
    kind.create(store, kind.entity(BUILD, "/other/", "gamma"));
    kind.create(store, kind.entity(OURS, "/build/", "delta"));

    assertThat(kind.names(store, BUILD, "/build/")).containsExactly("Alpha", "beta", "zeta");
    assertThat(kind.names(store, BUILD, "/")).containsExactly("Alpha", "beta", "gamma", "zeta");
  }

  @EntityKind.ForEach
  void list_prefixWithLikeWildcards_matchesThemLiterally(EntityKind kind) {
    kind.create(store, kind.entity(BUILD, "/a_b/", "literal"));
    kind.create(store, kind.entity(BUILD, "/axb/", "wildcard"));
    kind.create(store, kind.entity(BUILD, "/a%b!/", "percent"));

    assertThat(kind.names(store, BUILD, "/a_b/")).containsExactly("literal");
    assertThat(kind.names(store, BUILD, "/a%b!")).containsExactly("percent");
  }

  @EntityKind.ForEach
  void delete_existingNamedInOtherCase_removesIt(EntityKind kind) {
    kind.create(store, BUILD, "builder");

    kind.delete(store, BUILD, "BUILDER");

    assertThat(kind.find(store, BUILD, "builder")).isEmpty();
    assertThat(kind.names(store, BUILD, "/")).isEmpty();
  }

  @EntityKind.ForEach
  void delete_missing_failsWithNoSuchEntity(EntityKind kind) {
    assertFails(
        () -> kind.delete(store, BUILD, "builder"),
        ErrorCode.NO_SUCH_ENTITY,
        "The " + kind.noun() + " with name builder cannot be found.");
  }

  @EntityKind.ForEach
  void delete_withInlinePolicy_failsWithDeleteConflict(EntityKind kind) {
    kind.create(store, BUILD, "builder");
    store.putInlinePolicy(
        new InlinePolicy(kind.holder(), BUILD, "builder", "assume-build-role", ASSUME));

    assertFails(
        () -> kind.delete(store, BUILD, "builder"),
        ErrorCode.DELETE_CONFLICT,
        "Cannot delete entity, must delete policies first.");
    assertThat(kind.find(store, BUILD, "builder")).isPresent();
  }

  @EntityKind.ForEach
  void delete_withAttachedPolicy_failsWithDeleteConflictUntilDetached(EntityKind kind) {
    kind.create(store, OURS, "deployer");
    store.attachPolicy(kind.holder(), OURS, "deployer", ADMIN_ARN);

    assertFails(
        () -> kind.delete(store, OURS, "deployer"),
        ErrorCode.DELETE_CONFLICT,
        "Cannot delete entity, must detach all policies first.");
    store.detachPolicy(kind.holder(), OURS, "deployer", ADMIN_ARN);
    kind.delete(store, OURS, "deployer");
    assertThat(kind.find(store, OURS, "deployer")).isEmpty();
  }

  @EntityKind.ForEach
  void delete_recreatedUnderSameName_getsNewId(EntityKind kind) {
    kind.create(store, OURS, "OURTHINGBUILDROLE");
    kind.delete(store, OURS, "OURTHINGBUILDROLE");
    Object second = kind.entity(OURS, "OURTHINGBUILDROLE");

    kind.create(store, second);

    assertThat(kind.find(store, OURS, "OURTHINGBUILDROLE")).map(kind::id).contains(kind.id(second));
  }

  @EntityKind.ForEach
  void create_unusualCharactersInTags_roundTrip(EntityKind kind) {
    Map<String, String> tags =
        Map.of(
            "quote\"and\\backslash", "line\nbreak",
            "unicodé ✓", "値",
            "empty", "",
            "aws:like/key=+-.@_", "{\"json\":[1,2]}");

    kind.create(store, kind.withTags(kind.entity(BUILD, "tagged"), tags));

    assertThat(kind.find(store, BUILD, "tagged")).map(kind::tags).contains(tags);
  }

  // ---- users only

  @Test
  void deleteUser_withAccessKey_failsWithDeleteConflict() {
    store.createUser(user(BUILD, "builder"));
    store.createAccessKey(key(BUILD, Optional.of("builder"), T0));
    store.putInlinePolicy(
        new InlinePolicy(PolicyHolder.USER, BUILD, "builder", "assume-build-role", ASSUME));

    // IAM names the access keys before the policies.
    assertFails(
        () -> store.deleteUser(BUILD, "builder"),
        ErrorCode.DELETE_CONFLICT,
        "Cannot delete entity, must delete access keys first.");
    assertThat(store.user(BUILD, "builder")).isPresent();
  }

  @Test
  void deleteUser_afterKeysAndPoliciesDeleted_succeeds() {
    store.createUser(user(BUILD, "builder"));
    AccessKey key = key(BUILD, Optional.of("builder"), T0);
    store.createAccessKey(key);
    store.putInlinePolicy(new InlinePolicy(PolicyHolder.USER, BUILD, "builder", "p", ASSUME));

    store.deleteAccessKey(key.accessKeyId());
    store.deleteInlinePolicy(PolicyHolder.USER, BUILD, "builder", "p");
    store.deleteUser(BUILD, "builder");

    assertThat(store.user(BUILD, "builder")).isEmpty();
  }

  // ---- access keys

  @Test
  void createAccessKey_userKey_readsBackEveryField() {
    store.createUser(user(BUILD, "builder"));
    AccessKey key =
        new AccessKey(
            "AKIAEXAMPLE000000001",
            BUILD,
            Optional.of("builder"),
            AccessKey.Status.INACTIVE,
            T0,
            "v1.sealed-secret-bytes",
            Optional.of(T0.plusSeconds(60)));

    store.createAccessKey(key);

    assertThat(store.accessKey("AKIAEXAMPLE000000001")).contains(key);
  }

  @Test
  void createAccessKey_userNameInOtherCase_carriesUserNameAsStored() {
    store.createUser(user(BUILD, "builder"));
    AccessKey key = key(BUILD, Optional.of("Builder"), T0);

    store.createAccessKey(key);

    assertThat(store.accessKey(key.accessKeyId()))
        .map(AccessKey::userName)
        .contains(Optional.of("builder"));
  }

  @Test
  void createAccessKey_rootKey_isListedOnlyAsRootKey() {
    store.createUser(user(BUILD, "builder"));
    AccessKey root = key(BUILD, Optional.empty(), T0);
    AccessKey users = key(BUILD, Optional.of("builder"), T0);

    store.createAccessKey(root);
    store.createAccessKey(users);

    assertThat(store.accessKeys(BUILD, Optional.empty())).containsExactly(root);
    assertThat(store.accessKeys(BUILD, Optional.of("builder"))).containsExactly(users);
    assertThat(store.accessKeys(OURS, Optional.empty())).isEmpty();
    assertThat(store.accessKey(root.accessKeyId())).map(AccessKey::isRootKey).contains(true);
  }

  @Test
  void createAccessKey_missingUser_failsWithNoSuchEntity() {
    assertFails(
        () -> store.createAccessKey(key(BUILD, Optional.of("builder"), T0)),
        ErrorCode.NO_SUCH_ENTITY,
        "The user with name builder cannot be found.");
  }

  @Test
  void createAccessKey_rootKeyOfUnknownAccount_failsWithNoSuchEntity() {
    assertFails(
        () -> store.createAccessKey(key("999999999999", Optional.empty(), T0)),
        ErrorCode.NO_SUCH_ENTITY,
        "The account with id 999999999999 cannot be found.");
  }

  @Test
  void createAccessKey_duplicateId_failsWithEntityAlreadyExists() {
    AccessKey key = key(BUILD, Optional.empty(), T0);
    store.createAccessKey(key);

    assertFails(
        () -> store.createAccessKey(key),
        ErrorCode.ENTITY_ALREADY_EXISTS,
        "Access key with id " + key.accessKeyId() + " already exists.");
  }

  @Test
  void accessKeys_ofUser_listsOldestFirst() {
    store.createUser(user(BUILD, "builder"));
    AccessKey newer = key(BUILD, Optional.of("builder"), T0.plusSeconds(10));
    AccessKey older = key(BUILD, Optional.of("builder"), T0);
    store.createAccessKey(newer);
    store.createAccessKey(older);

    assertThat(store.accessKeys(BUILD, Optional.of("BUILDER"))).containsExactly(older, newer);
  }

  @Test
  void accessKey_missing_isEmpty() {
    assertThat(store.accessKey("AKIANOTHERE000000000")).isEmpty();
  }

  @Test
  void updateAccessKeyStatus_existing_changesOnlyStatus() {
    AccessKey key = key(BUILD, Optional.empty(), T0);
    store.createAccessKey(key);

    store.updateAccessKeyStatus(key.accessKeyId(), AccessKey.Status.INACTIVE);

    assertThat(store.accessKey(key.accessKeyId()))
        .contains(
            new AccessKey(
                key.accessKeyId(),
                BUILD,
                Optional.empty(),
                AccessKey.Status.INACTIVE,
                T0,
                key.sealedSecret(),
                Optional.empty()));
    store.updateAccessKeyStatus(key.accessKeyId(), AccessKey.Status.ACTIVE);
    assertThat(store.accessKey(key.accessKeyId()))
        .map(AccessKey::status)
        .contains(AccessKey.Status.ACTIVE);
  }

  @Test
  void updateAccessKeyStatus_missing_failsWithNoSuchEntity() {
    assertFails(
        () -> store.updateAccessKeyStatus("AKIANOTHERE000000000", AccessKey.Status.INACTIVE),
        ErrorCode.NO_SUCH_ENTITY,
        "The Access Key with id AKIANOTHERE000000000 cannot be found.");
  }

  @Test
  void deleteAccessKey_existing_removesIt() {
    AccessKey key = key(BUILD, Optional.empty(), T0);
    store.createAccessKey(key);

    store.deleteAccessKey(key.accessKeyId());

    assertThat(store.accessKey(key.accessKeyId())).isEmpty();
    assertThat(store.accessKeys(BUILD, Optional.empty())).isEmpty();
  }

  @Test
  void deleteAccessKey_missing_failsWithNoSuchEntity() {
    assertFails(
        () -> store.deleteAccessKey("AKIANOTHERE000000000"),
        ErrorCode.NO_SUCH_ENTITY,
        "The Access Key with id AKIANOTHERE000000000 cannot be found.");
  }

  // ---- roles only

  @Test
  void createRole_sameNameAsUser_succeeds() {
    store.createUser(user(OURS, "deployer"));
    store.createRole(role(OURS, "deployer"));

    assertThat(store.role(OURS, "deployer")).isPresent();
  }

  @Test
  void updateRole_existing_replacesMutableFieldsAndKeepsIdentity() {
    Role created = role(OURS, "/ci/", "OURTHINGBUILDROLE");
    store.createRole(created);
    String newTrust = TRUST.replace("some_key_build", "rotated_key");

    store.updateRole(
        Role.builder(OURS, "ourthingbuildrole")
            .path("/ignored/")
            .roleId("AROAIGNORED000000000")
            .created(T0.plusSeconds(999))
            .trustPolicy(newTrust)
            .description(Optional.of("now described"))
            .maxSessionDurationSeconds(43200)
            .permissionsBoundaryArn(Optional.of("arn:aws:iam::111111111111:policy/boundary"))
            .tags(Map.of("k", "v"))
            .build());

    assertThat(store.role(OURS, "OURTHINGBUILDROLE"))
        .contains(
            Role.builder(OURS, "OURTHINGBUILDROLE")
                .path("/ci/")
                .roleId(created.roleId())
                .created(T0)
                .trustPolicy(newTrust)
                .description(Optional.of("now described"))
                .maxSessionDurationSeconds(43200)
                .permissionsBoundaryArn(Optional.of("arn:aws:iam::111111111111:policy/boundary"))
                .tags(Map.of("k", "v"))
                .build());
  }

  @Test
  void updateRole_missing_failsWithNoSuchEntity() {
    assertFails(
        () -> store.updateRole(role(OURS, "OURTHINGBUILDROLE")),
        ErrorCode.NO_SUCH_ENTITY,
        "The role with name OURTHINGBUILDROLE cannot be found.");
  }

  // ---- inline policies

  @Test
  void putInlinePolicy_userPolicy_readsBack() {
    store.createUser(user(BUILD, "builder"));
    InlinePolicy policy =
        new InlinePolicy(PolicyHolder.USER, BUILD, "builder", "assume-build-role", ASSUME);

    store.putInlinePolicy(policy);

    assertThat(store.inlinePolicy(PolicyHolder.USER, BUILD, "builder", "assume-build-role"))
        .contains(policy);
    assertThat(store.inlinePolicy(PolicyHolder.USER, BUILD, "BUILDER", "Assume-Build-Role"))
        .contains(policy);
  }

  @Test
  void putInlinePolicy_existingNameInOtherCase_replacesIt() {
    store.createRole(role(OURS, "OURTHINGBUILDROLE"));
    store.putInlinePolicy(
        new InlinePolicy(PolicyHolder.ROLE, OURS, "OURTHINGBUILDROLE", "push", "{\"v\":1}"));

    store.putInlinePolicy(
        new InlinePolicy(PolicyHolder.ROLE, OURS, "ourthingbuildrole", "PUSH", "{\"v\":2}"));

    assertThat(store.inlinePolicies(PolicyHolder.ROLE, OURS, "OURTHINGBUILDROLE"))
        .containsExactly(
            new InlinePolicy(PolicyHolder.ROLE, OURS, "OURTHINGBUILDROLE", "PUSH", "{\"v\":2}"));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(PolicyHolder.class)
  void putInlinePolicy_missingHolder_failsWithNoSuchEntity(PolicyHolder holder) {
    String noun = holder.name().toLowerCase(Locale.ROOT);

    assertFails(
        () -> store.putInlinePolicy(new InlinePolicy(holder, OURS, "developers", "p", ASSUME)),
        ErrorCode.NO_SUCH_ENTITY,
        "The " + noun + " with name developers cannot be found.");
    assertThat(store.inlinePolicies(holder, OURS, "developers")).isEmpty();
  }

  @Test
  void inlinePolicies_ofHolder_listsOnlyItsOwnOrderedByName() {
    store.createUser(user(OURS, "deployer"));
    store.createRole(role(OURS, "deployer"));
    store.putInlinePolicy(new InlinePolicy(PolicyHolder.USER, OURS, "deployer", "zeta", "{}"));
    store.putInlinePolicy(new InlinePolicy(PolicyHolder.USER, OURS, "deployer", "Alpha", "{}"));
    store.putInlinePolicy(new InlinePolicy(PolicyHolder.ROLE, OURS, "deployer", "role-only", "{}"));

    assertThat(store.inlinePolicies(PolicyHolder.USER, OURS, "deployer"))
        .extracting(InlinePolicy::policyName)
        .containsExactly("Alpha", "zeta");
    assertThat(store.inlinePolicies(PolicyHolder.ROLE, OURS, "DEPLOYER"))
        .extracting(InlinePolicy::policyName)
        .containsExactly("role-only");
  }

  @Test
  void inlinePolicy_missing_isEmpty() {
    store.createUser(user(BUILD, "builder"));

    assertThat(store.inlinePolicy(PolicyHolder.USER, BUILD, "builder", "p")).isEmpty();
    assertThat(store.inlinePolicy(PolicyHolder.USER, BUILD, "nobody", "p")).isEmpty();
  }

  @Test
  void deleteInlinePolicy_existing_removesIt() {
    store.createUser(user(BUILD, "builder"));
    store.putInlinePolicy(new InlinePolicy(PolicyHolder.USER, BUILD, "builder", "p", ASSUME));

    store.deleteInlinePolicy(PolicyHolder.USER, BUILD, "builder", "P");

    assertThat(store.inlinePolicies(PolicyHolder.USER, BUILD, "builder")).isEmpty();
  }

  @EntityKind.ForEach
  void deleteInlinePolicy_missingPolicy_failsWithNoSuchEntity(EntityKind kind) {
    kind.create(store, BUILD, "builder");

    assertFails(
        () -> store.deleteInlinePolicy(kind.holder(), BUILD, "builder", "assume"),
        ErrorCode.NO_SUCH_ENTITY,
        "The " + kind.noun() + " policy with name assume cannot be found.");
  }

  @EntityKind.ForEach
  void deleteInlinePolicy_missingHolder_failsWithNoSuchEntity(EntityKind kind) {
    assertFails(
        () -> store.deleteInlinePolicy(kind.holder(), BUILD, "builder", "assume"),
        ErrorCode.NO_SUCH_ENTITY,
        "The " + kind.noun() + " with name builder cannot be found.");
  }

  // ---- token keys

  @Test
  void tokenKeys_several_listedNewestFirst() {
    SealedTokenKey oldest = new SealedTokenKey("k1", "sealed-1", T0);
    SealedTokenKey newest = new SealedTokenKey("k3", "sealed-3", T0.plusSeconds(7200));
    SealedTokenKey middle = new SealedTokenKey("k2", "sealed-2", T0.plusSeconds(3600));
    store.addTokenKey(oldest);
    store.addTokenKey(newest);
    store.addTokenKey(middle);

    assertThat(store.tokenKeys()).containsExactly(newest, middle, oldest);
  }

  @Test
  void deleteTokenKeys_someIds_deletesOnlyThose() {
    SealedTokenKey k1 = new SealedTokenKey("k1", "sealed-1", T0);
    SealedTokenKey k2 = new SealedTokenKey("k2", "sealed-2", T0.plusSeconds(3600));
    SealedTokenKey k3 = new SealedTokenKey("k3", "sealed-3", T0.plusSeconds(7200));
    store.addTokenKey(k1);
    store.addTokenKey(k2);
    store.addTokenKey(k3);

    assertThat(store.deleteTokenKeys(List.of("k1", "k2", "absent"))).isEqualTo(2);

    assertThat(store.tokenKeys()).containsExactly(k3);
    assertThat(store.deleteTokenKeys(List.of())).isZero();
  }

  @Test
  void deleteTokenKeysExcept_keepsOnlyThatKey() {
    SealedTokenKey k1 = new SealedTokenKey("k1", "sealed-1", T0);
    SealedTokenKey k2 = new SealedTokenKey("k2", "sealed-2", T0.plusSeconds(3600));
    SealedTokenKey k3 = new SealedTokenKey("k3", "sealed-3", T0.plusSeconds(7200));
    store.addTokenKey(k1);
    store.addTokenKey(k2);
    store.addTokenKey(k3);

    assertThat(store.deleteTokenKeysExcept("k2")).isEqualTo(2);

    assertThat(store.tokenKeys()).containsExactly(k2);
  }

  @Test
  void tokenKeys_none_isEmpty() {
    assertThat(store.tokenKeys()).isEmpty();
  }

  @Test
  void addTokenKey_duplicateId_failsWithEntityAlreadyExists() {
    store.addTokenKey(new SealedTokenKey("k1", "sealed-1", T0));

    assertFails(
        () -> store.addTokenKey(new SealedTokenKey("k1", "sealed-other", T0)),
        ErrorCode.ENTITY_ALREADY_EXISTS,
        "Token key with id k1 already exists.");
    assertThat(store.tokenKeys()).extracting(SealedTokenKey::sealedMaterial).contains("sealed-1");
  }

  // ---- registry signing key

  @Test
  void registrySigningKey_none_storesAndReturnsTheCandidate() {
    SealedSigningKey candidate = new SealedSigningKey("AAAA:BBBB", "sealed-1", "PEM-1", T0);

    assertThat(store.registrySigningKey(candidate)).isEqualTo(candidate);
  }

  @Test
  void registrySigningKey_oneStored_keepsItAndIgnoresTheNewCandidate() {
    SealedSigningKey first = new SealedSigningKey("AAAA:BBBB", "sealed-1", "PEM-1", T0);
    store.registrySigningKey(first);

    SealedSigningKey again =
        store.registrySigningKey(
            new SealedSigningKey("CCCC:DDDD", "sealed-2", "PEM-2", T0.minusSeconds(60)));

    assertThat(again).isEqualTo(first);
  }

  // ---- registry events secret

  @Test
  void registryEventsSecret_none_storesAndReturnsTheCandidate() {
    SealedEventsSecret candidate = new SealedEventsSecret("s1", "sealed-1", T0);

    assertThat(store.registryEventsSecret(candidate)).isEqualTo(candidate);
  }

  @Test
  void registryEventsSecret_oneStored_keepsItAndIgnoresTheNewCandidate() {
    SealedEventsSecret first = new SealedEventsSecret("s1", "sealed-1", T0);
    store.registryEventsSecret(first);

    SealedEventsSecret again =
        store.registryEventsSecret(new SealedEventsSecret("s2", "sealed-2", T0.minusSeconds(60)));

    assertThat(again).isEqualTo(first);
  }

  @Test
  void registryEventsSecret_reopened_sameSecret() {
    SealedEventsSecret first = new SealedEventsSecret("s1", "sealed-1", T0);
    store.registryEventsSecret(first);

    reopen();

    assertThat(store.registryEventsSecret(new SealedEventsSecret("s2", "sealed-2", T0)))
        .isEqualTo(first);
  }

  @Test
  void registryEventsSecret_racingCandidates_allGetTheSameOne() throws Exception {
    int nodes = 4;
    ExecutorService pool = Executors.newFixedThreadPool(nodes);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<SealedEventsSecret>> answers = new ArrayList<>();
      for (int i = 0; i < nodes; i++) {
        SealedEventsSecret candidate =
            new SealedEventsSecret("s" + i, "sealed-" + i, T0.plusSeconds(i));
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return store.registryEventsSecret(candidate);
                }));
      }
      start.countDown();
      List<SealedEventsSecret> got = new ArrayList<>();
      for (Future<SealedEventsSecret> answer : answers) {
        got.add(answer.get(30, TimeUnit.SECONDS));
      }

      assertThat(got).hasSize(nodes).containsOnly(got.get(0));
      assertThat(store.registryEventsSecret(new SealedEventsSecret("late", "x", T0)))
          .isEqualTo(got.get(0));
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- values

  @Test
  void createUser_nanosecondTimestamp_isKeptToTheMicrosecond() {
    Instant precise = Instant.parse("2024-05-01T10:15:30.123456789Z");
    store.createUser(new User(BUILD, "/", "n", newId("AIDA"), precise, Optional.empty(), Map.of()));

    assertThat(store.user(BUILD, "n"))
        .map(User::created)
        .contains(Instant.parse("2024-05-01T10:15:30.123456Z"));
  }

  @Test
  void policyDocument_large_roundTrips() {
    store.createRole(role(OURS, "big"));
    String document = "{\"Statement\":[" + "{\"Effect\":\"Allow\"},".repeat(10_000) + "{}]}";

    store.putInlinePolicy(new InlinePolicy(PolicyHolder.ROLE, OURS, "big", "big", document));

    assertThat(store.inlinePolicy(PolicyHolder.ROLE, OURS, "big", "big"))
        .map(InlinePolicy::document)
        .contains(document);
  }

  // ---- restart and health

  @Test
  void reopen_afterWritesOfEveryKind_readsEverythingBack() {
    User builder =
        new User(BUILD, "/", "builder", newId("AIDA"), T0, Optional.empty(), Map.of("a", "b"));
    AccessKey key = key(BUILD, Optional.of("builder"), T0);
    AccessKey rootKey = key(OURS, Optional.empty(), T0);
    Role buildRole = role(OURS, "OURTHINGBUILDROLE");
    InlinePolicy userPolicy =
        new InlinePolicy(PolicyHolder.USER, BUILD, "builder", "assume-build-role", ASSUME);
    InlinePolicy rolePolicy =
        new InlinePolicy(PolicyHolder.ROLE, OURS, "OURTHINGBUILDROLE", "push", "{}");
    SealedTokenKey tokenKey = new SealedTokenKey("k1", "sealed", T0);
    store.createUser(builder);
    store.createAccessKey(key);
    store.createAccessKey(rootKey);
    store.updateAccessKeyStatus(key.accessKeyId(), AccessKey.Status.INACTIVE);
    store.createRole(buildRole);
    store.putInlinePolicy(userPolicy);
    store.putInlinePolicy(rolePolicy);
    store.addTokenKey(tokenKey);

    reopen();

    assertThat(store.accounts()).extracting(Account::name).containsExactly("ours", "build");
    assertThat(store.user(BUILD, "builder")).contains(builder);
    assertThat(store.accessKey(key.accessKeyId()))
        .map(AccessKey::status)
        .contains(AccessKey.Status.INACTIVE);
    assertThat(store.accessKeys(OURS, Optional.empty())).containsExactly(rootKey);
    assertThat(store.role(OURS, "OURTHINGBUILDROLE")).contains(buildRole);
    assertThat(store.inlinePolicies(PolicyHolder.USER, BUILD, "builder"))
        .containsExactly(userPolicy);
    assertThat(store.inlinePolicies(PolicyHolder.ROLE, OURS, "OURTHINGBUILDROLE"))
        .containsExactly(rolePolicy);
    assertThat(store.tokenKeys()).containsExactly(tokenKey);
  }

  // ---- renaming users, last use of keys and roles

  @Test
  void updateUser_newNameAndPath_keysAndPoliciesFollow() {
    store.createUser(user(BUILD, "builder"));
    AccessKey key = key(BUILD, Optional.of("builder"), T0);
    store.createAccessKey(key);
    store.putInlinePolicy(new InlinePolicy(PolicyHolder.USER, BUILD, "builder", "p", ASSUME));
    User old = store.user(BUILD, "builder").orElseThrow();
    User renamed =
        new User(
            BUILD, "/ci/", "Deployer", old.userId(), old.created(), Optional.empty(), Map.of());

    store.updateUser(BUILD, "builder", renamed);

    assertThat(store.user(BUILD, "builder")).isEmpty();
    assertThat(store.user(BUILD, "deployer")).contains(renamed);
    assertThat(store.accessKey(key.accessKeyId()))
        .map(AccessKey::userName)
        .contains(Optional.of("Deployer"));
    assertThat(store.accessKeys(BUILD, Optional.of("Deployer")))
        .extracting(AccessKey::accessKeyId)
        .containsExactly(key.accessKeyId());
    assertThat(store.inlinePolicies(PolicyHolder.USER, BUILD, "Deployer"))
        .extracting(InlinePolicy::holderName)
        .containsExactly("Deployer");
  }

  @Test
  void updateUser_newName_groupsAndAttachedPoliciesFollow() {
    store.createUser(user(BUILD, "builder"));
    store.createGroup(group(BUILD, "devs"));
    store.addUserToGroup(BUILD, "devs", "builder");
    String readOnly = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    store.attachPolicy(PolicyHolder.USER, BUILD, "builder", readOnly);
    User old = store.user(BUILD, "builder").orElseThrow();

    store.updateUser(
        BUILD,
        "builder",
        new User(BUILD, "/", "Deployer", old.userId(), old.created(), Optional.empty(), Map.of()));

    assertThat(store.groupsForUser(BUILD, "deployer"))
        .extracting(Group::name)
        .containsExactly("devs");
    assertThat(store.groupMembers(BUILD, "devs"))
        .extracting(User::name)
        .containsExactly("Deployer");
    assertThat(store.attachedPolicies(PolicyHolder.USER, BUILD, "Deployer"))
        .extracting(AttachedPolicy::policyArn)
        .containsExactly(readOnly);
    assertThat(store.attachedPolicies(PolicyHolder.USER, BUILD, "builder")).isEmpty();
  }

  @Test
  void updateUser_tagsOnly_replacesTags() {
    User u = user(BUILD, "builder");
    store.createUser(u);
    User tagged =
        new User(
            BUILD, "/", "builder", u.userId(), u.created(), Optional.empty(), Map.of("a", "1"));

    store.updateUser(BUILD, "builder", tagged);

    assertThat(store.user(BUILD, "builder")).contains(tagged);
  }

  @Test
  void updateUser_nameOfAnotherUserInOtherCase_failsWithEntityAlreadyExists() {
    User u = user(BUILD, "builder");
    store.createUser(u);
    store.createUser(user(BUILD, "deployer"));
    User clash =
        new User(BUILD, "/", "DEPLOYER", u.userId(), u.created(), Optional.empty(), Map.of());

    assertFails(
        () -> store.updateUser(BUILD, "builder", clash),
        ErrorCode.ENTITY_ALREADY_EXISTS,
        "User with name DEPLOYER already exists.");
    assertThat(store.user(BUILD, "builder")).contains(u);
  }

  @Test
  void updateUser_missing_failsWithNoSuchEntity() {
    assertFails(
        () -> store.updateUser(BUILD, "ghost", user(BUILD, "ghost")),
        ErrorCode.NO_SUCH_ENTITY,
        "The user with name ghost cannot be found.");
  }

  @Test
  void accessKeyLastUsed_neverUsed_isEmpty() {
    AccessKey key = key(OURS, Optional.empty(), T0);
    store.createAccessKey(key);

    assertThat(store.accessKeyLastUsed(key.accessKeyId())).isEmpty();
    assertThat(store.accessKeyLastUsed("AKIANOSUCHKEY0000000")).isEmpty();
  }

  @Test
  void recordAccessKeyUse_thenReopen_keepsDateServiceAndRegion() {
    AccessKey key = key(OURS, Optional.empty(), T0);
    store.createAccessKey(key);
    LastUsed used = new LastUsed(T0.plusSeconds(90), Optional.of("iam"), "us-east-1");

    store.recordAccessKeyUse(key.accessKeyId(), used);
    reopen();

    assertThat(store.accessKeyLastUsed(key.accessKeyId())).contains(used);
  }

  @Test
  void recordAccessKeyUse_deletedKey_isIgnored() {
    store.recordAccessKeyUse(
        "AKIANOSUCHKEY0000000", new LastUsed(T0, Optional.of("sts"), "eu-west-1"));

    assertThat(store.accessKeyLastUsed("AKIANOSUCHKEY0000000")).isEmpty();
  }

  @Test
  void recordRoleUse_thenReopen_keepsDateAndRegion() {
    store.createRole(role(OURS, "Deploy"));
    LastUsed used = new LastUsed(T0.plusSeconds(5), Optional.empty(), "eu-west-1");

    assertThat(store.roleLastUsed(OURS, "Deploy")).isEmpty();
    store.recordRoleUse(OURS, "deploy", used);
    reopen();

    assertThat(store.roleLastUsed(OURS, "DEPLOY")).contains(used);
  }

  // ---- groups

  static Group group(String account, String path, String name) {
    return new Group(account, path, name, newId("AGPA"), T0);
  }

  static Group group(String account, String name) {
    return group(account, "/", name);
  }

  static final String ALLOW_ECR =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ecr:*\","
          + "\"Resource\":\"*\"}]}";
  static final String ALLOW_LIST =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:List*\","
          + "\"Resource\":\"*\"}]}";
  static final String ADMIN_ARN = "arn:aws:iam::aws:policy/AdministratorAccess";

  static ManagedPolicy policy(String account, String path, String name) {
    return new ManagedPolicy(
        account,
        path,
        name,
        newId("ANPA"),
        T0,
        T0,
        Optional.of("for " + name),
        "v1",
        Map.of("team", "build"));
  }

  @Test
  void createGroup_new_readsBackAndListsByPathOrderedByName() {
    Group builders = group(OURS, "/ci/", "builders");
    store.createGroup(builders);
    store.createGroup(group(OURS, "/ci/", "Admins"));
    store.createGroup(group(OURS, "/other/", "zed"));
    store.createGroup(group(BUILD, "/ci/", "elsewhere"));

    assertThat(store.group(OURS, "BUILDERS")).contains(builders);
    assertThat(store.groups(OURS, "/ci/"))
        .extracting(Group::name)
        .containsExactly("Admins", "builders");
    assertThat(store.groups(OURS, "/")).hasSize(3);
  }

  @Test
  void createGroup_sameNameInOtherCase_failsWithEntityAlreadyExists() {
    store.createGroup(group(OURS, "builders"));

    assertFails(
        () -> store.createGroup(group(OURS, "Builders")),
        ErrorCode.ENTITY_ALREADY_EXISTS,
        "Group with name Builders already exists.");
  }

  @Test
  void addUserToGroup_twice_isOneMembershipSeenFromBothSides() {
    store.createGroup(group(OURS, "builders"));
    store.createGroup(group(OURS, "admins"));
    store.createUser(user(OURS, "bob"));
    store.createUser(user(OURS, "alice"));

    store.addUserToGroup(OURS, "builders", "bob");
    store.addUserToGroup(OURS, "BUILDERS", "BOB");
    store.addUserToGroup(OURS, "builders", "alice");
    store.addUserToGroup(OURS, "admins", "bob");

    assertThat(store.groupMembers(OURS, "builders"))
        .extracting(User::name)
        .containsExactly("alice", "bob");
    assertThat(store.groupsForUser(OURS, "bob"))
        .extracting(Group::name)
        .containsExactly("admins", "builders");
    assertThat(store.memberships(OURS))
        .containsExactly(
            new IdentityStore.Membership("builders", "alice"),
            new IdentityStore.Membership("admins", "bob"),
            new IdentityStore.Membership("builders", "bob"));
  }

  @Test
  void addUserToGroup_missingGroupOrUser_failsWithNoSuchEntityNamingTheGroupFirst() {
    assertFails(
        () -> store.addUserToGroup(OURS, "builders", "bob"),
        ErrorCode.NO_SUCH_ENTITY,
        "The group with name builders cannot be found.");
    store.createGroup(group(OURS, "builders"));
    assertFails(
        () -> store.addUserToGroup(OURS, "builders", "bob"),
        ErrorCode.NO_SUCH_ENTITY,
        "The user with name bob cannot be found.");
  }

  @Test
  void addUserToGroup_eleventhGroup_failsWithLimitExceeded() {
    store.createUser(user(OURS, "bob"));
    for (int i = 0; i < 11; i++) {
      store.createGroup(group(OURS, "g" + i));
    }
    for (int i = 0; i < 10; i++) {
      store.addUserToGroup(OURS, "g" + i, "bob");
    }

    assertFails(
        () -> store.addUserToGroup(OURS, "g10", "bob"),
        ErrorCode.LIMIT_EXCEEDED,
        "Cannot exceed quota for GroupsPerUser: 10");
    assertThat(store.groupsForUser(OURS, "bob")).hasSize(10);
    store.addUserToGroup(OURS, "g9", "bob");
  }

  @Test
  void removeUserFromGroup_memberAndNonMember() {
    store.createGroup(group(OURS, "builders"));
    store.createUser(user(OURS, "bob"));
    store.addUserToGroup(OURS, "builders", "bob");

    store.removeUserFromGroup(OURS, "builders", "Bob");

    assertThat(store.groupMembers(OURS, "builders")).isEmpty();
    assertFails(
        () -> store.removeUserFromGroup(OURS, "builders", "bob"),
        ErrorCode.NO_SUCH_ENTITY,
        "User bob is not in group builders.");
  }

  @Test
  void deleteGroup_withMembersPoliciesOrAttachments_failsWithDeleteConflictUntilEmpty() {
    store.createGroup(group(OURS, "builders"));
    store.createUser(user(OURS, "bob"));
    store.addUserToGroup(OURS, "builders", "bob");
    store.putInlinePolicy(new InlinePolicy(PolicyHolder.GROUP, OURS, "builders", "p", ALLOW_ECR));
    store.attachPolicy(PolicyHolder.GROUP, OURS, "builders", ADMIN_ARN);

    assertFails(
        () -> store.deleteGroup(OURS, "builders"),
        ErrorCode.DELETE_CONFLICT,
        "Cannot delete entity, must remove users from group first.");
    store.removeUserFromGroup(OURS, "builders", "bob");
    assertFails(
        () -> store.deleteGroup(OURS, "builders"),
        ErrorCode.DELETE_CONFLICT,
        "Cannot delete entity, must delete policies first.");
    store.deleteInlinePolicy(PolicyHolder.GROUP, OURS, "builders", "p");
    assertFails(
        () -> store.deleteGroup(OURS, "builders"),
        ErrorCode.DELETE_CONFLICT,
        "Cannot delete entity, must detach all policies first.");
    store.detachPolicy(PolicyHolder.GROUP, OURS, "builders", ADMIN_ARN);

    store.deleteGroup(OURS, "builders");

    assertThat(store.group(OURS, "builders")).isEmpty();
    assertFails(
        () -> store.deleteGroup(OURS, "builders"),
        ErrorCode.NO_SUCH_ENTITY,
        "The group with name builders cannot be found.");
  }

  @Test
  void updateGroup_renameAndMove_carriesMembersPoliciesAndAttachments() {
    Group before = group(OURS, "/ci/", "builders");
    store.createGroup(before);
    store.createUser(user(OURS, "bob"));
    store.addUserToGroup(OURS, "builders", "bob");
    store.putInlinePolicy(new InlinePolicy(PolicyHolder.GROUP, OURS, "builders", "p", ALLOW_ECR));
    store.attachPolicy(PolicyHolder.GROUP, OURS, "builders", ADMIN_ARN);

    Group after =
        store.updateGroup(OURS, "BUILDERS", Optional.of("Packagers"), Optional.of("/pkg/"));

    assertThat(after)
        .isEqualTo(new Group(OURS, "/pkg/", "Packagers", before.groupId(), before.created()));
    assertThat(store.group(OURS, "builders")).isEmpty();
    assertThat(store.group(OURS, "packagers")).contains(after);
    assertThat(store.groupMembers(OURS, "packagers")).extracting(User::name).containsExactly("bob");
    assertThat(store.inlinePolicies(PolicyHolder.GROUP, OURS, "packagers"))
        .extracting(InlinePolicy::holderName, InlinePolicy::policyName)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Packagers", "p"));
    assertThat(store.attachedPolicies(PolicyHolder.GROUP, OURS, "packagers"))
        .containsExactly(new AttachedPolicy("AdministratorAccess", ADMIN_ARN));
  }

  @Test
  void updateGroup_toTakenNameOrMissingGroup_fails() {
    store.createGroup(group(OURS, "a"));
    store.createGroup(group(OURS, "b"));

    assertFails(
        () -> store.updateGroup(OURS, "a", Optional.of("B"), Optional.empty()),
        ErrorCode.ENTITY_ALREADY_EXISTS,
        "Group with name B already exists.");
    assertFails(
        () -> store.updateGroup(OURS, "c", Optional.of("d"), Optional.empty()),
        ErrorCode.NO_SUCH_ENTITY,
        "The group with name c cannot be found.");
  }

  @Test
  void deleteUser_inGroupOrWithAttachedPolicy_failsWithDeleteConflict() {
    store.createUser(user(OURS, "bob"));
    store.createGroup(group(OURS, "builders"));
    store.addUserToGroup(OURS, "builders", "bob");
    store.attachPolicy(PolicyHolder.USER, OURS, "bob", ADMIN_ARN);

    assertFails(
        () -> store.deleteUser(OURS, "bob"),
        ErrorCode.DELETE_CONFLICT,
        "Cannot delete entity, must detach all policies first.");
    store.detachPolicy(PolicyHolder.USER, OURS, "bob", ADMIN_ARN);
    assertFails(
        () -> store.deleteUser(OURS, "bob"),
        ErrorCode.DELETE_CONFLICT,
        "Cannot delete entity, must remove users from group first.");
    store.removeUserFromGroup(OURS, "builders", "bob");

    store.deleteUser(OURS, "bob");
    assertThat(store.user(OURS, "bob")).isEmpty();
  }

  // ---- managed policies

  @Test
  void createManagedPolicy_new_readsBackWithItsFirstVersionAsDefault() {
    ManagedPolicy p = policy(OURS, "/build/", "ecr-push");

    store.createManagedPolicy(p, ALLOW_ECR);

    assertThat(p.arn()).isEqualTo("arn:aws:iam::111111111111:policy/build/ecr-push");
    assertThat(store.managedPolicy(p.arn())).contains(p);
    assertThat(store.managedPolicy("arn:aws:iam::111111111111:policy/build/ECR-PUSH")).contains(p);
    assertThat(store.managedPolicies(OURS)).containsExactly(p);
    assertThat(store.managedPolicies(BUILD)).isEmpty();
    assertThat(store.policyVersions(p.arn()))
        .containsExactly(new ManagedPolicyVersion(p.arn(), "v1", ALLOW_ECR, true, T0));
  }

  @Test
  void createManagedPolicy_sameNameOnOtherPath_failsWithEntityAlreadyExists() {
    store.createManagedPolicy(policy(OURS, "/build/", "ecr-push"), ALLOW_ECR);

    assertFails(
        () -> store.createManagedPolicy(policy(OURS, "/other/", "ECR-push"), ALLOW_ECR),
        ErrorCode.ENTITY_ALREADY_EXISTS,
        "A policy called ECR-push already exists. Duplicate names are not allowed.");
  }

  @Test
  void managedPolicy_awsManaged_isBuiltInWithItsDefaultVersion() {
    ManagedPolicy admin = store.managedPolicy(ADMIN_ARN).orElseThrow();

    assertThat(admin.awsManaged()).isTrue();
    assertThat(admin.defaultVersionId()).isEqualTo("v1");
    assertThat(store.policyVersions(ADMIN_ARN))
        .extracting(ManagedPolicyVersion::versionId)
        .containsExactly("v1");
    assertThat(store.policyVersion(ADMIN_ARN, "v1").orElseThrow().document()).contains("\"*\"");
    assertThat(store.managedPolicy("arn:aws:iam::aws:policy/NoSuchPolicy")).isEmpty();
  }

  @Test
  void createPolicyVersion_upToFive_thenLimitExceeded_andIdsAreNeverReused() {
    ManagedPolicy p = policy(OURS, "/", "p");
    store.createManagedPolicy(p, ALLOW_ECR);
    Instant t1 = T0.plusSeconds(60);
    for (int i = 2; i <= 5; i++) {
      ManagedPolicyVersion v = store.createPolicyVersion(p.arn(), ALLOW_LIST, false, t1);
      assertThat(v.versionId()).isEqualTo("v" + i);
      assertThat(v.isDefault()).isFalse();
    }
    assertFails(
        () -> store.createPolicyVersion(p.arn(), ALLOW_LIST, false, t1),
        ErrorCode.LIMIT_EXCEEDED,
        "A managed policy can have up to 5 versions. Before you create a new version, you must"
            + " delete an existing version.");

    store.deletePolicyVersion(p.arn(), "v3");
    ManagedPolicyVersion v6 =
        store.createPolicyVersion(p.arn(), ALLOW_LIST, true, t1.plusSeconds(1));

    assertThat(v6.versionId()).isEqualTo("v6");
    assertThat(store.policyVersions(p.arn()))
        .extracting(ManagedPolicyVersion::versionId)
        .containsExactly("v6", "v5", "v4", "v2", "v1");
    ManagedPolicy now = store.managedPolicy(p.arn()).orElseThrow();
    assertThat(now.defaultVersionId()).isEqualTo("v6");
    assertThat(now.updated()).isEqualTo(t1.plusSeconds(1));
    assertThat(store.policyVersion(p.arn(), "v6").orElseThrow().isDefault()).isTrue();
    assertThat(store.policyVersion(p.arn(), "v1").orElseThrow().isDefault()).isFalse();
    assertThat(store.policyVersion(p.arn(), "v3")).isEmpty();
  }

  @Test
  void deletePolicyVersion_defaultOrMissing_fails() {
    ManagedPolicy p = policy(OURS, "/", "p");
    store.createManagedPolicy(p, ALLOW_ECR);
    store.createPolicyVersion(p.arn(), ALLOW_LIST, false, T0);

    assertFails(
        () -> store.deletePolicyVersion(p.arn(), "v1"),
        ErrorCode.DELETE_CONFLICT,
        "Cannot delete the default version of a policy.");
    assertFails(
        () -> store.deletePolicyVersion(p.arn(), "v9"),
        ErrorCode.NO_SUCH_ENTITY,
        "Policy " + p.arn() + " version v9 does not exist or is not attachable.");

    store.setDefaultPolicyVersion(p.arn(), "v2");
    store.deletePolicyVersion(p.arn(), "v1");

    assertThat(store.policyVersions(p.arn()))
        .containsExactly(new ManagedPolicyVersion(p.arn(), "v2", ALLOW_LIST, true, T0));
  }

  @Test
  void deleteManagedPolicy_whileVersionedAttachedOrABoundary_failsWithDeleteConflict() {
    ManagedPolicy p = policy(OURS, "/", "p");
    store.createManagedPolicy(p, ALLOW_ECR);
    store.createPolicyVersion(p.arn(), ALLOW_LIST, true, T0);
    store.createRole(role(OURS, "deployer"));
    store.createUser(user(OURS, "bob"));
    store.attachPolicy(PolicyHolder.ROLE, OURS, "deployer", p.arn());
    store.setPermissionsBoundary(PolicyHolder.USER, OURS, "bob", Optional.of(p.arn()));

    assertFails(
        () -> store.deleteManagedPolicy(p.arn()),
        ErrorCode.DELETE_CONFLICT,
        "Cannot delete a policy attached to entities.");
    store.detachPolicy(PolicyHolder.ROLE, OURS, "deployer", p.arn());
    assertFails(
        () -> store.deleteManagedPolicy(p.arn()),
        ErrorCode.DELETE_CONFLICT,
        "Cannot delete a policy attached to entities.");
    store.setPermissionsBoundary(PolicyHolder.USER, OURS, "bob", Optional.empty());
    assertFails(
        () -> store.deleteManagedPolicy(p.arn()),
        ErrorCode.DELETE_CONFLICT,
        "This policy has more than one version. Before you delete a policy, you must delete the"
            + " policy's versions. The default version is deleted with the policy.");
    store.deletePolicyVersion(p.arn(), "v1");

    store.deleteManagedPolicy(p.arn());

    assertThat(store.managedPolicy(p.arn())).isEmpty();
    assertThat(store.policyVersions(p.arn())).isEmpty();
    assertFails(
        () -> store.deleteManagedPolicy(p.arn()),
        ErrorCode.NO_SUCH_ENTITY,
        "Policy " + p.arn() + " was not found.");
  }

  // ---- attachments and boundaries

  @Test
  void attachPolicy_customerAndAwsManaged_listedByNameAndCounted() {
    ManagedPolicy p = policy(OURS, "/build/", "ecr-push");
    store.createManagedPolicy(p, ALLOW_ECR);
    store.createUser(user(OURS, "bob"));
    store.createGroup(group(OURS, "builders"));
    Role deployer = role(OURS, "deployer");
    store.createRole(deployer);

    store.attachPolicy(PolicyHolder.USER, OURS, "bob", p.arn());
    store.attachPolicy(PolicyHolder.USER, OURS, "bob", p.arn());
    store.attachPolicy(PolicyHolder.USER, OURS, "bob", ADMIN_ARN);
    store.attachPolicy(PolicyHolder.GROUP, OURS, "builders", p.arn());
    store.attachPolicy(
        PolicyHolder.ROLE, OURS, "Deployer", "arn:aws:iam::111111111111:policy/build/ECR-PUSH");

    assertThat(store.attachedPolicies(PolicyHolder.USER, OURS, "bob"))
        .containsExactly(
            new AttachedPolicy("AdministratorAccess", ADMIN_ARN),
            new AttachedPolicy("ecr-push", p.arn()));
    assertThat(store.attachedPolicies(PolicyHolder.ROLE, OURS, "deployer"))
        .containsExactly(new AttachedPolicy("ecr-push", p.arn()));
    assertThat(store.policyUsage(OURS, p.arn())).isEqualTo(new PolicyUsage(3, 0));
    assertThat(store.policyUsage(OURS, ADMIN_ARN)).isEqualTo(new PolicyUsage(1, 0));
    assertThat(store.policyUsage(BUILD, ADMIN_ARN)).isEqualTo(new PolicyUsage(0, 0));
    assertThat(store.attachments(OURS, p.arn()))
        .extracting(PolicyAttachment::holder, PolicyAttachment::holderName)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(PolicyHolder.USER, "bob"),
            org.assertj.core.groups.Tuple.tuple(PolicyHolder.ROLE, "deployer"),
            org.assertj.core.groups.Tuple.tuple(PolicyHolder.GROUP, "builders"));
    assertThat(store.attachments(OURS)).hasSize(4);
    assertThat(store.attachments(OURS, p.arn()).get(1).holderId()).isEqualTo(deployer.roleId());
  }

  @Test
  void attachPolicy_missingEntityOrPolicyOrForeignPolicy_failsWithNoSuchEntity() {
    store.createUser(user(OURS, "bob"));
    store.createManagedPolicy(policy(BUILD, "/", "theirs"), ALLOW_ECR);

    assertFails(
        () -> store.attachPolicy(PolicyHolder.USER, OURS, "alice", ADMIN_ARN),
        ErrorCode.NO_SUCH_ENTITY,
        "The user with name alice cannot be found.");
    assertFails(
        () ->
            store.attachPolicy(
                PolicyHolder.USER, OURS, "bob", "arn:aws:iam::111111111111:policy/none"),
        ErrorCode.NO_SUCH_ENTITY,
        "Policy arn:aws:iam::111111111111:policy/none does not exist or is not attachable.");
    assertFails(
        () ->
            store.attachPolicy(
                PolicyHolder.USER, OURS, "bob", "arn:aws:iam::222222222222:policy/theirs"),
        ErrorCode.NO_SUCH_ENTITY,
        "Policy arn:aws:iam::222222222222:policy/theirs does not exist or is not attachable.");
    assertFails(
        () -> store.detachPolicy(PolicyHolder.USER, OURS, "bob", ADMIN_ARN),
        ErrorCode.NO_SUCH_ENTITY,
        "Policy " + ADMIN_ARN + " was not found.");
  }

  @EntityKind.ForEach
  void attachPolicy_eleventh_failsWithLimitExceeded(EntityKind kind) {
    kind.create(store, OURS, "deployer");
    for (int i = 0; i < 11; i++) {
      store.createManagedPolicy(policy(OURS, "/", "p" + i), ALLOW_ECR);
    }
    for (int i = 0; i < 10; i++) {
      store.attachPolicy(kind.holder(), OURS, "deployer", "arn:aws:iam::111111111111:policy/p" + i);
    }

    assertFails(
        () ->
            store.attachPolicy(
                kind.holder(), OURS, "deployer", "arn:aws:iam::111111111111:policy/p10"),
        ErrorCode.LIMIT_EXCEEDED,
        "Cannot exceed quota for PoliciesPer" + kind.title() + ": 10");
    store.attachPolicy(kind.holder(), OURS, "deployer", "arn:aws:iam::111111111111:policy/p9");
    assertThat(store.attachedPolicies(kind.holder(), OURS, "deployer")).hasSize(10);
  }

  @Test
  void setPermissionsBoundary_setsCanonicalArnCountsAndClears() {
    ManagedPolicy p = policy(OURS, "/", "Boundary");
    store.createManagedPolicy(p, ALLOW_LIST);
    store.createUser(user(OURS, "bob"));
    store.createRole(role(OURS, "deployer"));

    store.setPermissionsBoundary(
        PolicyHolder.USER, OURS, "bob", Optional.of("arn:aws:iam::111111111111:policy/boundary"));
    store.setPermissionsBoundary(PolicyHolder.ROLE, OURS, "deployer", Optional.of(p.arn()));

    assertThat(store.user(OURS, "bob").orElseThrow().permissionsBoundaryArn()).contains(p.arn());
    assertThat(store.role(OURS, "deployer").orElseThrow().permissionsBoundaryArn())
        .contains(p.arn());
    assertThat(store.policyUsage(OURS, p.arn())).isEqualTo(new PolicyUsage(0, 2));
    assertThat(store.boundaryUses(OURS, p.arn()))
        .extracting(PolicyAttachment::holder, PolicyAttachment::holderName)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(PolicyHolder.USER, "bob"),
            org.assertj.core.groups.Tuple.tuple(PolicyHolder.ROLE, "deployer"));
    assertFails(
        () ->
            store.setPermissionsBoundary(
                PolicyHolder.USER, OURS, "bob", Optional.of("arn:aws:iam::111111111111:policy/x")),
        ErrorCode.NO_SUCH_ENTITY,
        "Scope ARN: arn:aws:iam::111111111111:policy/x does not exist or is not attachable.");

    store.setPermissionsBoundary(PolicyHolder.USER, OURS, "bob", Optional.empty());
    assertThat(store.user(OURS, "bob").orElseThrow().permissionsBoundaryArn()).isEmpty();
  }

  @Test
  void policyUsages_attachmentsAndBoundaries_countedPerPolicyByFoldedArn() {
    ManagedPolicy push = policy(OURS, "/build/", "ECR-push");
    ManagedPolicy boundary = policy(OURS, "/", "Boundary");
    store.createManagedPolicy(push, ALLOW_ECR);
    store.createManagedPolicy(boundary, ALLOW_LIST);
    store.createManagedPolicy(policy(BUILD, "/", "theirs"), ALLOW_ECR);
    store.createUser(user(OURS, "bob"));
    store.createUser(user(OURS, "alice"));
    store.createGroup(group(OURS, "builders"));
    store.createRole(role(OURS, "deployer"));
    store.createRole(role(BUILD, "deployer"));
    store.attachPolicy(PolicyHolder.USER, OURS, "bob", push.arn());
    store.attachPolicy(PolicyHolder.GROUP, OURS, "builders", push.arn());
    store.attachPolicy(PolicyHolder.ROLE, OURS, "deployer", push.arn());
    store.attachPolicy(PolicyHolder.USER, OURS, "bob", ADMIN_ARN);
    store.attachPolicy(PolicyHolder.USER, OURS, "alice", boundary.arn());
    store.setPermissionsBoundary(PolicyHolder.USER, OURS, "bob", Optional.of(boundary.arn()));
    store.setPermissionsBoundary(PolicyHolder.ROLE, OURS, "deployer", Optional.of(boundary.arn()));
    store.attachPolicy(
        PolicyHolder.ROLE, BUILD, "deployer", "arn:aws:iam::222222222222:policy/theirs");

    Map<String, PolicyUsage> usages = store.policyUsages(OURS);

    assertThat(usages)
        .containsOnly(
            Map.entry(push.arn().toLowerCase(Locale.ROOT), new PolicyUsage(3, 0)),
            Map.entry(ADMIN_ARN.toLowerCase(Locale.ROOT), new PolicyUsage(1, 0)),
            Map.entry(boundary.arn().toLowerCase(Locale.ROOT), new PolicyUsage(1, 2)));
    assertThat(usages.get(push.arn().toLowerCase(Locale.ROOT)))
        .isEqualTo(store.policyUsage(OURS, push.arn()));
    assertThat(store.policyUsages("333333333333")).isEmpty();
  }

  @Test
  void attachmentsAndBoundaryUses_ofPolicy_carryEachEntitysPath() {
    ManagedPolicy p = policy(OURS, "/", "shared");
    store.createManagedPolicy(p, ALLOW_LIST);
    store.createUser(user(OURS, "/people/", "bob"));
    store.createGroup(group(OURS, "/teams/", "builders"));
    store.createRole(role(OURS, "/ci/", "deployer"));
    store.attachPolicy(PolicyHolder.USER, OURS, "bob", p.arn());
    store.attachPolicy(PolicyHolder.GROUP, OURS, "builders", p.arn());
    store.attachPolicy(PolicyHolder.ROLE, OURS, "deployer", p.arn());
    store.setPermissionsBoundary(PolicyHolder.ROLE, OURS, "deployer", Optional.of(p.arn()));

    assertThat(store.attachments(OURS, p.arn()))
        .extracting(PolicyAttachment::holderName, PolicyAttachment::holderPath)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("bob", "/people/"),
            org.assertj.core.groups.Tuple.tuple("deployer", "/ci/"),
            org.assertj.core.groups.Tuple.tuple("builders", "/teams/"));
    assertThat(store.attachments(OURS))
        .extracting(PolicyAttachment::holderPath)
        .containsExactly("/people/", "/ci/", "/teams/");
    assertThat(store.boundaryUses(OURS, p.arn()))
        .extracting(PolicyAttachment::holderName, PolicyAttachment::holderPath)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("deployer", "/ci/"));
  }

  @Test
  void identityPolicies_user_gathersOwnAndGroupsInlineAttachedAndBoundaryDefaultVersions() {
    ManagedPolicy own = policy(OURS, "/", "own");
    ManagedPolicy viaGroup = policy(OURS, "/", "via-group");
    ManagedPolicy boundary = policy(OURS, "/", "boundary");
    store.createManagedPolicy(own, ALLOW_ECR);
    store.createPolicyVersion(own.arn(), ALLOW_LIST, true, T0);
    store.createManagedPolicy(viaGroup, ALLOW_ECR);
    store.createManagedPolicy(boundary, ALLOW_LIST);
    store.createUser(user(OURS, "bob"));
    store.createUser(user(OURS, "alice"));
    store.createGroup(group(OURS, "builders"));
    store.createGroup(group(OURS, "others"));
    store.addUserToGroup(OURS, "builders", "bob");
    store.addUserToGroup(OURS, "others", "alice");
    store.putInlinePolicy(new InlinePolicy(PolicyHolder.USER, OURS, "bob", "mine", ALLOW_ECR));
    store.putInlinePolicy(
        new InlinePolicy(PolicyHolder.GROUP, OURS, "builders", "theirs", ALLOW_LIST));
    store.putInlinePolicy(
        new InlinePolicy(PolicyHolder.GROUP, OURS, "others", "not-bobs", ALLOW_LIST));
    store.attachPolicy(PolicyHolder.USER, OURS, "bob", own.arn());
    store.attachPolicy(PolicyHolder.USER, OURS, "bob", viaGroup.arn());
    store.attachPolicy(PolicyHolder.GROUP, OURS, "builders", viaGroup.arn());
    store.attachPolicy(PolicyHolder.GROUP, OURS, "builders", ADMIN_ARN);
    store.attachPolicy(
        PolicyHolder.GROUP, OURS, "others", "arn:aws:iam::aws:policy/ReadOnlyAccess");
    store.setPermissionsBoundary(PolicyHolder.USER, OURS, "bob", Optional.of(boundary.arn()));

    IdentityPolicies bob = store.identityPolicies(PolicyHolder.USER, OURS, "BOB");

    assertThat(bob.inline())
        .containsExactly(
            new IdentityPolicies.Document("builders/theirs", ALLOW_LIST),
            new IdentityPolicies.Document("mine", ALLOW_ECR));
    assertThat(bob.managed())
        .extracting(IdentityPolicies.Document::name)
        .containsExactly(own.arn(), viaGroup.arn(), ADMIN_ARN);
    assertThat(bob.managed().get(0).text()).isEqualTo(ALLOW_LIST);
    assertThat(bob.managed().get(2).text())
        .isEqualTo(store.policyVersion(ADMIN_ARN, "v1").orElseThrow().document());
    assertThat(bob.permissionsBoundary())
        .contains(new IdentityPolicies.Document(boundary.arn(), ALLOW_LIST));
    assertThat(store.identityPolicies(PolicyHolder.USER, OURS, "nobody"))
        .isEqualTo(IdentityPolicies.NONE);
  }

  @Test
  void identityPolicies_role_gathersInlineAttachedAndAwsManagedBoundary() {
    store.createRole(role(OURS, "deployer"));
    store.putInlinePolicy(
        new InlinePolicy(PolicyHolder.ROLE, OURS, "deployer", "inline", ALLOW_ECR));
    store.attachPolicy(PolicyHolder.ROLE, OURS, "deployer", ADMIN_ARN);
    store.setPermissionsBoundary(
        PolicyHolder.ROLE,
        OURS,
        "deployer",
        Optional.of("arn:aws:iam::aws:policy/IAMReadOnlyAccess"));

    IdentityPolicies deployer = store.identityPolicies(PolicyHolder.ROLE, OURS, "deployer");

    assertThat(deployer.inline())
        .containsExactly(new IdentityPolicies.Document("inline", ALLOW_ECR));
    assertThat(deployer.managed())
        .extracting(IdentityPolicies.Document::name)
        .containsExactly(ADMIN_ARN);
    assertThat(deployer.permissionsBoundary().orElseThrow().text()).contains("iam:List*");
  }

  @Test
  void reopen_groupsPoliciesAndAttachments_survive() {
    ManagedPolicy p = policy(OURS, "/", "p");
    store.createManagedPolicy(p, ALLOW_ECR);
    store.createPolicyVersion(p.arn(), ALLOW_LIST, true, T0);
    store.createUser(user(OURS, "bob"));
    store.createGroup(group(OURS, "builders"));
    store.addUserToGroup(OURS, "builders", "bob");
    store.attachPolicy(PolicyHolder.GROUP, OURS, "builders", p.arn());

    reopen();

    assertThat(store.groupMembers(OURS, "builders")).extracting(User::name).containsExactly("bob");
    assertThat(store.managedPolicy(p.arn()).orElseThrow().defaultVersionId()).isEqualTo("v2");
    assertThat(store.identityPolicies(PolicyHolder.USER, OURS, "bob").managed())
        .containsExactly(new IdentityPolicies.Document(p.arn(), ALLOW_LIST));
  }

  @Test
  void reopen_existingSchema_migratesNothingAndKeepsWorking() {
    reopen();
    reopen();

    store.createUser(user(BUILD, "after-restarts"));
    assertThat(store.user(BUILD, "after-restarts")).isPresent();
  }

  @Test
  void healthy_openStore_isTrueAndFalseOnceClosed() {
    assertThat(store.healthy()).isTrue();

    store.close();

    assertThat(store.healthy()).isFalse();
    store = null;
  }

  static Stream<Arguments> statementCosts() {
    Consumer<JdbcIdentityStore> none = s -> {};
    Consumer<JdbcIdentityStore> builderWithKey =
        s -> {
          s.createUser(user(BUILD, "builder"));
          s.createAccessKey(key(BUILD, Optional.of("builder"), T0));
        };
    return Stream.of(
        Arguments.of(
            "accountById_existing_oneStatement",
            none,
            (Consumer<JdbcIdentityStore>) s -> s.accountById(OURS),
            1),
        Arguments.of(
            "user_missing_oneStatement",
            none,
            (Consumer<JdbcIdentityStore>) s -> s.user(BUILD, "nobody"),
            1),
        Arguments.of(
            "user_existing_oneStatement",
            builderWithKey,
            (Consumer<JdbcIdentityStore>) s -> s.user(BUILD, "builder"),
            1),
        Arguments.of(
            "accessKeysThenAccessKey_listedThenRead_twoStatements",
            builderWithKey,
            (Consumer<JdbcIdentityStore>)
                s -> s.accessKey(s.accessKeys(BUILD, Optional.of("builder")).get(0).accessKeyId()),
            2),
        Arguments.of(
            "role_missing_oneStatement",
            none,
            (Consumer<JdbcIdentityStore>) s -> s.role(OURS, "nothing"),
            1),
        Arguments.of(
            "inlinePolicies_ofUser_oneStatement",
            builderWithKey,
            (Consumer<JdbcIdentityStore>)
                s -> s.inlinePolicies(PolicyHolder.USER, BUILD, "builder"),
            1),
        Arguments.of(
            "tokenKeys_all_oneStatement",
            none,
            (Consumer<JdbcIdentityStore>) JdbcIdentityStore::tokenKeys,
            1),
        Arguments.of("nothing_noStatement", none, none, 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("statementCosts")
  void statementCount_read_countsEachStatementOnce(
      String name,
      Consumer<JdbcIdentityStore> given,
      Consumer<JdbcIdentityStore> read,
      int statements) {
    given.accept(store);
    long before = store.statementCount();

    read.accept(store);

    assertThat(store.statementCount() - before).isEqualTo(statements);
  }

  @Test
  void poolState_betweenCalls_noConnectionInUse() {
    store.accounts();

    PoolState pool = store.poolState();

    assertThat(pool.active()).isZero();
    assertThat(pool.waiting()).isZero();
    assertThat(pool.maximum()).isPositive();
    assertThat(pool.idle()).isBetween(1, pool.maximum());
  }

  static AuditEvent auditEvent(String account, String name, Instant at, String errorCode) {
    return new AuditEvent(
        UUID.randomUUID().toString(),
        at,
        account,
        "sts.amazonaws.com",
        name,
        true,
        Optional.of("builder"),
        Optional.of("AKIAEXAMPLEEXAMPLE01"),
        Optional.of("arn:aws:iam::" + account + ":user/builder"),
        Optional.ofNullable(errorCode),
        List.of(new AuditEvent.Resource("AWS::IAM::Role", "arn:aws:iam::" + OURS + ":role/R")),
        "{\"eventName\":\"" + name + "\"}");
  }

  @Test
  void auditLog_appendedBatch_readBackNewestFirstWithResources() {
    AuditEvent first = auditEvent(OURS, "AssumeRole", T0, null);
    AuditEvent second = auditEvent(OURS, "GetCallerIdentity", T0.plusSeconds(1), null);
    AuditEvent otherAccount = auditEvent(BUILD, "AssumeRole", T0, null);

    store.auditLog().append(List.of(first, second, otherAccount));

    List<AuditEvent> read = store.auditLog().events(AuditQuery.builder(OURS).build());
    assertThat(read)
        .extracting(AuditEvent::eventId)
        .containsExactly(second.eventId(), first.eventId());
    assertThat(read.get(1)).isEqualTo(first);
  }

  @Test
  void auditLog_valuesAClientChose_batchCommittedWholeAndFoundAgain() {
    // Resource and action names come from the request: any caller can send a NUL (%00, "\u0000"),
    // a lone surrogate ("\ud800" in a JSON body) or a name longer than any real one. None of them
    // may fail the batch, which holds other callers' events too.
    String nul = "nul\u0000name";
    String lone = "lone\ud800surrogate";
    String longName = "x".repeat(5000);
    AuditEvent given = auditEvent(OURS, "Get" + "Role".repeat(100), T0, "InvalidAction");
    AuditEvent odd =
        new AuditEvent(
                given.eventId(),
                given.eventTime(),
                given.accountId(),
                given.eventSource(),
                given.eventName(),
                given.readOnly(),
                given.username(),
                given.accessKeyId(),
                given.principalArn(),
                given.errorCode(),
                List.of(),
                "{\"roleName\":\"" + lone + "\"}")
            .withResources(
                List.of(
                    new AuditEvent.Resource("AWS::IAM::Role", nul),
                    new AuditEvent.Resource("AWS::IAM::Role", lone),
                    new AuditEvent.Resource("AWS::IAM::Role", longName)));
    AuditEvent other = auditEvent(OURS, "AssumeRole", T0.plusSeconds(1), null);

    store.auditLog().append(List.of(odd, other));

    assertThat(store.auditLog().events(AuditQuery.builder(OURS).build()))
        .extracting(AuditEvent::eventId)
        .containsExactly(other.eventId(), odd.eventId());
    for (String name : List.of(nul, lone, longName)) {
      assertThat(
              store
                  .auditLog()
                  .events(
                      AuditQuery.builder(OURS)
                          .attribute(AuditQuery.Key.RESOURCE_NAME, name)
                          .build()))
          .as(name.substring(0, 4))
          .extracting(AuditEvent::eventId)
          .containsExactly(odd.eventId());
    }
    assertThat(
            store
                .auditLog()
                .events(
                    AuditQuery.builder(OURS)
                        .attribute(AuditQuery.Key.EVENT_NAME, odd.eventName())
                        .build()))
        .extracting(AuditEvent::eventId)
        .containsExactly(odd.eventId());
  }

  static Stream<Arguments> auditLookups() {
    return Stream.of(
        Arguments.of(
            "eventName_matches",
            (Consumer<AuditQuery.Builder>)
                q -> q.attribute(AuditQuery.Key.EVENT_NAME, "AssumeRole"),
            List.of("AssumeRole", "AssumeRole")),
        Arguments.of(
            "resourceName_matches",
            (Consumer<AuditQuery.Builder>)
                q -> q.attribute(AuditQuery.Key.RESOURCE_NAME, "arn:aws:iam::" + OURS + ":role/R"),
            List.of("GetSessionToken", "AssumeRole", "AssumeRole")),
        Arguments.of(
            "resourceType_unknown_none",
            (Consumer<AuditQuery.Builder>)
                q -> q.attribute(AuditQuery.Key.RESOURCE_TYPE, "AWS::ECR::Repository"),
            List.of()),
        Arguments.of(
            "failuresOnly_erroredOnly",
            (Consumer<AuditQuery.Builder>) q -> q.failures(AuditQuery.Failures.ONLY),
            List.of("AssumeRole")),
        Arguments.of(
            "startAndEnd_inclusiveRange",
            (Consumer<AuditQuery.Builder>) q -> q.start(T0.plusSeconds(1)).end(T0.plusSeconds(1)),
            List.of("AssumeRole")),
        Arguments.of(
            "principal_other_none",
            (Consumer<AuditQuery.Builder>)
                q -> q.principalArn("arn:aws:iam::" + OURS + ":user/other"),
            List.of()),
        Arguments.of(
            "limit_newestOnly",
            (Consumer<AuditQuery.Builder>) q -> q.limit(1),
            List.of("GetSessionToken")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("auditLookups")
  void auditLog_lookup(
      String name, Consumer<AuditQuery.Builder> filter, List<String> expectedNames) {
    store
        .auditLog()
        .append(
            List.of(
                auditEvent(OURS, "AssumeRole", T0, null),
                auditEvent(OURS, "AssumeRole", T0.plusSeconds(1), "AccessDenied"),
                auditEvent(OURS, "GetSessionToken", T0.plusSeconds(2), null)));
    AuditQuery.Builder query = AuditQuery.builder(OURS);
    filter.accept(query);

    assertThat(store.auditLog().events(query.build()))
        .extracting(AuditEvent::eventName)
        .containsExactlyElementsOf(expectedNames);
  }

  @Test
  void auditLog_pagesAfterPosition_coverEveryEventOnce() {
    List<AuditEvent> all = new java.util.ArrayList<>();
    for (int i = 0; i < 7; i++) {
      // Three events share each instant, so that the position's id breaks ties.
      all.add(auditEvent(OURS, "E" + i, T0.plusSeconds(i / 3), null));
    }
    store.auditLog().append(all);

    List<String> seen = new java.util.ArrayList<>();
    Optional<AuditQuery.Position> after = Optional.empty();
    do {
      AuditQuery.Builder q = AuditQuery.builder(OURS).limit(2);
      after.ifPresent(q::after);
      List<AuditEvent> page = store.auditLog().events(q.build());
      page.forEach(e -> seen.add(e.eventId()));
      after = page.size() < 2 ? Optional.empty() : Optional.of(AuditQuery.Position.of(page.get(1)));
    } while (after.isPresent());

    assertThat(seen)
        .containsExactlyInAnyOrderElementsOf(all.stream().map(AuditEvent::eventId).toList())
        .doesNotHaveDuplicates();
  }

  @Test
  void auditLog_deleteBefore_removesOlderEventsAndTheirResources() {
    store
        .auditLog()
        .append(
            List.of(
                auditEvent(OURS, "Old", T0, null),
                auditEvent(OURS, "New", T0.plusSeconds(60), null)));

    int deleted = store.auditLog().deleteBefore(T0.plusSeconds(30));

    assertThat(deleted).isEqualTo(1);
    assertThat(store.auditLog().events(AuditQuery.builder(OURS).build()))
        .extracting(AuditEvent::eventName)
        .containsExactly("New");
  }
}
