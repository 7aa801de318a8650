package dev.crossrole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two {@code bin/crossrole server} processes, A and B, on one PostgreSQL schema ({@link
 * PostgresSchema}), each with its own data directory and the same master key ({@code
 * CROSSROLE_MASTER_KEY}), driven with the AWS CLI: what is made on A works on B at once, and a
 * change made on A that takes something away is enforced by B on its very next request — no node
 * keeps policies, keys or trust across requests, so there is no propagation delay to wait out.
 *
 * <p>The seed's accounts: OUR (111111111111) owns the roles, BUILD (222222222222) the users {@code
 * builder} and {@code builder2}, both allowed to assume OUR roles. Each case works on a role or
 * user of its own, so the cases do not depend on one another's order.
 *
 * <p>Both nodes keep the audit trail (the default): the audit cases read back, from either node,
 * requests made on both, alternately. An event is committed before its request is answered, so they
 * are read at once.
 */
class TwoNodesIT {
  private static final String OURS = "111111111111";
  private static final String BUILD = "222222222222";
  private static final String EXTERNAL_ID = "some_key_build";
  private static final String LIST_ROLES =
      """
      {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListRoles",
       "Resource":"*"}]}""";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The audit cases' BUILD user, their OUR role and its session's name, one name for all three. */
  private static final String AUDITED = "audited";

  /** How AWS CLI's debug output shows the request id of a response. */
  private static final Pattern REQUEST_ID = Pattern.compile("'x-amzn-RequestId': '([^']+)'");

  @TempDir static Path dir;
  private static PostgresSchema schema;
  private static ServerProcess a;
  private static ServerProcess b;
  private static Programs programs;
  private static Keys builder;
  private static Keys builder2;
  private static Instant auditedFrom;
  private static List<String> audited;

  /** Long-term or temporary keys; the secret stays out of {@link #toString}. */
  record Keys(String accessKeyId, String secretAccessKey, Optional<String> sessionToken) {
    /** The variables that make the AWS CLI sign with these keys against {@code node}. */
    Map<String, String> on(ServerProcess node) {
      Map<String, String> env = new HashMap<>();
      env.put("AWS_ACCESS_KEY_ID", accessKeyId);
      env.put("AWS_SECRET_ACCESS_KEY", secretAccessKey);
      sessionToken.ifPresent(t -> env.put("AWS_SESSION_TOKEN", t));
      env.put("AWS_DEFAULT_REGION", "us-east-1");
      env.put("AWS_ENDPOINT_URL", node.endpoint());
      return env;
    }

    @Override
    public String toString() {
      return "Keys[" + accessKeyId + "]";
    }
  }

  /**
   * What a case makes on A before its change, the request B must answer before and refuse after,
   * and the change itself.
   */
  record Check(
      Supplier<Programs.Result> probeOnB,
      Runnable changeOnA,
      String refusal,
      Optional<Supplier<Programs.Result>> acceptedAfter) {}

  /** A case: sets up its own role or user on A (named after the case) and says how to check it. */
  @FunctionalInterface
  interface Scenario {
    Check prepare(String name);
  }

  @BeforeAll
  static void startTwoNodes() throws IOException {
    schema = PostgresSchema.create();
    byte[] master = new byte[32];
    new SecureRandom().nextBytes(master);
    Map<String, String> env = new HashMap<>(schema.credentials());
    env.put("CROSSROLE_MASTER_KEY", Base64.getEncoder().encodeToString(master));
    String[] args = {
      "--db",
      schema.url(),
      "--account",
      "ours=" + OURS,
      "--account",
      "build=222222222222",
      "--registry",
      "off"
    };
    // One after the other: the first start on an empty store creates the accounts and the first
    // token key, which the second then finds.
    a = ServerProcess.start(dir.resolve("a"), env, args);
    b = ServerProcess.start(dir.resolve("b"), env, args);
    programs =
        new Programs(Map.of("HOME", Files.createDirectories(dir.resolve("home")).toString()));

    String mayAssume =
        """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
         "Resource":"arn:aws:iam::111111111111:role/*"}]}""";
    builder = buildUser("builder", mayAssume);
    builder2 = buildUser("builder2", mayAssume);
    auditedFrom = Instant.now();
    audited = interleavedRequests(buildUser(AUDITED, mayAssume));
  }

