package dev.crossrole.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossrole.core.Account;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real AWS CLI: {@code aws sts assume-role --tags … --transitive-tag-keys … --source-identity
 * …}, a chained session that keeps them, and {@code aws sts decode-authorization-message} of a real
 * AccessDenied.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionTagsCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OURS = "111111111111";
  private static final String FIRST = "arn:aws:iam::" + OURS + ":role/FIRST";
  private static final String SECOND = "arn:aws:iam::" + OURS + ":role/SECOND";
  private static final Pattern ENCODED =
      Pattern.compile("Encoded authorization failure message: ([A-Za-z0-9_-]+)");

  @RegisterExtension
  static final RunningServer server =
      RunningServer.of(new Account("ours", OURS), new Account("build", "222222222222"));

  private final AwsCli aws = server.aws();
  private Map<String, String> builderKeys;

  @BeforeAll
  void setUp() throws Exception {
    String builder = "arn:aws:iam::222222222222:user/builder";
    String taggingActions = "\"sts:AssumeRole\",\"sts:TagSession\",\"sts:SetSourceIdentity\"";
    IamSetup build = new IamSetup(aws, "build").createUser("builder");
    new IamSetup(aws, "ours")
        .createRole("FIRST", trust(builder, taggingActions), "--tags", "Key=team,Value=role-team")
        .putRolePolicy(
            "FIRST",
            "work",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                + "[\"sts:AssumeRole\",\"sts:DecodeAuthorizationMessage\"],\"Resource\":\"*\"}]}")
        .createRole("SECOND", trust(FIRST, taggingActions))
        .putRolePolicy(
            "SECOND",
            "work",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                + "\"iam:ListRoles\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":"
                + "{\"aws:PrincipalTag/project\":\"seed\",\"aws:SourceIdentity\":\"alice\"}}}]}");
    build.putUserPolicy(
        "builder",
        "assume",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
            + "["
            + taggingActions
            + "],\"Resource\":\"arn:aws:iam::"
            + OURS
            + ":role/*\"}]}");
    builderKeys = build.createAccessKey("builder");
  }

  private static String trust(String principal, String actions) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
        + "{\"AWS\":\""
        + principal
        + "\"},\"Action\":["
        + actions
        + "]}]}";
  }

  private JsonNode ok(String... args) throws Exception {
    return aws.ok(args);
  }

  private AwsCli.Result as(Map<String, String> keys, String... args) {
    return aws.withKeys(keys, server.endpoint(), args);
  }

  private static Map<String, String> sessionEnv(JsonNode assumed) {
    JsonNode c = assumed.get("Credentials");
    Map<String, String> env = new HashMap<>();
    env.put("AWS_ACCESS_KEY_ID", c.get("AccessKeyId").asText());
    env.put("AWS_SECRET_ACCESS_KEY", c.get("SecretAccessKey").asText());
    env.put("AWS_SESSION_TOKEN", c.get("SessionToken").asText());
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    return env;
  }

  private JsonNode firstSession() throws Exception {
    AwsCli.Result r =
        as(
            builderKeys,
            "sts",
            "assume-role",
            "--role-arn",
            FIRST,
            "--role-session-name",
            "first",
            "--tags",
            "Key=project,Value=seed",
            "Key=team,Value=platform",
            "--transitive-tag-keys",
            "project",
            "--source-identity",
            "alice");
    assertThat(r.exitCode()).as(r.err()).isZero();
    return JSON.readTree(r.out());
  }

  @Test
  void assumeRole_tagsTransitiveKeysSourceIdentity_keptThroughChaining() throws Exception {
    JsonNode first = firstSession();
    assertThat(first.get("SourceIdentity").asText()).isEqualTo("alice");
    assertThat(first.get("PackedPolicySize").asInt()).isBetween(1, 100);

    AwsCli.Result chained =
        as(
            sessionEnv(first),
            "sts",
            "assume-role",
            "--role-arn",
            SECOND,
            "--role-session-name",
            "second");
    assertThat(chained.exitCode()).as(chained.err()).isZero();
    JsonNode second = JSON.readTree(chained.out());
    assertThat(second.get("SourceIdentity").asText()).isEqualTo("alice");

    AwsCli.Result listed = as(sessionEnv(second), "iam", "list-roles");
    assertThat(listed.exitCode()).as(listed.err()).isZero();
    assertThat(listed.out()).contains("SECOND");
  }

  static Stream<Arguments> chainedChanges() {
    return Stream.of(
        Arguments.of(
            "changing the source identity",
            new String[] {"--source-identity", "mallory"},
            "The source identity of a role session cannot be changed"),
        Arguments.of(
            "overriding a transitive tag",
            new String[] {"--tags", "Key=project,Value=other"},
            "conflict with transitive tags"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chainedChanges")
  void chainedAssumeRole_changeOfInheritedAttribute_refused(
      String name, String[] extra, String message) throws Exception {
    JsonNode first = firstSession();
    String[] args =
        Stream.concat(
                Stream.of(
                    "sts", "assume-role", "--role-arn", SECOND, "--role-session-name", "second"),
                Stream.of(extra))
            .toArray(String[]::new);

    AwsCli.Result r = as(sessionEnv(first), args);

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err()).contains("InvalidParameterValue").contains(message);
  }

  @Test
  void decodeAuthorizationMessage_ofARealAccessDenied_showsTheFullReason() throws Exception {
    JsonNode first = firstSession();
    AwsCli.Result denied = as(sessionEnv(first), "iam", "list-users");
    assertThat(denied.exitCode()).isNotZero();
    assertThat(denied.err())
        .contains(
            "User: arn:aws:sts::"
                + OURS
                + ":assumed-role/FIRST/first is not authorized to perform: iam:ListUsers on"
                + " resource: arn:aws:iam::"
                + OURS
                + ":user/ because no identity-based policy allows the iam:ListUsers action"
                + " Encoded authorization failure message: ");
    Matcher m = ENCODED.matcher(denied.err());
    assertThat(m.find()).isTrue();

    AwsCli.Result decoded =
        as(
            sessionEnv(first),
            "sts",
            "decode-authorization-message",
            "--encoded-message",
            m.group(1));

    assertThat(decoded.exitCode()).as(decoded.err()).isZero();
    JsonNode message = JSON.readTree(JSON.readTree(decoded.out()).get("DecodedMessage").asText());
    assertThat(message.get("allowed").asBoolean()).isFalse();
    assertThat(message.get("explicitDeny").asBoolean()).isFalse();
    assertThat(message.at("/context/action").asText()).isEqualTo("iam:ListUsers");
    assertThat(message.at("/context/principal/arn").asText())
        .isEqualTo("arn:aws:sts::" + OURS + ":assumed-role/FIRST/first");
    assertThat(message.at("/context/conditions/items").toString())
        .contains("{\"key\":\"aws:SourceIdentity\",\"values\":{\"items\":[{\"value\":\"alice\"}]}}")
        .contains(
            "{\"key\":\"aws:principaltag/team\",\"values\":{\"items\":[{\"value\":\"platform\"}]}}");
  }

  @Test
  void decodeAuthorizationMessage_garbage_invalidAuthorizationMessage() throws Exception {
    AwsCli.Result r =
        as(
            sessionEnv(firstSession()),
            "sts",
            "decode-authorization-message",
            "--encoded-message",
            "garbage");

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err())
        .contains("InvalidAuthorizationMessageException")
        .contains("Message is not valid");
  }
}
