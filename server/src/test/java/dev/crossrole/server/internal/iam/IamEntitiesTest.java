package dev.crossrole.server.internal.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crossrole.core.Account;
import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.Group;
import dev.crossrole.core.IdentityException;
import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.PolicyHolder;
import dev.crossrole.core.Role;
import dev.crossrole.core.User;
import dev.crossrole.server.internal.query.QueryParameters;
import dev.crossrole.server.internal.request.AwsException;
import dev.crossrole.store.JdbcIdentityStore;
import dev.crossrole.store.StoreConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The name checks, ARNs and NoSuchEntity shared by IAM's calls on users, roles and groups. */
class IamEntitiesTest {
  private static final String ACCOUNT = IamCalls.ACCOUNT;

  @TempDir Path data;
  private IdentityStore store;
  private IamEntities entities;

  @BeforeEach
  void setUp() {
    store = JdbcIdentityStore.open(StoreConfig.embedded(data));
    store.createAccount(new Account("ours", ACCOUNT));
    store.createUser(
        new User(
            ACCOUNT,
            "/team/",
            "alice",
            "AIDAALICE0000000000A",
            IamCalls.NOW,
            Optional.empty(),
            Map.of()));
    store.createRole(
        Role.builder(ACCOUNT, "deployer")
            .path("/svc/")
            .roleId("AROADEPLOYER00000000")
            .created(IamCalls.NOW)
            .trustPolicy("{\"Version\":\"2012-10-17\",\"Statement\":[]}")
            .build());
    store.createGroup(new Group(ACCOUNT, "/ops/", "admins", "AGPAADMINS0000000000", IamCalls.NOW));
    entities = new IamEntities(store);
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  private static QueryParameters params(String name, String value) {
    return QueryParameters.parse(name + "=" + value);
  }

  static Stream<Arguments> names() {
    return Stream.of(
        Arguments.of("name_newUser64_accepted", PolicyHolder.USER, IamEntities.UserName.NEW, 64),
        Arguments.of(
            "name_existingUser128_accepted", PolicyHolder.USER, IamEntities.UserName.EXISTING, 128),
        Arguments.of("name_role64_accepted", PolicyHolder.ROLE, IamEntities.UserName.NEW, 64),
        Arguments.of("name_group128_accepted", PolicyHolder.GROUP, IamEntities.UserName.NEW, 128));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void name_atTheModelsLimit_accepted(
      String name, PolicyHolder kind, IamEntities.UserName users, int max) {
    String value = "a".repeat(max);

    assertThat(IamEntities.name(params(parameter(kind), value), kind, users)).isEqualTo(value);
  }

  static Stream<Arguments> tooLong() {
    return Stream.of(
        Arguments.of(
            "name_newUser65_userNameMax64",
            PolicyHolder.USER,
            IamEntities.UserName.NEW,
            65,
            "at 'userName' failed to satisfy constraint: Member must have length less than"
                + " or equal to 64"),
        Arguments.of(
            "name_existingUser129_existingUserNameMax128",
            PolicyHolder.USER,
            IamEntities.UserName.EXISTING,
            129,
            "at 'userName' failed to satisfy constraint: Member must have length less than"
                + " or equal to 128"),
        Arguments.of(
            "name_role65_roleNameMax64",
            PolicyHolder.ROLE,
            IamEntities.UserName.EXISTING,
            65,
            "at 'roleName' failed to satisfy constraint: Member must have length less than"
                + " or equal to 64"),
        Arguments.of(
            "name_group129_groupNameMax128",
            PolicyHolder.GROUP,
            IamEntities.UserName.NEW,
            129,
            "at 'groupName' failed to satisfy constraint: Member must have length less than"
                + " or equal to 128"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tooLong")
  void name_overTheModelsLimit_validationError(
      String name, PolicyHolder kind, IamEntities.UserName users, int length, String message) {
    QueryParameters p = params(parameter(kind), "a".repeat(length));

    assertThatThrownBy(() -> IamEntities.name(p, kind, users))
        .isInstanceOfSatisfying(
            AwsException.class, e -> assertThat(e.error().code()).isEqualTo("ValidationError"))
        .hasMessageContaining(message);
  }

  static Stream<Arguments> descriptions() {
    return Stream.of(
        Arguments.of("roleDescription_empty_accepted", "", true),
        Arguments.of("roleDescription_1000_accepted", "d".repeat(1000), true),
        Arguments.of("roleDescription_latin1TabsAndLines_accepted", "déploie\tça\r\nici", true),
        Arguments.of("roleDescription_1001_validationError", "d".repeat(1001), false),
        Arguments.of("roleDescription_euroSign_validationError", "costs 5 €", false),
        Arguments.of("roleDescription_nul_validationError", "a\u0000b", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("descriptions")
  void roleDescription_roleDescriptionType(String name, String text, boolean accepted) {
    if (accepted) {
      assertThat(IamEntities.roleDescription(text)).isEqualTo(text);
    } else {
      assertThatThrownBy(() -> IamEntities.roleDescription(text))
          .isInstanceOfSatisfying(
              AwsException.class, e -> assertThat(e.error().code()).isEqualTo("ValidationError"))
          .hasMessageContaining("at 'description' failed to satisfy constraint");
    }
  }

  static Stream<Arguments> arns() {
    return Stream.of(
        Arguments.of(
            "named_existingUser_itsArnWithPath",
            PolicyHolder.USER,
            "alice",
            "arn:aws:iam::" + ACCOUNT + ":user/team/alice"),
        Arguments.of(
            "named_absentUser_rootPathArn",
            PolicyHolder.USER,
            "bob",
            "arn:aws:iam::" + ACCOUNT + ":user/bob"),
        Arguments.of(
            "named_existingRole_itsArnWithPath",
            PolicyHolder.ROLE,
            "deployer",
            "arn:aws:iam::" + ACCOUNT + ":role/svc/deployer"),
        Arguments.of(
            "named_absentRole_rootPathArn",
            PolicyHolder.ROLE,
            "ghost",
            "arn:aws:iam::" + ACCOUNT + ":role/ghost"),
        Arguments.of(
            "named_existingGroup_itsArnWithPath",
            PolicyHolder.GROUP,
            "admins",
            "arn:aws:iam::" + ACCOUNT + ":group/ops/admins"),
        Arguments.of(
            "named_absentGroup_rootPathArn",
            PolicyHolder.GROUP,
            "nobody",
            "arn:aws:iam::" + ACCOUNT + ":group/nobody"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("arns")
  void named_entity_arnToAuthorize(String name, PolicyHolder kind, String entity, String arn) {
    assertThat(entities.named(ACCOUNT, kind, entity))
        .isEqualTo(new IamEntities.Named(kind, entity, arn));
  }

  static Stream<Arguments> absent() {
    return Stream.of(
        Arguments.of(
            "requireExisting_absentUser_noSuchEntity",
            PolicyHolder.USER,
            "bob",
            "The user with name bob cannot be found."),
        Arguments.of(
            "requireExisting_absentRole_noSuchEntity",
            PolicyHolder.ROLE,
            "ghost",
            "The role with name ghost cannot be found."),
        Arguments.of(
            "requireExisting_absentGroup_noSuchEntity",
            PolicyHolder.GROUP,
            "nobody",
            "The group with name nobody cannot be found."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("absent")
  void requireExisting_absent_noSuchEntity(
      String name, PolicyHolder kind, String entity, String message) {
    assertThatThrownBy(() -> entities.requireExisting(ACCOUNT, kind, entity))
        .isInstanceOfSatisfying(
            IdentityException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_SUCH_ENTITY))
        .hasMessage(message);
  }

  static Stream<Arguments> present() {
    return Stream.of(
        Arguments.of("requireExisting_user_passes", PolicyHolder.USER, "alice"),
        Arguments.of("requireExisting_role_passes", PolicyHolder.ROLE, "deployer"),
        Arguments.of("requireExisting_group_passes", PolicyHolder.GROUP, "admins"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("present")
  void requireExisting_present_passes(String name, PolicyHolder kind, String entity) {
    entities.requireExisting(ACCOUNT, kind, entity);

    assertThat(entities.named(ACCOUNT, kind, entity).name()).isEqualTo(entity);
  }

  private static String parameter(PolicyHolder kind) {
    return switch (kind) {
      case USER -> "UserName";
      case ROLE -> "RoleName";
      case GROUP -> "GroupName";
    };
  }
}
