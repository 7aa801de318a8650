package dev.crossrole.server.internal.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossrole.core.Account;
import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.crypto.KeyRing;
import dev.crossrole.core.crypto.SessionTokenCodec;
import dev.crossrole.core.crypto.TokenKey;
import dev.crossrole.policy.Principal;
import dev.crossrole.server.Services;
import dev.crossrole.server.internal.authz.DecisionCount;
import dev.crossrole.server.internal.json.JsonCall;
import dev.crossrole.server.internal.registry.RegistryImages;
import dev.crossrole.server.internal.request.AwsException;
import dev.crossrole.server.internal.request.Caller;
import dev.crossrole.store.JdbcIdentityStore;
import dev.crossrole.store.StoreConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ECR's image calls mapped onto a registry's images, against a small in-memory registry: what
 * PutImage stores, what DescribeImages, ListImages and BatchGetImage read back, what
 * BatchDeleteImage and DeleteRepository remove, and ECR's errors on the way.
 */
class EcrImagesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OURS = "111111111111";
  private static final String MANIFEST =
      "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
          + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
          + "\"digest\":\"sha256:aa\",\"size\":10},\"layers\":[]}";
  private static final String OTHER_MANIFEST = MANIFEST.replace("\"size\":10", "\"size\":11");

  /** A registry in memory: per repository, its manifests by digest, newest last. */
  static final class MemoryRegistry implements RegistryImages {
    record Stored(String mediaType, byte[] body, List<String> tags, Instant pushedAt) {}

    final Map<String, LinkedHashMap<String, Stored>> repositories = new LinkedHashMap<>();

    private LinkedHashMap<String, Stored> of(String repository) {
      return repositories.computeIfAbsent(repository, r -> new LinkedHashMap<>());
    }

    @Override
    public List<Image> images(String repository) {
      List<Image> out = new ArrayList<>();
      of(repository)
          .forEach(
              (digest, s) ->
                  out.add(
                      0,
                      new Image(
                          digest,
                          List.copyOf(s.tags()),
                          s.body().length,
                          s.mediaType(),
                          Optional.empty(),
                          Optional.of(s.pushedAt()))));
      return out;
    }

    @Override
    public Optional<Manifest> manifest(String repository, String reference) {
      for (Map.Entry<String, Stored> e : of(repository).entrySet()) {
        if (e.getKey().equals(reference) || e.getValue().tags().contains(reference)) {
          return Optional.of(
              new Manifest(e.getKey(), e.getValue().mediaType(), e.getValue().body()));
        }
      }
      return Optional.empty();
    }

    @Override
    public String putManifest(
        String repository, Optional<String> tag, String mediaType, byte[] body) {
      String digest = "sha256:" + sha256(body);
      tag.ifPresent(t -> of(repository).values().forEach(s -> s.tags().remove(t)));
      Stored s =
          of(repository)
              .computeIfAbsent(
                  digest,
                  d ->
                      new Stored(
                          mediaType,
                          body,
                          new ArrayList<>(),
                          Instant.parse("2026-01-01T00:00:00Z")));
      tag.ifPresent(s.tags()::add);
      return digest;
    }

    @Override
    public void deleteManifest(String repository, String digest) {
      of(repository).remove(digest);
    }

    @Override
    public void deleteRepository(String repository) {
      repositories.remove(repository);
    }
  }

  @TempDir Path data;
  private IdentityStore store;
  private MemoryRegistry registry;
  private EcrService ecr;
  private EcrService withoutRegistry;

  @BeforeEach
  void setUp() {
    store = JdbcIdentityStore.open(StoreConfig.embedded(data));
    store.createAccount(new Account("ours", OURS));
    registry = new MemoryRegistry();
    SessionTokenCodec tokens =
        new SessionTokenCodec(KeyRing.of(TokenKey.generate(Instant.now().minusSeconds(60))));
    ecr = ecr(tokens, Optional.of(registry));
    withoutRegistry = ecr(tokens, Optional.empty());
    call(ecr, "CreateRepository", "{\"repositoryName\":\"ourthing/app\"}");
  }

  private EcrService ecr(SessionTokenCodec tokens, Optional<RegistryImages> images) {
    return (EcrService)
        Services.json(
                store,
                tokens,
                Optional.of(URI.create("http://127.0.0.1:5000")),
                images,
                java.time.Clock.systemUTC(),
                "us-east-1",
                DecisionCount.none())
            .get("ecr");
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  private static JsonNode call(EcrService service, String operation, String input) {
    try {
      Caller root =
          Caller.longTerm(Principal.parse("arn:aws:iam::111111111111:root"), OURS, "AKIAROOT");
      return service.handle(
          new JsonCall(
              root,
              operation,
              (ObjectNode) JSON.readTree(input),
              UUID.randomUUID().toString(),
              Instant.now(),
              "127.0.0.1",
              "us-east-1",
              false));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private JsonNode call(String operation, String input) {
    return call(ecr, operation, input);
  }

  private static String put(String tag, String manifest) {
    ObjectNode in = JSON.createObjectNode();
    in.put("repositoryName", "ourthing/app");
    in.put("imageManifest", manifest);
    if (!tag.isEmpty()) {
      in.put("imageTag", tag);
    }
    return in.toString();
  }

  private static String digestOf(String manifest) {
    return "sha256:" + sha256(manifest.getBytes(StandardCharsets.UTF_8));
  }

  private static String sha256(byte[] body) {
    try {
      return HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private void assertError(
      EcrService service, String operation, String input, String code, String message) {
    assertThatThrownBy(() -> call(service, operation, input))
        .isInstanceOfSatisfying(
            AwsException.class,
            e -> {
              assertThat(e.error().code()).isEqualTo(code);
              assertThat(e.getMessage()).contains(message);
              assertThat(e.error().status()).isEqualTo(400);
            });
  }

  @Test
  void putImage_newTag_imageWithDigestAndMediaTypeOfTheManifest() {
    JsonNode image = call("PutImage", put("1", MANIFEST)).get("image");

    assertThat(image.at("/imageId/imageDigest").asText()).isEqualTo(digestOf(MANIFEST));
    assertThat(image.at("/imageId/imageTag").asText()).isEqualTo("1");
    assertThat(image.get("imageManifest").asText()).isEqualTo(MANIFEST);
    assertThat(image.get("imageManifestMediaType").asText())
        .isEqualTo("application/vnd.oci.image.manifest.v1+json");
    assertThat(registry.manifest(OURS + "/ourthing/app", "1")).isPresent();
  }

  @Test
  void describeImages_afterPut_detailsWithDigestTagsSizeAndPushTime() {
    call("PutImage", put("1", MANIFEST));

    JsonNode detail =
        call("DescribeImages", "{\"repositoryName\":\"ourthing/app\"}").at("/imageDetails/0");

    assertThat(detail.get("registryId").asText()).isEqualTo(OURS);
    assertThat(detail.get("repositoryName").asText()).isEqualTo("ourthing/app");
    assertThat(detail.get("imageDigest").asText()).isEqualTo(digestOf(MANIFEST));
    assertThat(detail.get("imageTags").toString()).isEqualTo("[\"1\"]");
    assertThat(detail.get("imageSizeInBytes").asLong()).isEqualTo(MANIFEST.length());
    assertThat(detail.get("imagePushedAt").decimalValue().longValue())
        .isEqualTo(Instant.parse("2026-01-01T00:00:00Z").getEpochSecond());
  }

  @Test
  void describeImages_maxResultsOne_nextTokenLeadsToTheRest() {
    call("PutImage", put("1", MANIFEST));
    call("PutImage", put("2", OTHER_MANIFEST));

    JsonNode first =
        call("DescribeImages", "{\"repositoryName\":\"ourthing/app\",\"maxResults\":1}");
    JsonNode second =
        call(
            "DescribeImages",
            "{\"repositoryName\":\"ourthing/app\",\"maxResults\":1,\"nextToken\":\""
                + first.get("nextToken").asText()
                + "\"}");

    assertThat(first.get("imageDetails")).hasSize(1);
    assertThat(second.get("imageDetails")).hasSize(1);
    assertThat(second.has("nextToken")).isFalse();
    assertThat(
            List.of(
                first.at("/imageDetails/0/imageTags/0").asText(),
                second.at("/imageDetails/0/imageTags/0").asText()))
        .containsExactlyInAnyOrder("1", "2");
  }

  @Test
  void describeImages_missingImageId_imageNotFound() {
    assertError(
        ecr,
        "DescribeImages",
        "{\"repositoryName\":\"ourthing/app\",\"imageIds\":[{\"imageTag\":\"nope\"}]}",
        "ImageNotFoundException",
        "The image with imageId {imageDigest:'null', imageTag:'nope'} does not exist within the"
            + " repository with name 'ourthing/app' in the registry with id '111111111111'");
  }

  @Test
  void listImages_tagStatusFilters_taggedAndUntaggedApart() {
    call("PutImage", put("1", MANIFEST));
    call("PutImage", put("", OTHER_MANIFEST));

    JsonNode all = call("ListImages", "{\"repositoryName\":\"ourthing/app\"}");
    JsonNode tagged =
        call(
            "ListImages",
            "{\"repositoryName\":\"ourthing/app\",\"filter\":{\"tagStatus\":\"TAGGED\"}}");
    JsonNode untagged =
        call(
            "ListImages",
            "{\"repositoryName\":\"ourthing/app\",\"filter\":{\"tagStatus\":\"UNTAGGED\"}}");

    assertThat(all.get("imageIds")).hasSize(2);
    assertThat(tagged.get("imageIds").toString())
        .isEqualTo("[{\"imageDigest\":\"" + digestOf(MANIFEST) + "\",\"imageTag\":\"1\"}]");
    assertThat(untagged.get("imageIds").toString())
        .isEqualTo("[{\"imageDigest\":\"" + digestOf(OTHER_MANIFEST) + "\"}]");
  }

  @Test
  void putImage_sameManifestAndTagAgain_imageAlreadyExists() {
    call("PutImage", put("1", MANIFEST));

    assertError(
        ecr,
        "PutImage",
        put("1", MANIFEST),
        "ImageAlreadyExistsException",
        "Image with digest '" + digestOf(MANIFEST) + "' and tag '1' already exists");
  }

  @Test
  void putImage_immutableRepositoryTagTaken_imageTagAlreadyExists() {
    call("CreateRepository", "{\"repositoryName\":\"fixed\",\"imageTagMutability\":\"IMMUTABLE\"}");
    call("PutImage", put("1", MANIFEST).replace("ourthing/app", "fixed"));

    assertError(
        ecr,
        "PutImage",
        put("1", OTHER_MANIFEST).replace("ourthing/app", "fixed"),
        "ImageTagAlreadyExistsException",
        "The image tag '1' already exists in the 'fixed' repository and cannot be overwritten"
            + " because the repository is immutable.");
  }

  @Test
  void putImage_mutableRepositoryTagTaken_tagMovesToTheNewImage() {
    call("PutImage", put("1", MANIFEST));

    call("PutImage", put("1", OTHER_MANIFEST));

    assertThat(registry.manifest(OURS + "/ourthing/app", "1").orElseThrow().digest())
        .isEqualTo(digestOf(OTHER_MANIFEST));
  }

  @Test
  void putImage_digestNotOfTheManifest_imageDigestDoesNotMatch() {
    ObjectNode in = (ObjectNode) readTree(put("1", MANIFEST));
    in.put("imageDigest", "sha256:" + "0".repeat(64));

    assertError(
        ecr,
        "PutImage",
        in.toString(),
        "ImageDigestDoesNotMatchException",
        "does not match the digest '" + digestOf(MANIFEST) + "'");
  }

  private static JsonNode readTree(String s) {
    try {
      return JSON.readTree(s);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void batchGetImage_foundAndMissing_imagesAndFailures() {
    call("PutImage", put("1", MANIFEST));

    JsonNode got =
        call(
            "BatchGetImage",
            "{\"repositoryName\":\"ourthing/app\",\"imageIds\":[{\"imageTag\":\"1\"},"
                + "{\"imageTag\":\"2\"},{}]}");

    assertThat(got.at("/images/0/imageManifest").asText()).isEqualTo(MANIFEST);
    assertThat(got.at("/images/0/imageId/imageDigest").asText()).isEqualTo(digestOf(MANIFEST));
    assertThat(got.get("failures").findValuesAsText("failureCode"))
        .containsExactly("ImageNotFound", "MissingDigestAndTag");
  }

  @Test
  void batchDeleteImage_byDigest_deletedWithItsTagsAndGone() {
    call("PutImage", put("1", MANIFEST));

    JsonNode deleted =
        call(
            "BatchDeleteImage",
            "{\"repositoryName\":\"ourthing/app\",\"imageIds\":[{\"imageDigest\":\""
                + digestOf(MANIFEST)
                + "\"},{\"imageTag\":\"gone\"}]}");

    assertThat(deleted.get("imageIds").toString())
        .isEqualTo("[{\"imageDigest\":\"" + digestOf(MANIFEST) + "\",\"imageTag\":\"1\"}]");
    assertThat(deleted.at("/failures/0/failureCode").asText()).isEqualTo("ImageNotFound");
    assertThat(registry.images(OURS + "/ourthing/app")).isEmpty();
  }

  @Test
  void deleteRepository_withImagesWithoutForce_repositoryNotEmpty() {
    call("PutImage", put("1", MANIFEST));

    assertError(
        ecr,
        "DeleteRepository",
        "{\"repositoryName\":\"ourthing/app\"}",
        "RepositoryNotEmptyException",
        "The repository with name 'ourthing/app' in registry with id '111111111111' cannot be"
            + " deleted because it still contains images");
    assertThat(store.repository(OURS, "ourthing/app")).isPresent();
  }

  @Test
  void deleteRepository_withImagesAndForce_imagesAndRepositoryGone() {
    call("PutImage", put("1", MANIFEST));

    call("DeleteRepository", "{\"repositoryName\":\"ourthing/app\",\"force\":true}");

    assertThat(registry.images(OURS + "/ourthing/app")).isEmpty();
    assertThat(store.repository(OURS, "ourthing/app")).isEmpty();
  }

  @Test
  void createRepository_withRegistry_uriAndProxyEndpointOfTheRegistry() {
    JsonNode repository =
        call("DescribeRepositories", "{\"repositoryNames\":[\"ourthing/app\"]}")
            .at("/repositories/0");
    JsonNode data = call("GetAuthorizationToken", "{}").at("/authorizationData/0");

    assertThat(repository.get("repositoryUri").asText())
        .isEqualTo("127.0.0.1:5000/111111111111/ourthing/app");
    assertThat(data.get("proxyEndpoint").asText()).isEqualTo("http://127.0.0.1:5000");
  }

  @Test
  void noRegistry_readsEmptyAndPutImageRefused() {
    JsonNode described =
        call(withoutRegistry, "DescribeImages", "{\"repositoryName\":\"ourthing/app\"}");
    JsonNode listed = call(withoutRegistry, "ListImages", "{\"repositoryName\":\"ourthing/app\"}");

    assertThat(described.get("imageDetails")).isEmpty();
    assertThat(listed.get("imageIds")).isEmpty();
    assertError(
        withoutRegistry,
        "PutImage",
        put("1", MANIFEST),
        "InvalidParameterException",
        "without a registry");
  }

  @Test
  void imageCalls_missingRepository_repositoryNotFound() {
    assertError(
        ecr,
        "ListImages",
        "{\"repositoryName\":\"ourthing/missing\"}",
        "RepositoryNotFoundException",
        "The repository with name 'ourthing/missing' does not exist in the registry with id"
            + " '111111111111'");
  }
}
