package dev.crossrole.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crossrole.core.Account;
import dev.crossrole.core.Authorizer;
import dev.crossrole.core.Group;
import dev.crossrole.core.InlinePolicy;
import dev.crossrole.core.ManagedPolicy;
import dev.crossrole.core.PolicyHolder;
import dev.crossrole.core.Role;
import dev.crossrole.core.User;
import dev.crossrole.policy.AuthorizationRequest;
import dev.crossrole.policy.Decision;
import dev.crossrole.policy.Evaluation;
import dev.crossrole.policy.NamedPolicy;
import dev.crossrole.policy.PolicySet;
import dev.crossrole.policy.PolicyType;
import dev.crossrole.policy.Principal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link Authorizer} over a real store: every identity-based policy IAM applies to a user or a
 * role session — inline and attached, the user's groups', customer and AWS managed — and the
 * permissions boundary.
 */
class AuthorizerTest {
  private static final String OURS = "111111111111";
  private static final Instant T0 = Instant.parse("2024-05-01T10:15:30Z");
  private static final String ALLOW_LIST_USERS = allow("iam:ListUsers");
  private static final String ALLOW_IAM = allow("iam:*");

  @TempDir Path dataDir;
  private JdbcIdentityStore store;
  private Authorizer authorizer;
  private int ids;

