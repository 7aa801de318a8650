package dev.crossrole.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crossrole.core.Account;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests no client library would send — signed correctly, so that they reach the services — get
 * AWS's error documents, never a 500, and change nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
  @RegisterExtension
  static final RunningServer server = RunningServer.of(new Account("ours", "111111111111"));

  private final HttpClient http = HttpClient.newHttpClient();
  private RootSignedPost signer;

  @BeforeAll
  void setUp() throws Exception {
    signer = new RootSignedPost(server.get(), server.data());
  }

  /** A POST signed with the account's root key for {@code service}. */
  private HttpResponse<String> signedPost(String service, String body) throws Exception {
    return signer.post(
        service, Map.of("content-type", "application/x-www-form-urlencoded; charset=utf-8"), body);
  }

  static Stream<Arguments> badRequests() {
    String policyVersion = "&Version=2010-05-08";
    return Stream.of(
        Arguments.of(
            "sts_unknownAction_invalidAction", "sts", "Action=Frobnicate", 400, "InvalidAction"),
        Arguments.of(
            "sts_noAction_missingParameter", "sts", "Version=2011-06-15", 400, "MissingParameter"),
        Arguments.of(
            "sts_badEscape_malformedQueryString", "sts", "Action=%zz", 400, "MalformedQueryString"),
        Arguments.of(
            "sts_assumeRoleWithoutArn_missingParameter",
            "sts",
            "Action=AssumeRole&RoleSessionName=s1",
            400,
            "MissingParameter"),
        Arguments.of(
            "sts_assumeRoleByRoot_accessDenied",
            "sts",
            "Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A111111111111%3Arole%2FR&RoleSessionName=s1"
                + "&DurationSeconds=soon",
            403,
            "AccessDenied"),
        Arguments.of(
            "iam_createUserBadName_validationError",
            "iam",
            "Action=CreateUser&UserName=bad%20name" + policyVersion,
            400,
            "ValidationError"),
        Arguments.of(
            "iam_createUserBadPath_validationError",
            "iam",
            "Action=CreateUser&UserName=ok&Path=nopath" + policyVersion,
            400,
            "ValidationError"),
        Arguments.of(
            "iam_putUserPolicyNotJson_malformedPolicyDocument",
            "iam",
            "Action=PutUserPolicy&UserName=x&PolicyName=p&PolicyDocument=%7Bnot" + policyVersion,
            400,
            "MalformedPolicyDocument"),
        Arguments.of(
            "iam_createRoleHugeMaxSession_validationError",
            "iam",
            "Action=CreateRole&RoleName=r&MaxSessionDuration=99999999999&AssumeRolePolicyDocument="
                + "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow"
                + "%22%2C%22Principal%22%3A%7B%22AWS%22%3A%22111111111111%22%7D%2C%22Action%22%3A%22sts"
                + "%3AAssumeRole%22%7D%5D%7D"
                + policyVersion,
            400,
            "ValidationError"),
        Arguments.of(
            "iam_getUserMissing_noSuchEntity",
            "iam",
            "Action=GetUser&UserName=nobody" + policyVersion,
            404,
            "NoSuchEntity"),
        Arguments.of(
            "iam_updateAccessKeyBadStatus_validationError",
            "iam",
            "Action=UpdateAccessKey&AccessKeyId=AKIAAAAAAAAAAAAAAAAA&Status=Maybe" + policyVersion,
            400,
            "ValidationError"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void post_badInput_awsError(String name, String service, String body, int status, String code)
      throws Exception {
    HttpResponse<String> response = signedPost(service, body);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.body())
        .startsWith("<ErrorResponse")
        .contains("<Code>" + code + "</Code>")
        .contains("<RequestId>");
  }

  @Test
  void post_unsigned_missingAuthenticationToken() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
                .POST(HttpRequest.BodyPublishers.ofString("Action=GetCallerIdentity"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("<Code>MissingAuthenticationToken</Code>");
  }

  @Test
  void post_oversizedBody_refusedWithoutA500() throws Exception {
    HttpResponse<String> response =
        signedPost("iam", "Action=CreateUser&UserName=" + "a".repeat(300 * 1024));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("<Code>RequestEntityTooLarge</Code>");
  }

  @Test
  void post_validRequestAfterBadOnes_stateUnchanged() throws Exception {
    signedPost("iam", "Action=CreateUser&UserName=bad%20name&Version=2010-05-08");

    HttpResponse<String> users = signedPost("iam", "Action=ListUsers&Version=2010-05-08");

    assertThat(users.statusCode()).isEqualTo(200);
    assertThat(users.body()).contains("<Users></Users>");
  }

  @Test
  void get_health_ok() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(server.endpoint() + "/health")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"status\":\"ok\"}");
  }
}
