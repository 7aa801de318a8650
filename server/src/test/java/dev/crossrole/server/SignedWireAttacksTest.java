package dev.crossrole.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossrole.core.Account;
import dev.crossrole.server.internal.sigv4.CredentialScope;
import dev.crossrole.server.internal.sigv4.RequestHeaders;
import dev.crossrole.server.internal.sigv4.SigV4;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests signed by hand over HTTP that try to make a valid signature say something else: sign for
 * another region so that the decision is taken on another ARN, leave X-Amz-Target out of the
 * signature or replay a request under another target, and reorder or re-encode a signed query so
 * that the handler reads other parameters. Each is refused with AWS's error and changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignedWireAttacksTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ECR = "AmazonEC2ContainerRegistry_V20150921.";
  private static final String JSON_TYPE = "application/x-amz-json-1.1";
  private static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";
  private static final String REGION = "us-east-1";

  @TempDir static Path data;
  private CrossroleServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private Keys root;
  private Keys builder;

  /** An access key and its secret. */
  record Keys(String id, String secret) {}

  @BeforeAll
  void setUp() throws Exception {
    server =
        CrossroleServer.start(
            ServerConfig.builder(data)
                .port(0)
                .region(REGION)
                .account(new Account("ours", "111111111111"))
                .build());
    String credentials = Files.readString(data.resolve("credentials"));
    root =
        new Keys(
            field(credentials, "aws_access_key_id = (\\S+)"),
            field(credentials, "aws_secret_access_key = (\\S+)"));
    ok(iam("CreateUser", "UserName", "builder"));
    ok(iam("CreateUser", "UserName", "alice"));
    ok(iam("CreateUser", "UserName", "bob"));
    ok(iam("CreateUser", "UserName", "x+y"));
    String policy =
        "{\"Version\":\"2012-10-17\",\"Statement\":["
            + "{\"Effect\":\"Allow\",\"Action\":\"ecr:*\",\"Resource\":\"*\"},"
            + "{\"Effect\":\"Deny\",\"Action\":\"ecr:DeleteRepository\","
            + "\"Resource\":\"arn:aws:ecr:us-east-1:111111111111:repository/prod\"}]}";
    ok(
        iam(
            "PutUserPolicy",
            "UserName",
            "builder",
            "PolicyName",
            "no-prod-deletes",
            "PolicyDocument",
            policy));
    String key = ok(iam("CreateAccessKey", "UserName", "builder")).body();
    builder =
        new Keys(
            field(key, "<AccessKeyId>([^<]+)</AccessKeyId>"),
            field(key, "<SecretAccessKey>([^<]+)</SecretAccessKey>"));
    ok(ecr(root, REGION, "CreateRepository", "{\"repositoryName\":\"prod\"}"));
  }

  @AfterAll
  void tearDown() {
    server.close();
  }

  // --- The signing region picks no ARN --------------------------------------------------------

  @Test
  void ecrDeleteRepository_signedForOtherRegion_signatureDoesNotMatchAndRepositoryKept()
      throws Exception {
    HttpResponse<String> r =
        ecr(builder, "eu-west-1", "DeleteRepository", "{\"repositoryName\":\"prod\"}");

    assertJsonError(
        r,
        403,
        "InvalidSignatureException",
        "Credential should be scoped to a valid region, not 'eu-west-1'. ");
    assertThat(repositoryNames()).contains("prod");
  }

  @Test
  void ecrDeleteRepository_signedForServerRegion_deniedByPolicyOnItsArn() throws Exception {
    HttpResponse<String> r =
        ecr(builder, REGION, "DeleteRepository", "{\"repositoryName\":\"prod\"}");

    assertJsonError(
        r,
        400,
        "AccessDeniedException",
        "on resource: arn:aws:ecr:us-east-1:111111111111:repository/prod");
    assertThat(repositoryNames()).contains("prod");
  }

  @Test
  void ecrTagResource_arnOfOtherRegion_repositoryNotFoundAndNothingTagged() throws Exception {
    HttpResponse<String> r =
        ecr(
            builder,
            REGION,
            "TagResource",
            "{\"resourceArn\":\"arn:aws:ecr:eu-west-1:111111111111:repository/prod\","
                + "\"tags\":[{\"Key\":\"k\",\"Value\":\"v\"}]}");

    assertJsonError(r, 400, "RepositoryNotFoundException", "'prod'");
    JsonNode tags =
        JSON.readTree(
            ok(ecr(
                    root,
                    REGION,
                    "ListTagsForResource",
                    "{\"resourceArn\":\"arn:aws:ecr:us-east-1:111111111111:repository/prod\"}"))
                .body());
    assertThat(tags.get("tags")).isEmpty();
  }

  @Test
  void sts_signedForOtherRegion_signatureDoesNotMatch() throws Exception {
    HttpResponse<String> sts =
        send(
            root,
            "POST",
            "eu-west-1",
            "sts",
            "",
            Map.of("content-type", FORM),
            "Action=GetCallerIdentity&Version=2011-06-15");

    assertThat(sts.statusCode()).as(sts.body()).isEqualTo(403);
    assertThat(sts.body())
        .contains("<Code>SignatureDoesNotMatch</Code>")
        .contains("Credential should be scoped to a valid region, not &apos;eu-west-1&apos;. ");
  }

  // --- X-Amz-Target is signed -------------------------------------------------------------------

  @Test
  void ecr_targetNotSigned_signatureDoesNotMatch() throws Exception {
    Signed signed =
        sign(
            builder,
            "POST",
            REGION,
            "ecr",
            "",
            Map.of("content-type", JSON_TYPE),
            "{}",
            canonicalQuery(""));

    HttpResponse<String> r =
        send(signed.with("x-amz-target", ECR + "GetAuthorizationToken"), "", "{}");

    assertJsonError(
        r,
        403,
        "InvalidSignatureException",
        "'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.");
  }

  @Test
  void ecr_signedTargetReplayedAsAnother_signatureDoesNotMatch() throws Exception {
    Signed signed =
        sign(
            builder,
            "POST",
            REGION,
            "ecr",
            "",
            Map.of("content-type", JSON_TYPE, "x-amz-target", ECR + "DescribeRepositories"),
            "{}",
            canonicalQuery(""));
    assertThat(send(signed, "", "{}").statusCode()).isEqualTo(200);

    HttpResponse<String> r =
        send(signed.with("x-amz-target", ECR + "GetAuthorizationToken"), "", "{}");

    assertJsonError(r, 403, "InvalidSignatureException", "The request signature we calculated");
    assertThat(r.body()).doesNotContain("authorizationToken");
  }

  @Test
  void ecr_scopedToIam_signatureDoesNotMatchNamingEcr() throws Exception {
    HttpResponse<String> r =
        send(
            builder,
            "POST",
            REGION,
            "iam",
            "",
            Map.of("content-type", JSON_TYPE, "x-amz-target", ECR + "GetAuthorizationToken"),
            "{}");

    assertJsonError(
        r,
        403,
        "InvalidSignatureException",
        "Credential should be scoped to correct service: 'ecr'. ");
  }

  @Test
  void query_scopedToEcr_signatureDoesNotMatchNamingQueryServices() throws Exception {
    HttpResponse<String> r =
        send(
            root,
            "POST",
            REGION,
            "ecr",
            "",
            Map.of("content-type", FORM),
            "Action=ListUsers&Version=2010-05-08");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    assertThat(r.body())
        .contains("<Code>SignatureDoesNotMatch</Code>")
        .contains("Credential should be scoped to correct service: &apos;iam&apos; or &apos;sts");
  }

  // --- One reading of the query -----------------------------------------------------------------

  @Test
  void query_nameTwice_refusedInEitherOrder() throws Exception {
    String signedOrder = "Action=GetUser&UserName=alice&UserName=bob&Version=2010-05-08";
    String replayOrder = "Action=GetUser&UserName=bob&UserName=alice&Version=2010-05-08";
    Signed signed =
        sign(root, "GET", REGION, "iam", signedOrder, Map.of(), "", canonicalQuery(signedOrder));

    for (String query : List.of(signedOrder, replayOrder)) {
      HttpResponse<String> r = send(signed, query, "");

      assertThat(r.statusCode()).as(query + "\n" + r.body()).isEqualTo(400);
      assertThat(r.body())
          .contains("<Code>MalformedQueryString</Code>")
          .contains("The parameter UserName is given more than once.")
          .doesNotContain("<UserName>");
    }
  }

  @Test
  void query_oneName_readAsSigned() throws Exception {
    String query = "Action=GetUser&UserName=alice&Version=2010-05-08";

    HttpResponse<String> r = send(root, "GET", REGION, "iam", query, Map.of(), "");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("<UserName>alice</UserName>");
  }

  @Test
  void query_plus_isPlusForSignatureAndHandler() throws Exception {
    String query = "Action=GetUser&UserName=x+y&Version=2010-05-08";

    HttpResponse<String> r = send(root, "GET", REGION, "iam", query, Map.of(), "");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("<UserName>x+y</UserName>");
  }

  @Test
  void query_plusSignedAsSpace_signatureDoesNotMatch() throws Exception {
    String query = "Action=GetUser&UserName=x+y&Version=2010-05-08";
    Signed signed =
        sign(
            root,
            "GET",
            REGION,
            "iam",
            query,
            Map.of(),
            "",
            canonicalQuery("Action=GetUser&UserName=x%20y&Version=2010-05-08"));

    HttpResponse<String> r = send(signed, query, "");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    assertThat(r.body()).contains("<Code>SignatureDoesNotMatch</Code>");
  }

  // ---------------------------------------------------------------------------------------------

  /** The method and the headers to send, the Authorization among them. */
  record Signed(String method, Map<String, String> headers) {
    Signed with(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(headers);
      more.put(name, value);
      return new Signed(method, more);
    }
  }

  private static String canonicalQuery(String rawQuery) {
    return SigV4.canonicalQueryString(rawQuery, false);
  }

  /**
   * Signs with {@code keys} for {@code region}/{@code service}: {@code host}, {@code x-amz-date}
   * and {@code headers}, over {@code canonicalQuery} (what the client believes the query is).
   */
  private Signed sign(
      Keys keys,
      String method,
      String region,
      String service,
      String rawQuery,
      Map<String, String> headers,
      String body,
      String canonicalQuery) {
    URI uri = URI.create(server.endpoint() + "/");
    String amzDate = SigV4.amzDate(Instant.now());
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put("host", uri.getHost() + ":" + uri.getPort());
    all.put("x-amz-date", amzDate);
    RequestHeaders.Builder canonicalHeaders = RequestHeaders.builder();
    all.forEach(canonicalHeaders::add);
    List<String> signed = new ArrayList<>(all.keySet());
    signed.sort(null);
    CredentialScope scope = new CredentialScope(amzDate.substring(0, 8), region, service);
    String canonical =
        SigV4.canonicalRequest(
            method,
            "/",
            canonicalQuery,
            SigV4.canonicalHeaders(canonicalHeaders.build(), signed),
            String.join(";", signed),
            SigV4.sha256Hex(body.getBytes(StandardCharsets.UTF_8)));
    String signature =
        SigV4.signature(
            SigV4.signingKey(keys.secret().getBytes(StandardCharsets.UTF_8), scope),
            SigV4.stringToSign(amzDate, scope, canonical));
    all.remove("host");
    all.put(
        "authorization",
        SigV4.ALGORITHM
            + " Credential="
            + keys.id()
            + "/"
            + scope.value()
            + ", SignedHeaders="
            + String.join(";", signed)
            + ", Signature="
            + signature);
    return new Signed(method, all);
  }

  private HttpResponse<String> send(Signed signed, String rawQuery, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
            URI.create(server.endpoint() + "/" + (rawQuery.isEmpty() ? "" : "?" + rawQuery)));
    signed.headers().forEach(request::header);
    HttpRequest built =
        request.method(signed.method(), HttpRequest.BodyPublishers.ofString(body)).build();
    return http.send(built, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> send(
      Keys keys,
      String method,
      String region,
      String service,
      String rawQuery,
      Map<String, String> headers,
      String body)
      throws IOException, InterruptedException {
    return send(
        sign(keys, method, region, service, rawQuery, headers, body, canonicalQuery(rawQuery)),
        rawQuery,
        body);
  }

  private HttpResponse<String> iam(String action, String... nameValues)
      throws IOException, InterruptedException {
    StringBuilder body = new StringBuilder("Action=" + action + "&Version=2010-05-08");
    for (int i = 0; i < nameValues.length; i += 2) {
      body.append('&')
          .append(nameValues[i])
          .append('=')
          .append(URLEncoder.encode(nameValues[i + 1], StandardCharsets.UTF_8));
    }
    return send(root, "POST", REGION, "iam", "", Map.of("content-type", FORM), body.toString());
  }

  private HttpResponse<String> ecr(Keys keys, String region, String operation, String body)
      throws IOException, InterruptedException {
    return send(
        keys,
        "POST",
        region,
        "ecr",
        "",
        Map.of("content-type", JSON_TYPE, "x-amz-target", ECR + operation),
        body);
  }

  private List<String> repositoryNames() throws Exception {
    JsonNode listed = JSON.readTree(ok(ecr(root, REGION, "DescribeRepositories", "{}")).body());
    return listed.get("repositories").findValuesAsText("repositoryName");
  }

  private static HttpResponse<String> ok(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r;
  }

  private static void assertJsonError(
      HttpResponse<String> r, int status, String type, String messagePart) throws IOException {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode error = JSON.readTree(r.body());
    assertThat(error.get("__type").asText()).isEqualTo(type);
    assertThat(error.get("message").asText()).contains(messagePart);
  }

  private static String field(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as(regex).isTrue();
    return m.group(1);
  }
}