  private static String allow(String action) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\""
        + action
        + "\",\"Resource\":\"*\"}]}";
  }

  private static String deny(String action) {
    return allow(action).replace("Allow", "Deny");
  }

  @BeforeEach
  void open() {
    store = JdbcIdentityStore.open(StoreConfig.embedded(dataDir));
    store.createAccount(new Account("ours", OURS));
    store.createUser(
        new User(OURS, "/", "bob", "AIDABOB0000000000001", T0, Optional.empty(), Map.of()));
    store.createGroup(new Group(OURS, "/", "builders", "AGPABUILDERS00000001", T0));
    store.addUserToGroup(OURS, "builders", "bob");
    authorizer = new Authorizer(store);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static Principal bob() {
    return Principal.builder("arn:aws:iam::111111111111:user/bob")
        .userId("AIDABOB0000000000001")
        .build();
  }

  private Evaluation decide(Principal p, String action) {
    return authorizer.authorize(
        AuthorizationRequest.builder(p, action, "arn:aws:iam::111111111111:user/bob").build(),
        Optional.empty(),
        Optional.empty());
  }

  private String customerPolicy(String name, String document) {
    ManagedPolicy p =
        new ManagedPolicy(
            OURS,
            "/",
            name,
            "ANPA" + String.format("%017d", ++ids),
            T0,
            T0,
            Optional.empty(),
            "v1",
            Map.of());
    store.createManagedPolicy(p, document);
    return p.arn();
  }

  @Test
  void groupInlinePolicy_allowsItsMembers() {
    assertThat(decide(bob(), "iam:ListUsers").decision()).isEqualTo(Decision.IMPLICIT_DENY);

    store.putInlinePolicy(
        new InlinePolicy(PolicyHolder.GROUP, OURS, "builders", "list", ALLOW_LIST_USERS));

    Evaluation e = decide(bob(), "iam:ListUsers");
    assertThat(e.allowed()).isTrue();
    assertThat(e.statements()).extracting(s -> s.policyName()).containsExactly("builders/list");
    store.removeUserFromGroup(OURS, "builders", "bob");
    assertThat(decide(bob(), "iam:ListUsers").allowed()).isFalse();
  }

  @Test
  void attachedCustomerManagedPolicy_allowsWithItsDefaultVersion() {
    String arn = customerPolicy("list", ALLOW_LIST_USERS);
    store.attachPolicy(PolicyHolder.USER, OURS, "bob", arn);
    assertThat(decide(bob(), "iam:ListUsers").allowed()).isTrue();

    store.createPolicyVersion(arn, allow("iam:GetUser"), true, T0);

    assertThat(decide(bob(), "iam:ListUsers").allowed()).isFalse();
    assertThat(decide(bob(), "iam:GetUser").allowed()).isTrue();
    store.setDefaultPolicyVersion(arn, "v1");
    assertThat(decide(bob(), "iam:ListUsers").allowed()).isTrue();
  }

  @Test
  void managedPolicyAttachedToTheGroup_allowsItsMembers() {
    store.attachPolicy(
        PolicyHolder.GROUP, OURS, "builders", "arn:aws:iam::aws:policy/IAMReadOnlyAccess");

    assertThat(decide(bob(), "iam:ListUsers").allowed()).isTrue();
    assertThat(decide(bob(), "iam:CreateUser").allowed()).isFalse();
  }

  @Test
  void permissionsBoundary_narrowsWhatTheAttachedPolicyAllows() {
    store.attachPolicy(
        PolicyHolder.USER, OURS, "bob", "arn:aws:iam::aws:policy/AdministratorAccess");
    assertThat(decide(bob(), "iam:CreateUser").allowed()).isTrue();

    store.setPermissionsBoundary(
        PolicyHolder.USER, OURS, "bob", Optional.of(customerPolicy("boundary", ALLOW_LIST_USERS)));

    Evaluation created = decide(bob(), "iam:CreateUser");
    assertThat(created.decision()).isEqualTo(Decision.IMPLICIT_DENY);
    assertThat(created.lacking()).containsExactly(PolicyType.PERMISSIONS_BOUNDARY);
    assertThat(decide(bob(), "iam:ListUsers").allowed()).isTrue();
  }

  @Test
  void explicitDenyInAGroupPolicy_winsOverTheUsersAllow() {
    store.putInlinePolicy(new InlinePolicy(PolicyHolder.USER, OURS, "bob", "all-iam", ALLOW_IAM));
    store.putInlinePolicy(
        new InlinePolicy(PolicyHolder.GROUP, OURS, "builders", "no-users", deny("iam:CreateUser")));

    assertThat(decide(bob(), "iam:CreateUser").decision()).isEqualTo(Decision.EXPLICIT_DENY);
    assertThat(decide(bob(), "iam:ListUsers").allowed()).isTrue();
  }

  @Test
  void roleSession_getsTheRolesAttachedPolicies() {
    store.createRole(
        Role.builder(OURS, "deployer")
            .roleId("AROADEPLOYER00000001")
            .created(T0)
            .trustPolicy("{\"Version\":\"2012-10-17\",\"Statement\":[]}")
            .build());
    Principal session =
        Principal.builder("arn:aws:sts::111111111111:assumed-role/deployer/s1")
            .userId("AROADEPLOYER00000001:s1")
            .issuer("arn:aws:iam::111111111111:role/deployer")
            .build();
    assertThat(decide(session, "ecr:PutImage").allowed()).isFalse();

    store.attachPolicy(
        PolicyHolder.ROLE,
        OURS,
        "deployer",
        "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser");

    assertThat(decide(session, "ecr:PutImage").allowed()).isTrue();
    assertThat(decide(session, "ecr:DeleteRepository").allowed()).isFalse();
  }

  @Test
  void identityPolicies_exposesTheGatheredSetForOtherEvaluations() {
    store.putInlinePolicy(new InlinePolicy(PolicyHolder.USER, OURS, "bob", "mine", ALLOW_IAM));
    store.attachPolicy(
        PolicyHolder.GROUP, OURS, "builders", "arn:aws:iam::aws:policy/ReadOnlyAccess");
    store.setPermissionsBoundary(
        PolicyHolder.USER, OURS, "bob", Optional.of("arn:aws:iam::aws:policy/IAMReadOnlyAccess"));

    PolicySet set = authorizer.identityPolicies(bob()).build();

    assertThat(set.identityPolicies())
        .extracting(NamedPolicy::name)
        .containsExactly("mine", "arn:aws:iam::aws:policy/ReadOnlyAccess");
    assertThat(set.permissionsBoundary())
        .map(NamedPolicy::name)
        .contains("arn:aws:iam::aws:policy/IAMReadOnlyAccess");
    assertThat(
            authorizer.identityPolicies(Principal.parse("arn:aws:iam::111111111111:root")).build())
        .isEqualTo(PolicySet.builder().build());
  }
}
