package dev.crossrole.server;

import static dev.crossrole.server.SeedSdk.BUILD;
import static dev.crossrole.server.SeedSdk.OURS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.PolicyDescriptorType;
import software.amazon.awssdk.services.sts.model.Tag;

/**
 * Session tags, transitive tags, source identity and encoded authorization messages through the AWS
 * SDK for Java v2: trust policies with and without {@code sts:TagSession} and {@code
 * sts:SetSourceIdentity}, {@code aws:RequestTag}/{@code aws:TagKeys} conditions, {@code
 * aws:PrincipalTag} in the role's identity policy, role chaining, and DecodeAuthorizationMessage.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionTagsJavaSdkTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MARKER = " Encoded authorization failure message: ";
  private static final String ENCODED = ".* Encoded authorization failure message: [A-Za-z0-9_-]+";
  private static final String TAGGER = "arn:aws:iam::" + BUILD + ":user/tagger";
  private static final String TAG_ROLE = "arn:aws:iam::" + OURS + ":role/TAGROLE";
  private static final String PLAIN_ROLE = "arn:aws:iam::" + OURS + ":role/PLAINROLE";
  private static final String CHAIN_ROLE = "arn:aws:iam::" + OURS + ":role/CHAINROLE";
  private static final String CHAIN_NO_SI = "arn:aws:iam::" + OURS + ":role/CHAINNOSI";
  private static final String ROOT_TRUST_ROLE = "arn:aws:iam::" + OURS + ":role/ROOTTRUST";
  private static final String USER_TRUST_ROLE = "arn:aws:iam::" + OURS + ":role/USERTRUST";

  @TempDir static Path data;
  private CrossroleServer server;
  private final List<AutoCloseable> clients = new ArrayList<>();
  private IamClient ours;
  private StsClient tagger;
  private StsClient local;

  @BeforeAll
  void setUp() {
    server =
        CrossroleServer.start(SeedSdk.threeAccounts(ServerConfig.builder(data).port(0)).build());
    ours = track(SeedSdk.iam(server.endpoint(), SeedSdk.profileKeys(data, "ours")));
    IamClient build = track(SeedSdk.iam(server.endpoint(), SeedSdk.profileKeys(data, "build")));

    build.createUser(r -> r.userName("tagger"));
    build.putUserPolicy(
        r ->
            r.userName("tagger")
                .policyName("assume-ours")
                .policyDocument(
                    allow(
                        "[\"sts:AssumeRole\",\"sts:TagSession\",\"sts:SetSourceIdentity\"]",
                        "arn:aws:iam::" + OURS + ":role/*")));
    tagger = sts(SeedSdk.keysOf(build, "tagger"));

    ours.createRole(
        r ->
            r.roleName("TAGROLE")
                .tags(
                    software.amazon.awssdk.services.iam.model.Tag.builder()
                        .key("team")
                        .value("role-team")
                        .build(),
                    software.amazon.awssdk.services.iam.model.Tag.builder()
                        .key("env")
                        .value("prod")
                        .build())
                .assumeRolePolicyDocument(
                    policy(
                        statement(TAGGER, "\"sts:AssumeRole\"", ""),
                        statement(
                            TAGGER,
                            "\"sts:TagSession\"",
                            ",\"Condition\":{\"StringEqualsIfExists\":{\"aws:RequestTag/project\":"
                                + "\"seed\"},\"ForAllValues:StringEquals\":{\"aws:TagKeys\":"
                                + "[\"project\",\"team\",\"stage\"]}}"),
                        statement(TAGGER, "\"sts:SetSourceIdentity\"", ""))));
    ours.putRolePolicy(
        r ->
            r.roleName("TAGROLE")
                .policyName("work")
                .policyDocument(
                    policy(
                        "{\"Effect\":\"Allow\",\"Action\":\"iam:ListRoles\",\"Resource\":\"*\","
                            + "\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/team\":"
                            + "\"platform\"}}}",
                        "{\"Effect\":\"Allow\",\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\","
                            + "\"sts:SetSourceIdentity\"],\"Resource\":\"arn:aws:iam::"
                            + OURS
                            + ":role/*\"}",
                        "{\"Effect\":\"Allow\",\"Action\":\"sts:DecodeAuthorizationMessage\","
                            + "\"Resource\":\"*\"}")));
    ours.createRole(
        r ->
            r.roleName("PLAINROLE")
                .assumeRolePolicyDocument(policy(statement(TAGGER, "\"sts:AssumeRole\"", ""))));
    ours.createRole(
        r ->
            r.roleName("CHAINROLE")
                .assumeRolePolicyDocument(
                    policy(
                        statement(
                            TAG_ROLE,
                            "[\"sts:AssumeRole\",\"sts:TagSession\",\"sts:SetSourceIdentity\"]",
                            ""))));
    ours.putRolePolicy(
        r ->
            r.roleName("CHAINROLE")
                .policyName("work")
                .policyDocument(
                    policy(
                        "{\"Effect\":\"Allow\",\"Action\":\"iam:ListUsers\",\"Resource\":\"*\","
                            + "\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/project\":"
                            + "\"seed\",\"aws:SourceIdentity\":\"alice\"}}}",
                        "{\"Effect\":\"Allow\",\"Action\":\"iam:ListRoles\",\"Resource\":\"*\","
                            + "\"Condition\":{\"Null\":{\"aws:PrincipalTag/team\":\"false\"}}}")));
    ours.createRole(
        r ->
            r.roleName("CHAINNOSI")
                .assumeRolePolicyDocument(
                    policy(statement(TAG_ROLE, "[\"sts:AssumeRole\",\"sts:TagSession\"]", ""))));

    // Same account: a user whose identity policy allows AssumeRole but not TagSession.
    ours.createUser(r -> r.userName("local"));
    ours.putUserPolicy(
        r ->
            r.userName("local")
                .policyName("assume")
                .policyDocument(allow("\"sts:AssumeRole\"", "arn:aws:iam::" + OURS + ":role/*")));
    ours.createRole(
        r ->
            r.roleName("ROOTTRUST")
                .assumeRolePolicyDocument(
                    policy(
                        statement(
                            "arn:aws:iam::" + OURS + ":root",
                            "[\"sts:AssumeRole\",\"sts:TagSession\"]",
                            ""))));
    ours.createRole(
        r ->
            r.roleName("USERTRUST")
                .assumeRolePolicyDocument(
                    policy(
                        statement(
                            "arn:aws:iam::" + OURS + ":user/local",
                            "[\"sts:AssumeRole\",\"sts:TagSession\"]",
                            ""))));
    local = sts(SeedSdk.keysOf(ours, "local"));
  }

  @AfterAll
  void tearDown() throws Exception {
    for (AutoCloseable c : clients) {
      c.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static String policy(String... statements) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
  }

  private static String statement(String principal, String actions, String condition) {
    return "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
        + principal
        + "\"},\"Action\":"
        + actions
        + condition
        + "}";
  }

  private static String allow(String actions, String resource) {
    return policy(
        "{\"Effect\":\"Allow\",\"Action\":" + actions + ",\"Resource\":\"" + resource + "\"}");
  }

  private <T extends AutoCloseable> T track(T client) {
    clients.add(client);
    return client;
  }

  private StsClient sts(AwsCredentials credentials) {
    return track(SeedSdk.sts(server.endpoint(), SeedSdk.provider(credentials)));
  }

  private IamClient iam(AwsCredentials credentials) {
    return track(SeedSdk.iam(server.endpoint(), SeedSdk.provider(credentials)));
  }

  /** PackedPolicySize, read by its wire name (the SDK deprecates its accessor). */
  private static java.util.Optional<Integer> packed(AssumeRoleResponse r) {
    return r.getValueForField("PackedPolicySize", Integer.class);
  }

  private static Tag tag(String key, String value) {
    return Tag.builder().key(key).value(value).build();
  }

  /** The tagged, transitive, source-identified session of TAGROLE that the chaining cases use. */
  private AssumeRoleResponse firstSession() {
    return tagger.assumeRole(
        a ->
            a.roleArn(TAG_ROLE)
                .roleSessionName("first")
                .tags(tag("team", "platform"), tag("project", "seed"))
                .transitiveTagKeys("project")
                .sourceIdentity("alice"));
  }

  private static void assertAwsError(
      ThrowingCallable call, int status, String code, String messagePart) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e -> {
              assertThat(e.statusCode()).as("HTTP status").isEqualTo(status);
              assertThat(e.awsErrorDetails().errorCode()).as("error code").isEqualTo(code);
              assertThat(e.awsErrorDetails().errorMessage()).as("message").contains(messagePart);
            });
  }

  /** AWS's AccessDenied text, then the encoded authorization failure message. */
  private static void assertDenied(ThrowingCallable call, String awsText) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(403);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
              String message = e.awsErrorDetails().errorMessage();
              assertThat(message).startsWith(awsText + MARKER).matches(ENCODED);
            });
  }

  private static String encodedPart(ThrowingCallable call) {
    try {
      call.call();
    } catch (AwsServiceException e) {
      String m = e.awsErrorDetails().errorMessage();
      return m.substring(m.indexOf(MARKER) + MARKER.length());
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
    throw new AssertionError("expected AccessDenied");
  }

  // ---- tags, transitive keys and source identity on AssumeRole
  // -----------------------------------

  @Test
  void assumeRole_tagsTransitiveKeysAndSourceIdentity_returnedAndActAsPrincipalTags() {
    AssumeRoleResponse r = firstSession();

    assertThat(r.sourceIdentity()).isEqualTo("alice");
    assertThat(packed(r)).hasValueSatisfying(n -> assertThat(n).isBetween(1, 100));
    // The session tag team=platform overrides the role's team=role-team for aws:PrincipalTag.
    IamClient session = iam(SeedSdk.session(r));
    assertThat(session.listRoles().roles()).extracting(x -> x.roleName()).contains("TAGROLE");
  }

  @Test
  void assumeRole_noSessionTags_roleTagIsThePrincipalTagAndDenies() {
    AssumeRoleResponse r = tagger.assumeRole(a -> a.roleArn(TAG_ROLE).roleSessionName("untagged"));

    assertThat(packed(r)).isEmpty();
    assertThat(r.sourceIdentity()).isNull();
    assertDenied(
        () -> iam(SeedSdk.session(r)).listRoles(),
        "User: arn:aws:sts::"
            + OURS
            + ":assumed-role/TAGROLE/untagged is not authorized to perform: iam:ListRoles on"
            + " resource: arn:aws:iam::"
            + OURS
            + ":role/ because no identity-based policy allows the iam:ListRoles action");
  }

  static Stream<Arguments> trustRefusals() {
    Consumer<AssumeRoleRequest.Builder> plainTagged =
        a -> a.roleArn(PLAIN_ROLE).roleSessionName("s1").tags(tag("team", "platform"));
    Consumer<AssumeRoleRequest.Builder> plainSourceIdentity =
        a -> a.roleArn(PLAIN_ROLE).roleSessionName("s1").sourceIdentity("alice");
    Consumer<AssumeRoleRequest.Builder> requestTagMismatch =
        a -> a.roleArn(TAG_ROLE).roleSessionName("s1").tags(tag("project", "other"));
    Consumer<AssumeRoleRequest.Builder> tagKeyNotAllowed =
        a -> a.roleArn(TAG_ROLE).roleSessionName("s1").tags(tag("cost", "1"));
    return Stream.of(
        Arguments.of("trust without sts:TagSession", plainTagged, "sts:TagSession", PLAIN_ROLE),
        Arguments.of(
            "trust without sts:SetSourceIdentity",
            plainSourceIdentity,
            "sts:SetSourceIdentity",
            PLAIN_ROLE),
        Arguments.of(
            "aws:RequestTag condition not met", requestTagMismatch, "sts:TagSession", TAG_ROLE),
        Arguments.of(
            "aws:TagKeys outside the allowed", tagKeyNotAllowed, "sts:TagSession", TAG_ROLE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("trustRefusals")
  void assumeRole_trustPolicyRefusesTagsOrSourceIdentity_accessDeniedWithoutReasonClause(
      String name, Consumer<AssumeRoleRequest.Builder> request, String action, String role) {
    assertDenied(
        () -> tagger.assumeRole(request),
        "User: " + TAGGER + " is not authorized to perform: " + action + " on resource: " + role);
  }

  @Test
  void assumeRole_sameAccountTrustNamingTheAccount_identityPolicyMustAllowTagSession() {
    assertThat(
            local
                .assumeRole(a -> a.roleArn(ROOT_TRUST_ROLE).roleSessionName("untagged"))
                .assumedRoleUser()
                .arn())
        .endsWith(":assumed-role/ROOTTRUST/untagged");
    assertDenied(
        () ->
            local.assumeRole(
                a -> a.roleArn(ROOT_TRUST_ROLE).roleSessionName("s1").tags(tag("team", "x"))),
        "User: arn:aws:iam::"
            + OURS
            + ":user/local is not authorized to perform: sts:TagSession on resource: "
            + ROOT_TRUST_ROLE
            + " because no identity-based policy allows the sts:TagSession action");
  }

  @Test
  void assumeRole_sameAccountTrustNamingTheUser_tagsAllowedWithoutIdentityPolicy() {
    AssumeRoleResponse r =
        local.assumeRole(
            a -> a.roleArn(USER_TRUST_ROLE).roleSessionName("s1").tags(tag("team", "x")));

    assertThat(packed(r)).contains(1);
  }

  static Stream<Arguments> invalidRequests() {
    List<Tag> fiftyOne = IntStream.rangeClosed(1, 51).mapToObj(i -> tag("k" + i, "v")).toList();
    return Stream.of(
        Arguments.of(
            "fifty-one tags",
            (Consumer<AssumeRoleRequest.Builder>) a -> a.tags(fiftyOne),
            "ValidationError",
            "at 'tags' failed to satisfy constraint"),
        Arguments.of(
            "duplicate keys in another case",
            (Consumer<AssumeRoleRequest.Builder>) a -> a.tags(tag("Team", "a"), tag("team", "b")),
            "InvalidParameterValue",
            "Duplicate tag keys found. Please note that Tag keys are case insensitive."),
        Arguments.of(
            "transitive key not among the tags",
            (Consumer<AssumeRoleRequest.Builder>)
                a -> a.tags(tag("team", "a")).transitiveTagKeys("project"),
            "InvalidParameterValue",
            "The specified transitive tag key must be included in the requested tags."),
        Arguments.of(
            "source identity with the reserved prefix",
            (Consumer<AssumeRoleRequest.Builder>) a -> a.sourceIdentity("aws:alice"),
            "ValidationError",
            "at 'sourceIdentity' failed to satisfy constraint"),
        Arguments.of(
            "managed session policy that does not exist",
            (Consumer<AssumeRoleRequest.Builder>)
                a ->
                    a.policyArns(
                        PolicyDescriptorType.builder()
                            .arn("arn:aws:iam::111111111111:policy/NoSuchPolicy")
                            .build()),
            "MalformedPolicyDocument",
            "Policy arn:aws:iam::111111111111:policy/NoSuchPolicy does not exist or is not"
                + " attachable."),
        Arguments.of(
            "eleven managed session policies",
            (Consumer<AssumeRoleRequest.Builder>)
                a ->
                    a.policyArns(
                        Collections.nCopies(
                            11,
                            PolicyDescriptorType.builder()
                                .arn("arn:aws:iam::aws:policy/ReadOnlyAccess")
                                .build())),
            "ValidationError",
            "at 'policyArns' failed to satisfy constraint"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidRequests")
  void assumeRole_invalidSessionAttributes_stsError(
      String name, Consumer<AssumeRoleRequest.Builder> extra, String code, String message) {
    assertAwsError(
        () -> tagger.assumeRole(a -> extra.accept(a.roleArn(TAG_ROLE).roleSessionName("s1"))),
        400,
        code,
        message);
  }

  @Test
  void userTags_longTermKeysAndGetSessionToken_arePrincipalTags() {
    String onlyPlatform =
        policy(
            "{\"Effect\":\"Allow\",\"Action\":[\"iam:ListRoles\",\"sts:GetAccessKeyInfo\"],"
                + "\"Resource\":\"*\",\"Condition\":{\"StringEquals\":"
                + "{\"aws:PrincipalTag/team\":\"platform\"}}}");
    ours.createUser(
        r ->
            r.userName("tagged")
                .tags(
                    software.amazon.awssdk.services.iam.model.Tag.builder()
                        .key("team")
                        .value("platform")
                        .build()));
    ours.putUserPolicy(r -> r.userName("tagged").policyName("p").policyDocument(onlyPlatform));
    ours.createUser(r -> r.userName("untagged"));
    ours.putUserPolicy(r -> r.userName("untagged").policyName("p").policyDocument(onlyPlatform));
    AwsBasicCredentials tagged = SeedSdk.keysOf(ours, "tagged");
    software.amazon.awssdk.services.sts.model.Credentials c =
        sts(tagged).getSessionToken().credentials();

    assertThat(iam(tagged).listRoles().roles()).isNotEmpty();
    // IAM refuses GetSessionToken credentials without MFA, as AWS does: STS answers them.
    assertThat(
            sts(AwsSessionCredentials.create(
                    c.accessKeyId(), c.secretAccessKey(), c.sessionToken()))
                .getAccessKeyInfo(r -> r.accessKeyId(tagged.accessKeyId()))
                .account())
        .isEqualTo(OURS);
    assertDenied(
        () -> iam(SeedSdk.keysOf(ours, "untagged")).listRoles(),
        "User: arn:aws:iam::"
            + OURS
            + ":user/untagged is not authorized to perform: iam:ListRoles on resource:"
            + " arn:aws:iam::"
            + OURS
            + ":role/ because no identity-based policy allows the iam:ListRoles action");
  }

  // ---- role chaining ----------------------------------------------------------------------------

  @Test
  void chainedAssumeRole_transitiveTagsAndSourceIdentityPassOn_othersDoNot() {
    StsClient first = sts(SeedSdk.session(firstSession()));

    AssumeRoleResponse chained =
        first.assumeRole(a -> a.roleArn(CHAIN_ROLE).roleSessionName("second"));

    assertThat(chained.sourceIdentity()).isEqualTo("alice");
    assertThat(packed(chained)).contains(1);
    IamClient second = iam(SeedSdk.session(chained));
    // aws:PrincipalTag/project (transitive) and aws:SourceIdentity both reach the chained session.
    assertThat(second.listUsers().users()).extracting(u -> u.userName()).contains("local");
    // team was not transitive: it does not reach the chained session.
    assertDenied(
        second::listRoles,
        "User: arn:aws:sts::"
            + OURS
            + ":assumed-role/CHAINROLE/second is not authorized to perform: iam:ListRoles on"
            + " resource: arn:aws:iam::"
            + OURS
            + ":role/ because no identity-based policy allows the iam:ListRoles action");
  }

  @Test
  void chainedAssumeRole_sameSourceIdentityAgain_accepted() {
    StsClient first = sts(SeedSdk.session(firstSession()));

    assertThat(
            first
                .assumeRole(
                    a -> a.roleArn(CHAIN_ROLE).roleSessionName("again").sourceIdentity("alice"))
                .sourceIdentity())
        .isEqualTo("alice");
  }

  static Stream<Arguments> chainRefusals() {
    return Stream.of(
        Arguments.of(
            "transitive tag overridden",
            (Consumer<AssumeRoleRequest.Builder>) a -> a.tags(tag("project", "other")),
            "conflict with transitive tags"),
        Arguments.of(
            "source identity changed",
            (Consumer<AssumeRoleRequest.Builder>) a -> a.sourceIdentity("mallory"),
            "The source identity of a role session cannot be changed"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chainRefusals")
  void chainedAssumeRole_changeOfInheritedAttribute_invalidParameterValue(
      String name, Consumer<AssumeRoleRequest.Builder> extra, String message) {
    StsClient first = sts(SeedSdk.session(firstSession()));

    assertAwsError(
        () -> first.assumeRole(a -> extra.accept(a.roleArn(CHAIN_ROLE).roleSessionName("x1"))),
        400,
        "InvalidParameterValue",
        message);
  }

  @Test
  void chainedAssumeRole_trustWithoutSetSourceIdentity_inheritedSourceIdentityDenied() {
    StsClient first = sts(SeedSdk.session(firstSession()));

    assertDenied(
        () -> first.assumeRole(a -> a.roleArn(CHAIN_NO_SI).roleSessionName("x1")),
        "User: arn:aws:sts::"
            + OURS
            + ":assumed-role/TAGROLE/first is not authorized to perform: sts:SetSourceIdentity on"
            + " resource: "
            + CHAIN_NO_SI);
  }

  // ---- DecodeAuthorizationMessage
  // ----------------------------------------------------------------

  @Test
  void decodeAuthorizationMessage_realAccessDenied_fullReasonInAwsFormat() throws Exception {
    AssumeRoleResponse r = tagger.assumeRole(a -> a.roleArn(TAG_ROLE).roleSessionName("decoder"));
    AwsSessionCredentials creds = SeedSdk.session(r);
    String encoded = encodedPart(() -> iam(creds).listRoles());

    String decoded =
        sts(creds).decodeAuthorizationMessage(d -> d.encodedMessage(encoded)).decodedMessage();

    JsonNode m = JSON.readTree(decoded);
    assertThat(m.path("allowed").asBoolean(true)).isFalse();
    assertThat(m.path("explicitDeny").asBoolean(true)).isFalse();
    assertThat(m.path("matchedStatements").path("items").isArray()).isTrue();
    assertThat(m.path("failures").path("items").get(0).path("reason").asText())
        .isEqualTo("no identity-based policy allows the iam:ListRoles action");
    JsonNode context = m.path("context");
    assertThat(context.path("principal").path("arn").asText())
        .isEqualTo("arn:aws:sts::" + OURS + ":assumed-role/TAGROLE/decoder");
    assertThat(context.path("principal").path("id").asText())
        .startsWith("AROA")
        .endsWith(":decoder");
    assertThat(context.path("principal").path("name").asText()).isEqualTo("TAGROLE");
    assertThat(context.path("action").asText()).isEqualTo("iam:ListRoles");
    assertThat(context.path("resource").asText()).isEqualTo("arn:aws:iam::" + OURS + ":role/");
    List<String> conditions = new ArrayList<>();
    context
        .path("conditions")
        .path("items")
        .forEach(
            c ->
                c.path("values")
                    .path("items")
                    .forEach(
                        v ->
                            conditions.add(
                                c.path("key").asText() + "=" + v.path("value").asText())));
    assertThat(conditions)
        .contains(
            "aws:principaltag/team=role-team",
            "aws:principaltag/env=prod",
            "aws:MultiFactorAuthPresent=false")
        .anyMatch(c -> c.startsWith("aws:TokenIssueTime="));
  }

  @Test
  void decodeAuthorizationMessage_byTheAccountRoot_decodes() {
    AssumeRoleResponse r = tagger.assumeRole(a -> a.roleArn(TAG_ROLE).roleSessionName("x1"));
    String encoded = encodedPart(() -> iam(SeedSdk.session(r)).listRoles());
    StsClient oursRoot = track(SeedSdk.sts(server.endpoint(), SeedSdk.profileKeys(data, "ours")));

    assertThat(oursRoot.decodeAuthorizationMessage(d -> d.encodedMessage(encoded)).decodedMessage())
        .contains("\"action\":\"iam:ListRoles\"");
  }

  static Stream<Arguments> undecodable() {
    return Stream.of(
        Arguments.of("garbage", "not-a-message"),
        Arguments.of("base64url of nothing meaningful", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
        Arguments.of("another account's message", "FOREIGN"),
        Arguments.of("tampered message", "TAMPERED"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("undecodable")
  void decodeAuthorizationMessage_untrustworthyMessage_invalidAuthorizationMessage(
      String name, String message) {
    String encoded = message;
    if (message.equals("FOREIGN") || message.equals("TAMPERED")) {
      // A message issued to our account: the BUILD root may not read it; altered, nobody may.
      String real =
          encodedPart(
              () ->
                  iam(SeedSdk.session(
                          tagger.assumeRole(a -> a.roleArn(TAG_ROLE).roleSessionName("y1"))))
                      .listRoles());
      encoded =
          message.equals("FOREIGN")
              ? real
              : real.substring(0, 40) + (real.charAt(40) == 'A' ? 'B' : 'A') + real.substring(41);
    }
    String sent = encoded;
    StsClient decoder =
        track(
            SeedSdk.sts(
                server.endpoint(),
                SeedSdk.profileKeys(data, message.equals("FOREIGN") ? "build" : "ours")));

    assertAwsError(
        () -> decoder.decodeAuthorizationMessage(d -> d.encodedMessage(sent)),
        400,
        "InvalidAuthorizationMessageException",
        "Message is not valid");
  }

  @Test
  void decodeAuthorizationMessage_callerWithoutPermission_accessDenied() {
    AwsBasicCredentials noDecode = SeedSdk.keysOf(ours, "local");

    assertDenied(
        () -> sts(noDecode).decodeAuthorizationMessage(d -> d.encodedMessage("abc")),
        "User: arn:aws:iam::"
            + OURS
            + ":user/local is not authorized to perform: sts:DecodeAuthorizationMessage on"
            + " resource: * because no identity-based policy allows the"
            + " sts:DecodeAuthorizationMessage action");
  }
}
