package dev.crossrole.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * JSON 1.1 requests no client library would send to ECR — signed correctly, so that they reach the
 * service — get ECR's error documents ({@code __type}, {@code message}, {@code x-amzn-ErrorType}),
 * never a 500, and change nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EcrBadInputTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "AmazonEC2ContainerRegistry_V20150921.";

  @RegisterExtension
  static final RunningServer server = RunningServer.of(new Account("ours", "111111111111"));

  private final HttpClient http = HttpClient.newHttpClient();
  private RootSignedPost signer;

  @BeforeAll
  void setUp() throws Exception {
    signer = new RootSignedPost(server.get(), server.data());
    // The one repository that exists, for requests that reach its policy or images.
    HttpResponse<String> held =
        post("ecr", PREFIX + "CreateRepository", "{\"repositoryName\":\"held\"}");
    assertThat(held.statusCode()).as(held.body()).isEqualTo(200);
  }

  /** A JSON 1.1 POST signed with the account's root key for {@code service}. */
  private HttpResponse<String> post(String service, String target, String body) throws Exception {
    return signer.post(
        service,
        Map.of("content-type", "application/x-amz-json-1.1", "x-amz-target", target),
        body);
  }

  static Stream<Arguments> badRequests() {
    String create = PREFIX + "CreateRepository";
    return Stream.of(
        Arguments.of(
            "malformedJson", "ecr", create, "{\"repositoryName\":", "SerializationException", ""),
        Arguments.of("topLevelArray", "ecr", create, "[]", "SerializationException", ""),
        Arguments.of(
            "notJsonAtAll", "ecr", create, "Action=CreateRepository", "SerializationException", ""),
        Arguments.of(
            "unknownOperation",
            "ecr",
            PREFIX + "LaunchRockets",
            "{}",
            "UnknownOperationException",
            ""),
        Arguments.of(
            "wrongTargetPrefix",
            "ecr",
            "AmazonEC2ContainerRegistry.CreateRepository",
            "{}",
            "UnknownOperationException",
            ""),
        Arguments.of(
            "targetWithoutOperation",
            "ecr",
            "AmazonEC2ContainerRegistry_V20150921",
            "{}",
            "UnknownOperationException",
            ""),
        Arguments.of(
            "nameMissing",
            "ecr",
            create,
            "{}",
            "InvalidParameterException",
            "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'Member must not"
                + " be null'"),
        Arguments.of(
            "nameOneCharacter",
            "ecr",
            create,
            "{\"repositoryName\":\"a\"}",
            "InvalidParameterException",
            "must have length greater than or equal to 2"),
        Arguments.of(
            "nameUpperCase",
            "ecr",
            create,
            "{\"repositoryName\":\"App\"}",
            "InvalidParameterException",
            "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy"
                + " regular expression"),
        Arguments.of(
            "nameNumber",
            "ecr",
            create,
            "{\"repositoryName\":42}",
            "InvalidParameterException",
            "'must be a string'"),
        Arguments.of(
            "tagsNotAList",
            "ecr",
            create,
            "{\"repositoryName\":\"app\",\"tags\":\"team=platform\"}",
            "InvalidParameterException",
            "'must be a list'"),
        Arguments.of(
            "mutabilityUnknown",
            "ecr",
            create,
            "{\"repositoryName\":\"app\",\"imageTagMutability\":\"SOMETIMES\"}",
            "InvalidParameterException",
            "imageTagMutability"),
        Arguments.of(
            "encryptionUnknown",
            "ecr",
            create,
            "{\"repositoryName\":\"app\",\"encryptionConfiguration\":{\"encryptionType\":\"ROT13\"}}",
            "InvalidParameterException",
            "encryptionType"),
        Arguments.of(
            "kmsKeyTooLong",
            "ecr",
            create,
            "{\"repositoryName\":\"app\",\"encryptionConfiguration\":{\"encryptionType\":"
                + "\"KMS\",\"kmsKey\":\""
                + "k".repeat(3000)
                + "\"}}",
            "InvalidParameterException",
            "kmsKey"),
        Arguments.of(
            "tagValueTooLong",
            "ecr",
            create,
            "{\"repositoryName\":\"app\",\"tags\":[{\"Key\":\"k\",\"Value\":\""
                + "v".repeat(300)
                + "\"}]}",
            "InvalidTagParameterException",
            "tags"),
        Arguments.of(
            "registryIdNotAnAccount",
            "ecr",
            create,
            "{\"repositoryName\":\"app\",\"registryId\":\"12\"}",
            "InvalidParameterException",
            "registryId"),
        Arguments.of(
            "maxResultsString",
            "ecr",
            PREFIX + "DescribeRepositories",
            "{\"maxResults\":\"ten\"}",
            "InvalidParameterException",
            "'must be an integer'"),
        Arguments.of(
            "maxResultsZero",
            "ecr",
            PREFIX + "DescribeRepositories",
            "{\"maxResults\":0}",
            "InvalidParameterException",
            "'must be between 1 and 1000, inclusive'"),
        Arguments.of(
            "nextTokenForged",
            "ecr",
            PREFIX + "DescribeRepositories",
            "{\"nextToken\":\"!!!\"}",
            "InvalidParameterException",
            "nextToken"),
        Arguments.of(
            "forceNotBoolean",
            "ecr",
            PREFIX + "DeleteRepository",
            "{\"repositoryName\":\"app\",\"force\":\"yes\"}",
            "InvalidParameterException",
            "'must be a boolean'"),
        Arguments.of(
            "policyOfMissingRepository",
            "ecr",
            PREFIX + "SetRepositoryPolicy",
            "{\"repositoryName\":\"missing\",\"policyText\":\"{}\"}",
            "RepositoryNotFoundException",
            "The repository with name 'missing' does not exist in the registry with id"
                + " '111111111111'"),
        Arguments.of(
            "imageIdsEmpty",
            "ecr",
            PREFIX + "BatchGetImage",
            "{\"repositoryName\":\"app\",\"imageIds\":[]}",
            "InvalidParameterException",
            "imageIds"),
        Arguments.of(
            "policyNotJson",
            "ecr",
            PREFIX + "SetRepositoryPolicy",
            "{\"repositoryName\":\"held\",\"policyText\":\"{not json\"}",
            "InvalidParameterException",
            "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository"
                + " policy provided: Syntax errors in policy.'"),
        Arguments.of(
            "policyWithoutStatement",
            "ecr",
            PREFIX + "SetRepositoryPolicy",
            "{\"repositoryName\":\"held\",\"policyText\":\"{\\\"Version\\\":"
                + "\\\"2012-10-17\\\"}\"}",
            "InvalidParameterException",
            "Invalid repository policy provided"),
        Arguments.of(
            "policyTextNumber",
            "ecr",
            PREFIX + "SetRepositoryPolicy",
            "{\"repositoryName\":\"held\",\"policyText\":42}",
            "InvalidParameterException",
            "'must be a string'"),
        Arguments.of(
            "policyTextMissing",
            "ecr",
            PREFIX + "SetRepositoryPolicy",
            "{\"repositoryName\":\"held\"}",
            "InvalidParameterException",
            "policyText"),
        Arguments.of(
            "imagesOfInvalidName",
            "ecr",
            PREFIX + "DescribeImages",
            "{\"repositoryName\":\"Held/Images\"}",
            "InvalidParameterException",
            "Invalid parameter at 'repositoryName' failed to satisfy constraint"),
        Arguments.of(
            "tagStatusUnknown",
            "ecr",
            PREFIX + "ListImages",
            "{\"repositoryName\":\"held\",\"filter\":{\"tagStatus\":\"SOME\"}}",
            "InvalidParameterException",
            "tagStatus"),
        Arguments.of(
            "listImagesNextTokenForged",
            "ecr",
            PREFIX + "ListImages",
            "{\"repositoryName\":\"held\",\"nextToken\":\"!!!\"}",
            "InvalidParameterException",
            "nextToken"),
        Arguments.of(
            "deleteImageIdsNotAList",
            "ecr",
            PREFIX + "BatchDeleteImage",
            "{\"repositoryName\":\"held\",\"imageIds\":\"sha256:aa\"}",
            "InvalidParameterException",
            "imageIds"),
        Arguments.of(
            "putImageManifestMissing",
            "ecr",
            PREFIX + "PutImage",
            "{\"repositoryName\":\"held\"}",
            "InvalidParameterException",
            "imageManifest"),
        Arguments.of(
            "putImageTagInvalid",
            "ecr",
            PREFIX + "PutImage",
            "{\"repositoryName\":\"held\",\"imageManifest\":\"{}\",\"imageTag\":\"bad tag!\"}",
            "InvalidParameterException",
            "imageTag"),
        Arguments.of(
            "tagResourceBadArn",
            "ecr",
            PREFIX + "TagResource",
            "{\"resourceArn\":\"arn:aws:s3:::bucket\",\"tags\":[]}",
            "InvalidParameterException",
            "resourceArn"),
        // Java matches the name pattern's repeated groups by recursion: a name of 60,000 parts
        // would overflow the stack if it were matched before its length is checked.
        Arguments.of(
            "tagResourceArnNameOfManyParts",
            "ecr",
            PREFIX + "TagResource",
            "{\"resourceArn\":\"arn:aws:ecr:us-east-1:111111111111:repository/"
                + "a.".repeat(60_000)
                + "a\",\"tags\":[]}",
            "InvalidParameterException",
            "resourceArn"));
  }

  @Test
  void batchGetImage_digestOfManyParts_invalidImageDigestFailure() throws Exception {
    String digest = "a.".repeat(60_000) + "a:ab";
    HttpResponse<String> r =
        post(
            "ecr",
            PREFIX + "BatchGetImage",
            "{\"repositoryName\":\"held\",\"imageIds\":[{\"imageDigest\":\"" + digest + "\"}]}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode failure = JSON.readTree(r.body()).path("failures").path(0);
    assertThat(failure.path("failureCode").asText()).isEqualTo("InvalidImageDigest");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void post_badInput_ecrError(
      String name, String service, String target, String body, String code, String message)
      throws Exception {
    HttpResponse<String> r = post(service, target, body);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.headers().firstValue("x-amzn-ErrorType")).contains(code);
    assertThat(r.headers().firstValue("content-type").orElseThrow())
        .startsWith("application/x-amz-json-1.1");
    JsonNode error = JSON.readTree(r.body());
    assertThat(error.get("__type").asText()).isEqualTo(code);
    assertThat(error.get("message").asText()).contains(message);
  }

  @Test
  void post_unsignedJson_missingAuthenticationTokenException() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
            .header("content-type", "application/x-amz-json-1.1")
            .header("x-amz-target", PREFIX + "DescribeRepositories")
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build();

    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(r.body()).get("__type").asText())
        .isEqualTo("MissingAuthenticationTokenException");
  }

  @Test
  void post_badInputThenValid_nothingCreated() throws Exception {
    post("ecr", PREFIX + "CreateRepository", "{\"repositoryName\":\"Bad\"}");

    HttpResponse<String> r = post("ecr", PREFIX + "DescribeRepositories", "{}");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("repositories").findValuesAsText("repositoryName"))
        .containsExactly("held");
  }
}
