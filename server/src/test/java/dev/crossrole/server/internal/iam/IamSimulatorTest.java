package dev.crossrole.server.internal.iam;

import static dev.crossrole.server.internal.iam.IamCalls.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crossrole.core.Account;
import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.Group;
import dev.crossrole.core.IdentityException;
import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.InlinePolicy;
import dev.crossrole.core.PolicyHolder;
import dev.crossrole.core.Role;
import dev.crossrole.core.User;
import dev.crossrole.server.internal.iam.simulator.IamSimulator;
import dev.crossrole.server.internal.query.ServiceCall;
import dev.crossrole.store.JdbcIdentityStore;
import dev.crossrole.store.StoreConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The policy simulator against the policy engine: decisions, statements, positions, keys. */
class IamSimulatorTest {
  /** AWS's own example document, whose statement AWS places at 1:38 to 1:167. */
  private static final String AWS_EXAMPLE =
      "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"dynamodb:*\","
          + "\"Resource\":\"*\",\"Condition\":{\"DateGreaterThan\":{\"aws:CurrentTime\":"
          + "\"2018-08-16T12:00:00Z\"}}}}";

  private static final String ALLOW_ALL_BUT_DELETE =
      """
      {
        "Version": "2012-10-17",
        "Statement": [
          {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
          {
            "Effect": "Deny",
            "Action": "s3:DeleteObject",
            "Resource": "*"
          }
        ]
      }""";

  private static final String ALLOW_GET_BUCKET =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
          + "\"Resource\":\"arn:aws:s3:::bucket/*\"}]}";

  private static final String ALLOW_S3_READS =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:Get*\","
          + "\"Resource\":\"*\"}]}";

  private static final String BUCKET_POLICY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
          + "\"arn:aws:iam::111111111111:user/alice\"},\"Action\":\"s3:GetObject\","
          + "\"Resource\":\"arn:aws:s3:::bucket/*\"}]}";

  private static final String TAG_KEYS =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:TagUser\","
          + "\"Resource\":\"*\",\"Condition\":{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":"
          + "[\"team\",\"env\"]}}}]}";

  @TempDir Path data;
  private IdentityStore store;
  private IamSimulator simulator;