  /**
   * The requests the audit cases read back, made on A and B in turn: {@code audited}'s
   * cross-account AssumeRole on A, its session's GetCallerIdentity on B, an IAM write (TagRole) on
   * A and a refused ListUsers on B.
   *
   * @return the request ids their clients got, oldest first
   */
  private static List<String> interleavedRequests(Keys user) {
    role(AUDITED, trust(AUDITED, EXTERNAL_ID));
    asOursOnA(
        "put-role-policy",
        "--role-name",
        AUDITED,
        "--policy-name",
        "tag-itself",
        "--policy-document",
        """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:TagRole",
         "Resource":"arn:aws:iam::111111111111:role/audited"}]}""");
    List<String> ids = new ArrayList<>();
    Programs.Result assumed =
        ok(
            traced(
                ids,
                user.on(a),
                "sts",
                "assume-role",
                "--role-arn",
                "arn:aws:iam::" + OURS + ":role/" + AUDITED,
                "--role-session-name",
                AUDITED,
                "--external-id",
                EXTERNAL_ID));
    Keys session = sessionKeys(assumed);
    ok(traced(ids, session.on(b), "sts", "get-caller-identity"));
    ok(
        traced(
            ids,
            session.on(a),
            "iam",
            "tag-role",
            "--role-name",
            AUDITED,
            "--tags",
            "Key=seen-on,Value=a"));
    Programs.Result refused = traced(ids, session.on(b), "iam", "list-users");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.err()).contains("AccessDenied");
    return List.copyOf(ids);
  }

  @AfterAll
  static void stopNodes() throws SQLException {
    // The nodes first, then the schema they use.
    for (ServerProcess node : new ServerProcess[] {b, a}) {
      if (node != null) {
        node.close();
      }
    }
    if (schema != null) {
      schema.close();
    }
  }

  @Test
  void accessKey_createdOnA_worksOnBAtOnce() {
    Keys keys = createAccessKey("fresh");

    JsonNode identity = json(ok(aws(keys.on(b), "sts", "get-caller-identity")));

    assertThat(identity.get("Arn").asText()).isEqualTo("arn:aws:iam::222222222222:user/fresh");
  }

  @Test
  void session_issuedByA_acceptedByB() {
    role("session", trust("builder", EXTERNAL_ID));
    Keys session = assumeOnA("session");

    JsonNode identity = json(ok(aws(session.on(b), "sts", "get-caller-identity")));
    Programs.Result allowed =
        aws(session.on(b), "iam", "list-roles", "--query", "Roles[].RoleName");

    assertThat(identity.get("Arn").asText())
        .isEqualTo("arn:aws:sts::111111111111:assumed-role/session/two-nodes");
    assertThat(json(ok(allowed)).toString()).contains("\"session\"");
  }

  static Stream<Arguments> changes() {
    return Stream.of(
        Arguments.of("revokeOlderSessions_onA_refusedByB", (Scenario) TwoNodesIT::revocation),
        Arguments.of("detachManagedPolicy_onA_refusedByB", (Scenario) TwoNodesIT::detach),
        Arguments.of("trustOtherUser_onA_refusedByB", (Scenario) TwoNodesIT::trustChange),
        Arguments.of(
            "externalIdRotated_onA_oldRefusedNewAcceptedByB", (Scenario) TwoNodesIT::rotation),
        Arguments.of("accessKeyDeactivated_onA_refusedByB", (Scenario) TwoNodesIT::deactivation));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("changes")
  void change_madeOnA_enforcedByBOnItsNextRequest(String name, Scenario scenario) {
    Check check = scenario.prepare(name.substring(0, name.indexOf('_')));

    ok(check.probeOnB().get());
    check.changeOnA().run();
    Programs.Result after = check.probeOnB().get();

    assertThat(after.exitCode()).as(after.out()).isNotZero();
    assertThat(after.err()).contains(check.refusal());
    check.acceptedAfter().ifPresent(accepted -> ok(accepted.get()));
  }

  /**
   * AWS's AWSRevokeOlderSessions, written at the change: every session issued before then is denied
   * everything.
   */
  private static Check revocation(String role) {
    return sessionLosesAccess(
        role,
        "with an explicit deny",
        () -> {
          // Issue times have whole seconds: the next second covers every session issued so far.
          Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
          String revoke =
              """
              {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["*"],
               "Resource":["*"],"Condition":{"DateLessThan":{"aws:TokenIssueTime":"%s"}}}]}"""
                  .formatted(now);
          return new String[] {
            "put-role-policy",
            "--role-name",
            role,
            "--policy-name",
            "AWSRevokeOlderSessions",
            "--policy-document",
            revoke
          };
        });
  }

  private static Check detach(String role) {
    String policyArn = "arn:aws:iam::" + OURS + ":policy/" + role;
    return sessionLosesAccess(
        role,
        "AccessDenied",
        () -> new String[] {"detach-role-policy", "--role-name", role, "--policy-arn", policyArn});
  }

  /**
   * A session of a new role, issued by A, whose iam:ListRoles on B is refused after {@code change}:
   * the arguments of an IAM call OUR root makes on A.
   */
  private static Check sessionLosesAccess(String role, String refusal, Supplier<String[]> change) {
    role(role, trust("builder", EXTERNAL_ID));
    Keys session = assumeOnA(role);
    return new Check(
        () -> aws(session.on(b), "iam", "list-roles"),
        () -> asOursOnA(change.get()),
        refusal,
        Optional.empty());
  }

  private static Check trustChange(String role) {
    role(role, trust("builder", EXTERNAL_ID));
    return new Check(
        () -> assume(builder, b, role, EXTERNAL_ID),
        () -> updateTrust(role, trust("builder2", EXTERNAL_ID)),
        "AccessDenied",
        Optional.of(() -> assume(builder2, b, role, EXTERNAL_ID)));
  }

  /** A rotation by policy: the trust policy is updated to accept the new id only. */
  private static Check rotation(String role) {
    role(role, trust("builder", EXTERNAL_ID));
    return new Check(
        () -> assume(builder, b, role, EXTERNAL_ID),
        () -> updateTrust(role, trust("builder", "rotated_key_build")),
        "AccessDenied",
        Optional.of(() -> assume(builder, b, role, "rotated_key_build")));
  }

  private static Check deactivation(String user) {
    Keys keys = createAccessKey(user);
    return new Check(
        () -> aws(keys.on(b), "sts", "get-caller-identity"),
        () ->
            ok(
                aws(
                    a.profile("build"),
                    "iam",
                    "update-access-key",
                    "--user-name",
                    user,
                    "--access-key-id",
                    keys.accessKeyId(),
                    "--status",
                    "Inactive")),
        "InvalidClientTokenId",
        Optional.empty());
  }

  static Stream<Arguments> auditReadings() {
    Function<List<String>, List<String>> newestFirstInOurs =
        ids ->
            List.of(
                ids.get(3) + " in " + OURS,
                ids.get(2) + " in " + OURS,
                ids.get(1) + " in " + OURS,
                ids.get(0) + " in " + OURS);
    return Stream.of(
        Arguments.of(
            "lookupEventsOnA_pagesOfOne_eachOnceNewestFirst",
            (Supplier<List<JsonNode>>) () -> events(lookup(a, "ours", "--page-size", "1")),
            newestFirstInOurs),
        Arguments.of(
            "lookupEventsOnB_pagesOfOne_eachOnceNewestFirst",
            (Supplier<List<JsonNode>>) () -> events(lookup(b, "ours", "--page-size", "1")),
            newestFirstInOurs),
        Arguments.of(
            "lookupEvents_firstPageOnAThenNextTokenOnB_eachOnceNewestFirst",
            (Supplier<List<JsonNode>>) TwoNodesIT::firstPageOnAThenRestOnB,
            newestFirstInOurs),
        Arguments.of(
            "crossroleAudit_bothAccounts_eachOnceOldestFirst",
            (Supplier<List<JsonNode>>) TwoNodesIT::crossroleAudit,
            (Function<List<String>, List<String>>)
                ids ->
                    List.of(
                        ids.get(0) + " in " + OURS,
                        ids.get(0) + " in " + BUILD,
                        ids.get(1) + " in " + OURS,
                        ids.get(2) + " in " + OURS,
                        ids.get(3) + " in " + OURS)));
  }

  /**
   * The interleaved requests read back from the trail: each request's event once per account it
   * belongs to, in time order, whichever node answered the request and whichever is read.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("auditReadings")
  void interleavedRequests_readBack_eachOnceInOrder(
      String name, Supplier<List<JsonNode>> read, Function<List<String>, List<String>> expected) {
    List<JsonNode> records = read.get();

    assertThat(records)
        .extracting(
            r -> r.get("requestID").asText() + " in " + r.get("recipientAccountId").asText())
        .containsExactlyElementsOf(expected.apply(audited));
    assertThat(records.stream().map(r -> r.get("eventID").asText()).distinct())
        .hasSameSizeAs(records);
  }

  @Test
  void crossAccountAssumeRole_readInEachAccountOnEitherNode_oneSharedEventId() {
    List<JsonNode> inOurs = events(lookup(a, "ours"));
    List<JsonNode> inBuild = events(lookup(b, "build"));

    JsonNode roleSide = inOurs.get(inOurs.size() - 1);
    assertThat(inBuild).hasSize(1);
    JsonNode callerSide = inBuild.get(0);
    assertThat(List.of(roleSide, callerSide))
        .allSatisfy(r -> assertThat(r.get("eventName").asText()).isEqualTo("AssumeRole"))
        .allSatisfy(r -> assertThat(r.get("requestID").asText()).isEqualTo(audited.get(0)));
    assertThat(roleSide.get("recipientAccountId").asText()).isEqualTo(OURS);
    assertThat(callerSide.get("recipientAccountId").asText()).isEqualTo(BUILD);
    assertThat(roleSide.get("eventID").asText()).isNotEqualTo(callerSide.get("eventID").asText());
    assertThat(roleSide.get("sharedEventID").asText())
        .isNotBlank()
        .isEqualTo(callerSide.get("sharedEventID").asText());
  }

  /**
   * {@code aws cloudtrail lookup-events} as the root of {@code account} on {@code node}: the events
   * of the audited user and session (LookupEvents' Username), so no other case's events and no
   * lookup's own.
   */
  private static JsonNode lookup(ServerProcess node, String account, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "cloudtrail",
                "lookup-events",
                "--lookup-attributes",
                "AttributeKey=Username,AttributeValue=" + AUDITED));
    args.addAll(List.of(more));
    return json(ok(aws(node.profile(account), args.toArray(String[]::new))));
  }

  /** Two events read on A, then the rest on B from where A's listing stopped. */
  private static List<JsonNode> firstPageOnAThenRestOnB() {
    JsonNode first = lookup(a, "ours", "--page-size", "1", "--max-items", "2");
    assertThat(first.path("NextToken").asText()).isNotBlank();
    JsonNode rest =
        lookup(b, "ours", "--page-size", "1", "--starting-token", first.get("NextToken").asText());
    List<JsonNode> all = new ArrayList<>(events(first));
    all.addAll(events(rest));
    return all;
  }

  /** {@code crossrole audit --json} on the nodes' database: the audited requests' records. */
  private static List<JsonNode> crossroleAudit() {
    Programs.Result printed =
        ok(
            programs.crossrole(
                schema.credentials(),
                "audit",
                "--db",
                schema.url(),
                "--since",
                auditedFrom.toString(),
                "--json"));
    List<JsonNode> records = new ArrayList<>();
    json(printed).get("Records").forEach(records::add);
    return records.stream().filter(r -> audited.contains(r.get("requestID").asText())).toList();
  }

  /** The CloudTrail records of a LookupEvents answer, in its order. */
  private static List<JsonNode> events(JsonNode lookedUp) {
    List<JsonNode> records = new ArrayList<>();
    for (JsonNode event : lookedUp.get("Events")) {
      try {
        records.add(JSON.readTree(event.get("CloudTrailEvent").asText()));
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + event, e);
      }
    }
    return records;
  }

  /**
   * {@code aws --debug ARGS}, adding the request id of the one response it got to {@code ids}. The
   * debug output shows credentials, so only its last line, the AWS CLI's own error if any, is kept.
   */
  private static Programs.Result traced(List<String> ids, Map<String, String> env, String... args) {
    Programs.Result debugged = aws(env, Programs.prefixed("--debug", args));
    Matcher m = REQUEST_ID.matcher(debugged.err());
    List<String> found = new ArrayList<>();
    while (m.find()) {
      found.add(m.group(1));
    }
    String[] lines = debugged.err().strip().split("\n");
    String last = lines[lines.length - 1];
    assertThat(found.stream().distinct()).as("request ids of %s: %s", args[1], last).hasSize(1);
    ids.add(found.get(0));
    return new Programs.Result(debugged.exitCode(), debugged.out(), last);
  }

  /** A BUILD user made on A, with an inline policy and a key. */
  private static Keys buildUser(String name, String policy) {
    ok(aws(a.profile("build"), "iam", "create-user", "--user-name", name));
    ok(
        aws(
            a.profile("build"),
            "iam",
            "put-user-policy",
            "--user-name",
            name,
            "--policy-name",
            "assume",
            "--policy-document",
            policy));
    return keys(aws(a.profile("build"), "iam", "create-access-key", "--user-name", name));
  }

  /** A BUILD user made on A with a key and no policy. */
  private static Keys createAccessKey(String name) {
    ok(aws(a.profile("build"), "iam", "create-user", "--user-name", name));
    return keys(aws(a.profile("build"), "iam", "create-access-key", "--user-name", name));
  }

  private static Keys keys(Programs.Result created) {
    JsonNode key = json(ok(created)).get("AccessKey");
    return new Keys(
        key.get("AccessKeyId").asText(), key.get("SecretAccessKey").asText(), Optional.empty());
  }

  /**
   * An OUR role made on A with {@code trust}, allowed iam:ListRoles by a managed policy of its own
   * name, attached.
   */
  private static void role(String name, String trust) {
    asOursOnA("create-role", "--role-name", name, "--assume-role-policy-document", trust);
    String arn =
        json(asOursOnA("create-policy", "--policy-name", name, "--policy-document", LIST_ROLES))
            .at("/Policy/Arn")
            .asText();
    asOursOnA("attach-role-policy", "--role-name", name, "--policy-arn", arn);
  }

  /** {@code aws iam ARGS} as OUR root on A, which must succeed. */
  private static Programs.Result asOursOnA(String... args) {
    return ok(aws(a.profile("ours"), Programs.prefixed("iam", args)));
  }

  private static String trust(String user, String externalId) {
    return """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
         "Principal":{"AWS":"arn:aws:iam::222222222222:user/%s"},"Action":"sts:AssumeRole",
         "Condition":{"StringEquals":{"sts:ExternalId":"%s"}}}]}"""
        .formatted(user, externalId);
  }

  private static void updateTrust(String role, String trust) {
    asOursOnA("update-assume-role-policy", "--role-name", role, "--policy-document", trust);
  }

  /** The builder's session of {@code role}, issued by A. */
  private static Keys assumeOnA(String role) {
    return sessionKeys(ok(assume(builder, a, role, EXTERNAL_ID)));
  }

  /** The session an AssumeRole answer issued. */
  private static Keys sessionKeys(Programs.Result assumed) {
    JsonNode credentials = json(assumed).get("Credentials");
    return new Keys(
        credentials.get("AccessKeyId").asText(),
        credentials.get("SecretAccessKey").asText(),
        Optional.of(credentials.get("SessionToken").asText()));
  }

  private static Programs.Result assume(
      Keys who, ServerProcess node, String role, String externalId) {
    return aws(
        who.on(node),
        "sts",
        "assume-role",
        "--role-arn",
        "arn:aws:iam::" + OURS + ":role/" + role,
        "--role-session-name",
        "two-nodes",
        "--external-id",
        externalId);
  }

  private static Programs.Result aws(Map<String, String> env, String... args) {
    return programs.aws(env, args);
  }

  private static Programs.Result ok(Programs.Result result) {
    assertThat(result.exitCode()).as(result.err()).isZero();
    return result;
  }

  private static JsonNode json(Programs.Result result) {
    try {
      return JSON.readTree(result.out());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + result.out(), e);
    }
  }
}