  @BeforeEach
  void setUp() {
    store = JdbcIdentityStore.open(StoreConfig.embedded(data));
    store.createAccount(new Account("ours", IamCalls.ACCOUNT));
    simulator = new IamSimulator(store, IamCalls.access(store));
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  static Stream<Arguments> customCases() {
    return Stream.of(
        Arguments.of(
            "awsExample_currentTimeAfterCondition_allowedAtAwsPositions",
            List.of(
                "PolicyInputList.1", AWS_EXAMPLE,
                "ActionNames.member.1", "dynamodb:CreateBackup",
                "ContextEntries.member.1.ContextKeyName", "aws:CurrentTime",
                "ContextEntries.member.1.ContextKeyValues.member.1", "2019-04-25T11:00:00Z",
                "ContextEntries.member.1.ContextKeyType", "date"),
            "allowed",
            List.of("PolicyInputList.1 IAM Policy 1:38-1:167"),
            List.of()),
        Arguments.of(
            "awsExample_currentTimeBeforeCondition_implicitDenyWithoutStatements",
            List.of(
                "PolicyInputList.1", AWS_EXAMPLE,
                "ActionNames.member.1", "dynamodb:CreateBackup",
                "ContextEntries.member.1.ContextKeyName", "aws:CurrentTime",
                "ContextEntries.member.1.ContextKeyValues.member.1", "2014-04-25T11:00:00Z",
                "ContextEntries.member.1.ContextKeyType", "date"),
            "implicitDeny",
            List.of(),
            List.of()),
        Arguments.of(
            "awsExample_noContext_currentTimeMissing",
            List.of(
                "PolicyInputList.1", AWS_EXAMPLE, "ActionNames.member.1", "dynamodb:CreateBackup"),
            "implicitDeny",
            List.of(),
            List.of("aws:CurrentTime")),
        Arguments.of(
            "denyStatement_deleteObject_explicitDenyAtItsLines",
            List.of(
                "PolicyInputList.1",
                ALLOW_ALL_BUT_DELETE,
                "ActionNames.member.1",
                "s3:DeleteObject"),
            "explicitDeny",
            List.of("PolicyInputList.1 IAM Policy 5:6-9:6"),
            List.of()),
        Arguments.of(
            "allowStatement_getObject_allowedAtItsLine",
            List.of(
                "PolicyInputList.1", ALLOW_ALL_BUT_DELETE, "ActionNames.member.1", "s3:GetObject"),
            "allowed",
            List.of("PolicyInputList.1 IAM Policy 4:6-4:59"),
            List.of()),
        Arguments.of(
            "unlistedAction_implicitDeny",
            List.of("PolicyInputList.1", ALLOW_S3_READS, "ActionNames.member.1", "s3:PutObject"),
            "implicitDeny",
            List.of(),
            List.of()),
        Arguments.of(
            "secondPolicyAllows_allowedBySecondInput",
            List.of(
                "PolicyInputList.1", ALLOW_GET_BUCKET,
                "PolicyInputList.2", ALLOW_S3_READS,
                "ActionNames.member.1", "s3:GetBucketPolicy"),
            "allowed",
            List.of("PolicyInputList.2 IAM Policy 1:39-1:90"),
            List.of()),
        Arguments.of(
            "tagKeysStringList_allListed_allowed",
            List.of(
                "PolicyInputList.1", TAG_KEYS,
                "ActionNames.member.1", "iam:TagUser",
                "ContextEntries.member.1.ContextKeyName", "aws:TagKeys",
                "ContextEntries.member.1.ContextKeyValues.member.1", "team",
                "ContextEntries.member.1.ContextKeyValues.member.2", "env",
                "ContextEntries.member.1.ContextKeyType", "stringList"),
            "allowed",
            List.of("PolicyInputList.1 IAM Policy 1:39-1:167"),
            List.of()),
        Arguments.of(
            "tagKeysStringList_oneUnlisted_implicitDeny",
            List.of(
                "PolicyInputList.1", TAG_KEYS,
                "ActionNames.member.1", "iam:TagUser",
                "ContextEntries.member.1.ContextKeyName", "aws:TagKeys",
                "ContextEntries.member.1.ContextKeyValues.member.1", "team",
                "ContextEntries.member.1.ContextKeyValues.member.2", "owner",
                "ContextEntries.member.1.ContextKeyType", "stringList"),
            "implicitDeny",
            List.of(),
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("customCases")
  void simulateCustomPolicy_case_decisionStatementsAndMissingKeys(
      String name,
      List<String> params,
      String decision,
      List<String> matched,
      List<String> missing) {
    String xml = simulateCustom(params);

    assertThat(texts(xml, "//EvaluationResults/member/EvalDecision")).containsExactly(decision);
    assertThat(matched(xml, "//EvaluationResults/member/MatchedStatements/member"))
        .containsExactlyElementsOf(matched);
    assertThat(texts(xml, "//EvaluationResults/member/MissingContextValues/member"))
        .containsExactlyElementsOf(missing);
  }

  @Test
  void simulateCustomPolicy_pathologicalWildcardOnLongArn_answersWithMissingKey() {
    String policy =
        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
            + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::*a*a*a*a*b\","
            + "\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/team\":\"blue\"}}}}";
    String prefix = "arn:aws:s3:::";
    String unmatched = prefix + "a".repeat(3_000 - prefix.length());
    String matched = prefix + "a".repeat(3_000 - prefix.length() - 1) + "b";

    String xml =
        simulateCustom(
            List.of(
                "PolicyInputList.1", policy,
                "ActionNames.member.1", "s3:GetObject",
                "ResourceArns.member.1", unmatched,
                "ResourceArns.member.2", matched));

    assertThat(texts(xml, "//ResourceSpecificResults/member/EvalResourceDecision"))
        .containsExactly("implicitDeny", "implicitDeny");
    assertThat(texts(xml, "//ResourceSpecificResults/member/MissingContextValues/member"))
        .containsExactly("aws:PrincipalTag/team");
  }

  @Test
  void simulateCustomPolicy_variableInResource_keyOfThatStatementMissing() {
    String policy =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::home/${aws:username}/*\","
            + "\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"true\"}}},"
            + "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
            + "\"Resource\":\"arn:aws:s3:::other/*\","
            + "\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}}]}";

    String xml =
        simulateCustom(
            List.of(
                "PolicyInputList.1", policy,
                "ActionNames.member.1", "s3:GetObject",
                "ResourceArns.member.1", "arn:aws:s3:::home/alice/notes"));

    assertThat(texts(xml, "//EvaluationResults/member/MissingContextValues/member"))
        .contains("aws:SecureTransport")
        .doesNotContain("aws:MultiFactorAuthPresent");
  }

  @Test
  void simulateCustomPolicy_boundaryWithoutAllow_implicitDenyNotAllowedByBoundary() {
    String xml =
        simulateCustom(
            List.of(
                "PolicyInputList.1", ALLOW_S3_READS,
                "PermissionsBoundaryPolicyInputList.1", ALLOW_GET_BUCKET,
                "ActionNames.member.1", "s3:GetBucketPolicy"));

    assertThat(texts(xml, "//EvalDecision")).containsExactly("implicitDeny");
    assertThat(texts(xml, "//PermissionsBoundaryDecisionDetail/AllowedByPermissionsBoundary"))
        .containsExactly("false");
  }

  @Test
  void simulateCustomPolicy_boundaryAllowing_allowedByBoth() {
    String xml =
        simulateCustom(
            List.of(
                "PolicyInputList.1",
                ALLOW_S3_READS,
                "PermissionsBoundaryPolicyInputList.1",
                ALLOW_GET_BUCKET,
                "ActionNames.member.1",
                "s3:GetObject",
                "ResourceArns.member.1",
                "arn:aws:s3:::bucket/key"));

    assertThat(texts(xml, "//EvalDecision")).containsExactly("allowed");
    assertThat(texts(xml, "//AllowedByPermissionsBoundary")).containsExactly("true");
    assertThat(texts(xml, "//MatchedStatements/member/SourcePolicyId"))
        .containsExactly("PolicyInputList.1", "PermissionsBoundaryPolicyInputList.1");
  }

  @Test
  void simulateCustomPolicy_resourcePolicyOfOtherAccount_decisionDetailsPerPolicyType() {
    String xml =
        simulateCustom(
            List.of(
                "PolicyInputList.1", ALLOW_GET_BUCKET,
                "ActionNames.member.1", "s3:GetObject",
                "ResourceArns.member.1", "arn:aws:s3:::bucket/key",
                "ResourcePolicy", BUCKET_POLICY,
                "ResourceOwner", "arn:aws:iam::222222222222:root",
                "CallerArn", "arn:aws:iam::111111111111:user/alice"));

    assertThat(texts(xml, "//EvalDecision")).containsExactly("allowed");
    assertThat(texts(xml, "//EvalDecisionDetails/entry/key"))
        .containsExactly("IAM Policy", "Resource Policy");
    assertThat(texts(xml, "//EvalDecisionDetails/entry/value"))
        .containsExactly("allowed", "allowed");
    assertThat(texts(xml, "//MatchedStatements/member/SourcePolicyId"))
        .containsExactly("PolicyInputList.1", "ResourcePolicy");
  }

  @Test
  void simulateCustomPolicy_resourcePolicyOfOtherAccountWithoutIdentityAllow_implicitDeny() {
    String xml =
        simulateCustom(
            List.of(
                "PolicyInputList.1", ALLOW_S3_READS.replace("s3:Get*", "s3:List*"),
                "ActionNames.member.1", "s3:GetObject",
                "ResourceArns.member.1", "arn:aws:s3:::bucket/key",
                "ResourcePolicy", BUCKET_POLICY,
                "ResourceOwner", "arn:aws:iam::222222222222:root",
                "CallerArn", "arn:aws:iam::111111111111:user/alice"));

    assertThat(texts(xml, "//EvalDecision")).containsExactly("implicitDeny");
    assertThat(texts(xml, "//EvalDecisionDetails/entry/value"))
        .containsExactly("implicitDeny", "allowed");
  }

  @Test
  void simulateCustomPolicy_severalResources_resultPerResource() {
    String xml =
        simulateCustom(
            List.of(
                "PolicyInputList.1", ALLOW_GET_BUCKET,
                "ActionNames.member.1", "s3:GetObject",
                "ActionNames.member.2", "s3:PutObject",
                "ResourceArns.member.1", "arn:aws:s3:::bucket/key",
                "ResourceArns.member.2", "arn:aws:s3:::other/key"));

    assertThat(texts(xml, "//EvaluationResults/member/EvalActionName"))
        .containsExactly("s3:GetObject", "s3:PutObject");
    assertThat(texts(xml, "//EvaluationResults/member/EvalDecision"))
        .containsExactly("implicitDeny", "implicitDeny");
    assertThat(
            texts(
                xml,
                "//EvaluationResults/member[1]/ResourceSpecificResults/member/EvalResourceDecision"))
        .containsExactly("allowed", "implicitDeny");
    assertThat(
            texts(
                xml,
                "//EvaluationResults/member[1]/ResourceSpecificResults/member/EvalResourceName"))
        .containsExactly("arn:aws:s3:::bucket/key", "arn:aws:s3:::other/key");
  }

  @Test
  void simulateCustomPolicy_maxItemsOne_pagesThroughActionsInOrder() {
    List<String> params =
        new ArrayList<>(
            List.of(
                "PolicyInputList.1", ALLOW_S3_READS,
                "ActionNames.member.1", "s3:PutObject",
                "ActionNames.member.2", "s3:GetObject",
                "MaxItems", "1"));
    String first = simulateCustom(params);
    params.addAll(List.of("Marker", texts(first, "//Marker").get(0)));
    String second = simulateCustom(params);

    assertThat(texts(first, "//EvalActionName")).containsExactly("s3:PutObject");
    assertThat(texts(first, "//IsTruncated")).containsExactly("true");
    assertThat(texts(second, "//EvalActionName")).containsExactly("s3:GetObject");
    assertThat(texts(second, "//IsTruncated")).containsExactly("false");
  }

  @Test
  void simulateCustomPolicy_malformedInput_invalidInput() {
    assertThatThrownBy(
            () ->
                simulateCustom(List.of("PolicyInputList.1", "{", "ActionNames.member.1", "s3:Get")))
        .isInstanceOfSatisfying(
            IdentityException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
  }

  @Test
  void simulatePrincipalPolicy_userWithInlinePolicy_namesPolicyAndUsesUserName() {
    store.createUser(
        new User(
            IamCalls.ACCOUNT,
            "/",
            "alice",
            "AIDAALICE0000000000A",
            IamCalls.NOW,
            Optional.empty(),
            Map.of()));
    String home =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\n    \"Effect\": \"Allow\",\n"
            + "    \"Action\": \"s3:GetObject\",\n"
            + "    \"Resource\": \"arn:aws:s3:::home/${aws:username}/*\"\n  }]\n}";
    store.putInlinePolicy(
        new InlinePolicy(PolicyHolder.USER, IamCalls.ACCOUNT, "alice", "home", home));

    String xml =
        simulatePrincipal(
            IamCalls.root(
                "SimulatePrincipalPolicy",
                "PolicySourceArn",
                "arn:aws:iam::111111111111:user/alice",
                "ActionNames.member.1",
                "s3:GetObject",
                "ResourceArns.member.1",
                "arn:aws:s3:::home/alice/notes"));

    assertThat(texts(xml, "//EvalDecision")).containsExactly("allowed");
    assertThat(matched(xml, "//MatchedStatements/member")).containsExactly("home user 3:18-7:4");
  }

  @Test
  void simulatePrincipalPolicy_roleWithInputPolicy_bothTakePart() {
    store.createRole(
        Role.builder(IamCalls.ACCOUNT, "deployer")
            .roleId("AROADEPLOYER0000000A")
            .created(IamCalls.NOW)
            .trustPolicy(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                    + "\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:root\"},"
                    + "\"Action\":\"sts:AssumeRole\"}]}")
            .build());
    store.putInlinePolicy(
        new InlinePolicy(
            PolicyHolder.ROLE, IamCalls.ACCOUNT, "deployer", "deny-delete", ALLOW_ALL_BUT_DELETE));

    String xml =
        simulatePrincipal(
            IamCalls.root(
                "SimulatePrincipalPolicy",
                "PolicySourceArn",
                "arn:aws:iam::111111111111:role/deployer",
                "PolicyInputList.1",
                ALLOW_S3_READS,
                "ActionNames.member.1",
                "s3:GetObject",
                "ActionNames.member.2",
                "s3:DeleteObject"));

    assertThat(texts(xml, "//EvaluationResults/member/EvalDecision"))
        .containsExactly("allowed", "explicitDeny");
    assertThat(matched(xml, "//EvaluationResults/member[2]/MatchedStatements/member"))
        .containsExactly("deny-delete role 5:6-9:6");
  }

  @Test
  void simulatePrincipalPolicy_userInGroupWithManagedPolicies_sourcesTypedAsIam() {
    store.createUser(
        new User(
            IamCalls.ACCOUNT,
            "/",
            "bob",
            "AIDABOB00000000000B",
            IamCalls.NOW,
            Optional.empty(),
            Map.of()));
    store.createGroup(
        new Group(IamCalls.ACCOUNT, "/", "devs", "AGPADEVS00000000000D", IamCalls.NOW));
    store.addUserToGroup(IamCalls.ACCOUNT, "devs", "bob");
    store.putInlinePolicy(
        new InlinePolicy(PolicyHolder.GROUP, IamCalls.ACCOUNT, "devs", "reads", ALLOW_S3_READS));
    store.attachPolicy(
        PolicyHolder.USER, IamCalls.ACCOUNT, "bob", "arn:aws:iam::aws:policy/IAMReadOnlyAccess");

    String xml =
        simulatePrincipal(
            IamCalls.root(
                "SimulatePrincipalPolicy",
                "PolicySourceArn",
                "arn:aws:iam::111111111111:user/bob",
                "ActionNames.member.1",
                "s3:GetObject",
                "ActionNames.member.2",
                "iam:ListUsers"));

    assertThat(texts(xml, "//EvaluationResults/member/EvalDecision"))
        .containsExactly("allowed", "allowed");
    assertThat(texts(xml, "//EvaluationResults/member[1]/MatchedStatements/member/SourcePolicyId"))
        .containsExactly("reads");
    assertThat(
            texts(xml, "//EvaluationResults/member[1]/MatchedStatements/member/SourcePolicyType"))
        .containsExactly("group");
    assertThat(
            texts(xml, "//EvaluationResults/member[2]/MatchedStatements/member/SourcePolicyType"))
        .containsExactly("aws-managed");
  }

  @Test
  void simulatePrincipalPolicy_groupArn_simulatesTheGroupsPolicies() {
    store.createGroup(
        new Group(IamCalls.ACCOUNT, "/", "ops", "AGPAOPS000000000000O", IamCalls.NOW));
    store.putInlinePolicy(
        new InlinePolicy(PolicyHolder.GROUP, IamCalls.ACCOUNT, "ops", "reads", ALLOW_S3_READS));

    String xml =
        simulatePrincipal(
            IamCalls.root(
                "SimulatePrincipalPolicy",
                "PolicySourceArn",
                "arn:aws:iam::111111111111:group/ops",
                "ActionNames.member.1",
                "s3:GetObject",
                "ActionNames.member.2",
                "s3:DeleteObject"));

    assertThat(texts(xml, "//EvaluationResults/member/EvalDecision"))
        .containsExactly("allowed", "implicitDeny");
    assertThat(
            texts(xml, "//EvaluationResults/member[1]/MatchedStatements/member/SourcePolicyType"))
        .containsExactly("group");
  }

  @Test
  void simulatePrincipalPolicy_unknownUser_noSuchEntity() {
    assertThatThrownBy(
            () ->
                simulatePrincipal(
                    IamCalls.root(
                        "SimulatePrincipalPolicy",
                        "PolicySourceArn",
                        "arn:aws:iam::111111111111:user/nobody",
                        "ActionNames.member.1",
                        "s3:GetObject")))
        .isInstanceOf(IdentityException.class)
        .hasMessage("The user with name nobody cannot be found.");
  }

  /** SimulateCustomPolicy's answer to {@code params}, given as the IAM CLI names them. */
  private String simulateCustom(List<String> params) {
    return simulator.simulateCustomPolicy(custom(params)).xml();
  }

  private String simulatePrincipal(ServiceCall call) {
    return simulator.simulatePrincipalPolicy(call).xml();
  }

  private static ServiceCall custom(List<String> params) {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < params.size(); i += 2) {
      String name = params.get(i);
      all.add(
          name.equals("PolicyInputList.1") || name.equals("PolicyInputList.2")
              ? name.replace("PolicyInputList.", "PolicyInputList.member.")
              : name.equals("PermissionsBoundaryPolicyInputList.1")
                  ? "PermissionsBoundaryPolicyInputList.member.1"
                  : name);
      all.add(params.get(i + 1));
    }
    return IamCalls.root("SimulateCustomPolicy", all.toArray(String[]::new));
  }

  /** Each matched statement as {@code id type startLine:startColumn-endLine:endColumn}. */
  private static List<String> matched(String xml, String members) {
    List<String> ids = texts(xml, members + "/SourcePolicyId");
    List<String> types = texts(xml, members + "/SourcePolicyType");
    List<String> sl = texts(xml, members + "/StartPosition/Line");
    List<String> sc = texts(xml, members + "/StartPosition/Column");
    List<String> el = texts(xml, members + "/EndPosition/Line");
    List<String> ec = texts(xml, members + "/EndPosition/Column");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      out.add(
          ids.get(i)
              + " "
              + types.get(i)
              + " "
              + sl.get(i)
              + ":"
              + sc.get(i)
              + "-"
              + el.get(i)
              + ":"
              + ec.get(i));
    }
    return out;
  }
}
