package dev.crossrole.server.internal.ecr;

import static dev.crossrole.server.internal.ecr.EcrRepositories.NODES;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossrole.core.EcrRepository;
import dev.crossrole.core.IdentityStore;
import dev.crossrole.server.internal.json.JsonCall;
import dev.crossrole.server.internal.json.JsonInput;
import dev.crossrole.server.internal.registry.RegistryImages;
import dev.crossrole.server.internal.request.AwsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * ECR's image calls, read from and written to the registry through {@link RegistryImages}. Without
 * a registry, reads find an empty repository and PutImage is refused.
 *
 * <p>The registry's API knows neither when an image was pushed nor which untagged images it holds,
 * so the store keeps each image's first push time per repository and digest: the registry crossrole
 * runs posts its push events to crossrole, PutImage records its own, and an image first seen
 * otherwise (pushed to a registry run elsewhere) gets the time it was first listed. Those digests
 * are how untagged images are found.
 */
final class EcrImages {
  private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-f0-9]+");

  /**
   * Longer than any registered digest (sha512's is 135 characters); checked before {@link #DIGEST},
   * whose repeated group Java matches by recursion, so a long value cannot overflow the stack.
   */
  private static final int MAX_DIGEST_LENGTH = 256;

  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final String DEFAULT_MEDIA_TYPE =
      "application/vnd.docker.distribution.manifest.v2+json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int DEFAULT_MAX_RESULTS = 100;

  private final EcrRepositories repositories;
  private final Optional<RegistryImages> registry;
  private final IdentityStore store;
  private final Clock clock;

  EcrImages(
      EcrRepositories repositories,
      Optional<RegistryImages> registry,
      IdentityStore store,
      Clock clock) {
    this.repositories = repositories;
    this.registry = registry;
    this.store = store;
    this.clock = clock;
  }

  /** An image id of a request: a digest, a tag, or both. */
  private record ImageId(Optional<String> digest, Optional<String> tag) {
    ObjectNode json() {
      ObjectNode out = NODES.objectNode();
      digest.ifPresent(d -> out.put("imageDigest", d));
      tag.ifPresent(t -> out.put("imageTag", t));
      return out;
    }

    String shown() {
      return "{imageDigest:'" + digest.orElse("null") + "', imageTag:'" + tag.orElse("null") + "'}";
    }
  }

  private static List<ImageId> imageIds(JsonInput in, boolean required) {
    Optional<List<JsonInput>> ids = in.objects("imageIds");
    if (ids.isEmpty()) {
      if (required) {
        throw JsonInput.invalid("imageIds", "Member must not be null");
      }
      return List.of();
    }
    if (ids.get().isEmpty() || ids.get().size() > 100) {
      throw JsonInput.invalid("imageIds", "Member must have length between 1 and 100, inclusive");
    }
    List<ImageId> out = new ArrayList<>();
    for (JsonInput id : ids.get()) {
      out.add(new ImageId(id.string("imageDigest"), id.string("imageTag")));
    }
    return out;
  }

  /**
   * The repository's images, tagged and untagged, newest first, each with its push time (recorded
   * now for an image seen for the first time).
   */
  private List<RegistryImages.Image> images(String account, String name) {
    if (registry.isEmpty()) {
      return List.of();
    }
    Map<String, Instant> pushes = store.imagePushes(account, name);
    List<RegistryImages.Image> found =
        registry.get().images(EcrRepositories.registryPath(account, name), pushes.keySet());
    List<RegistryImages.Image> out = new ArrayList<>();
    for (RegistryImages.Image i : found) {
      if (i.pushedAt().isPresent()) {
        out.add(i);
        continue;
      }
      Instant at = pushes.get(i.digest());
      if (at == null) {
        at = clock.instant();
        store.recordImagePush(account, name, i.digest(), at);
      }
      out.add(i.withPushedAt(at));
    }
    out.sort(
        Comparator.comparing((RegistryImages.Image i) -> i.pushedAt().orElseThrow())
            .reversed()
            .thenComparing(RegistryImages.Image::digest));
    return out;
  }

  /** The image an id names, if any: by digest (and tag, when both are given), or by tag. */
  private static Optional<RegistryImages.Image> find(List<RegistryImages.Image> all, ImageId id) {
    return all.stream()
        .filter(i -> id.digest().isEmpty() || id.digest().get().equals(i.digest()))
        .filter(i -> id.tag().isEmpty() || i.tags().contains(id.tag().get()))
        .findFirst();
  }

  private static Optional<String> tagStatus(JsonInput in) {
    Optional<String> status =
        in.object("filter").flatMap(f -> new JsonInput(f).string("tagStatus"));
    if (status.isPresent() && !List.of("TAGGED", "UNTAGGED", "ANY").contains(status.get())) {
      throw JsonInput.invalid(
          "filter.tagStatus", "Member must satisfy enum value set: [TAGGED, UNTAGGED, ANY]");
    }
    return status;
  }

  private static boolean matches(Optional<String> tagStatus, RegistryImages.Image i) {
    return switch (tagStatus.orElse("ANY")) {
      case "TAGGED" -> !i.tags().isEmpty();
      case "UNTAGGED" -> i.tags().isEmpty();
      default -> true;
    };
  }

  ObjectNode describeImages(JsonCall call, JsonInput in) {
    String account = EcrRepositories.registryId(call, in);
    String name = EcrRepositories.name(in);
    List<ImageId> ids = imageIds(in, false);
    Optional<String> tagStatus = tagStatus(in);
    int max = in.integer("maxResults", 1, 1000).orElse(DEFAULT_MAX_RESULTS);
    int start = in.string("nextToken").map(EcrImages::offset).orElse(0);
    repositories.authorized(call, "ecr:DescribeImages", account, name);
    List<RegistryImages.Image> all = images(account, name);
    List<RegistryImages.Image> selected = new ArrayList<>();
    if (!ids.isEmpty()) {
      for (ImageId id : ids) {
        RegistryImages.Image found =
            find(all, id)
                .orElseThrow(
                    () ->
                        AwsException.json(
                            "ImageNotFoundException",
                            "The image with imageId "
                                + id.shown()
                                + " does not exist within the repository with name '"
                                + name
                                + "' in the registry with id '"
                                + account
                                + "'"));
        if (!selected.contains(found)) {
          selected.add(found);
        }
      }
    } else {
      all.stream().filter(i -> matches(tagStatus, i)).forEach(selected::add);
    }
    ObjectNode out = NODES.objectNode();
    ArrayNode details = out.putArray("imageDetails");
    int end = Math.min(selected.size(), start + max);
    for (RegistryImages.Image i : selected.subList(Math.min(start, end), end)) {
      ObjectNode d = details.addObject();
      d.put("registryId", account);
      d.put("repositoryName", name);
      d.put("imageDigest", i.digest());
      if (!i.tags().isEmpty()) {
        ArrayNode tags = d.putArray("imageTags");
        i.tags().forEach(tags::add);
      }
      d.put("imageSizeInBytes", i.sizeInBytes());
      i.pushedAt().ifPresent(t -> d.put("imagePushedAt", EcrRepositories.epochSeconds(t)));
      d.put("imageManifestMediaType", i.manifestMediaType());
      i.artifactMediaType().ifPresent(t -> d.put("artifactMediaType", t));
    }
    if (end < selected.size()) {
      out.put("nextToken", token(end));
    }
    return out;
  }

  ObjectNode listImages(JsonCall call, JsonInput in) {
    String account = EcrRepositories.registryId(call, in);
    String name = EcrRepositories.name(in);
    Optional<String> tagStatus = tagStatus(in);
    int max = in.integer("maxResults", 1, 1000).orElse(DEFAULT_MAX_RESULTS);
    int start = in.string("nextToken").map(EcrImages::offset).orElse(0);
    repositories.authorized(call, "ecr:ListImages", account, name);
    List<ImageId> ids = new ArrayList<>();
    for (RegistryImages.Image i : images(account, name)) {
      if (!matches(tagStatus, i)) {
        continue;
      }
      if (i.tags().isEmpty()) {
        ids.add(new ImageId(Optional.of(i.digest()), Optional.empty()));
      }
      i.tags().forEach(t -> ids.add(new ImageId(Optional.of(i.digest()), Optional.of(t))));
    }
    ObjectNode out = NODES.objectNode();
    ArrayNode list = out.putArray("imageIds");
    int end = Math.min(ids.size(), start + max);
    ids.subList(Math.min(start, end), end).forEach(id -> list.add(id.json()));
    if (end < ids.size()) {
      out.put("nextToken", token(end));
    }
    return out;
  }

  ObjectNode batchGetImage(JsonCall call, JsonInput in) {
    String account = EcrRepositories.registryId(call, in);
    String name = EcrRepositories.name(in);
    List<ImageId> ids = imageIds(in, true);
    in.strings("acceptedMediaTypes");
    repositories.authorized(call, "ecr:BatchGetImage", account, name);
    String path = EcrRepositories.registryPath(account, name);
    ObjectNode out = NODES.objectNode();
    ArrayNode found = out.putArray("images");
    ArrayNode failures = out.putArray("failures");
    for (ImageId id : ids) {
      Optional<ObjectNode> failure = invalid(id);
      if (failure.isPresent()) {
        failures.add(failure.get());
        continue;
      }
      String reference = id.digest().orElseGet(() -> id.tag().orElseThrow());
      Optional<RegistryImages.Manifest> manifest =
          registry.flatMap(r -> r.manifest(path, reference));
      if (manifest.isEmpty()
          || id.digest().isPresent() && !id.digest().get().equals(manifest.get().digest())) {
        failures.add(failure(id, "ImageNotFound", "Requested image not found"));
        continue;
      }
      found.add(image(account, name, manifest.get(), id.tag()));
    }
    return out;
  }

  ObjectNode batchDeleteImage(JsonCall call, JsonInput in) {
    String account = EcrRepositories.registryId(call, in);
    String name = EcrRepositories.name(in);
    List<ImageId> ids = imageIds(in, true);
    repositories.authorized(call, "ecr:BatchDeleteImage", account, name);
    String path = EcrRepositories.registryPath(account, name);
    List<RegistryImages.Image> all = images(account, name);
    ObjectNode out = NODES.objectNode();
    ArrayNode deleted = out.putArray("imageIds");
    ArrayNode failures = out.putArray("failures");
    for (ImageId id : ids) {
      Optional<ObjectNode> failure = invalid(id);
      if (failure.isPresent()) {
        failures.add(failure.get());
        continue;
      }
      Optional<RegistryImages.Image> image = find(all, id);
      if (image.isEmpty() || registry.isEmpty()) {
        failures.add(failure(id, "ImageNotFound", "Requested image not found"));
        continue;
      }
      String digest = image.get().digest();
      if (id.tag().isPresent() && image.get().tags().size() > 1) {
        // One tag of several: ECR removes that tag alone and keeps the image.
        registry.get().deleteTag(path, id.tag().get());
        deleted.add(new ImageId(Optional.of(digest), id.tag()).json());
        all = images(account, name);
        continue;
      }
      registry.get().deleteManifest(path, digest);
      store.forgetImagePush(account, name, digest);
      all = images(account, name);
      if (image.get().tags().isEmpty()) {
        deleted.add(new ImageId(Optional.of(image.get().digest()), Optional.empty()).json());
      }
      for (String tag : image.get().tags()) {
        deleted.add(new ImageId(Optional.of(image.get().digest()), Optional.of(tag)).json());
      }
    }
    return out;
  }

  ObjectNode putImage(JsonCall call, JsonInput in) {
    String account = EcrRepositories.registryId(call, in);
    String name = EcrRepositories.name(in);
    String manifest = in.requiredString("imageManifest");
    if (manifest.isEmpty() || manifest.length() > 4_194_304) {
      throw JsonInput.invalid("imageManifest", "must have length between 1 and 4194304");
    }
    Optional<String> tag = in.string("imageTag");
    tag.ifPresent(t -> JsonInput.check("imageTag", t, 1, 300, TAG));
    Optional<String> givenDigest = in.string("imageDigest");
    Optional<String> givenType = in.string("imageManifestMediaType");
    EcrRepository r = repositories.authorized(call, "ecr:PutImage", account, name);
    if (registry.isEmpty()) {
      throw AwsException.json(
          "InvalidParameterException",
          "Invalid parameter at 'imageManifest' failed to satisfy constraint: 'this server runs"
              + " without a registry, so images cannot be stored'");
    }
    byte[] body = manifest.getBytes(StandardCharsets.UTF_8);
    String digest = "sha256:" + sha256(body);
    if (givenDigest.isPresent() && !givenDigest.get().equals(digest)) {
      throw AwsException.json(
          "ImageDigestDoesNotMatchException",
          "The specified digest '"
              + givenDigest.get()
              + "' does not match the digest '"
              + digest
              + "' calculated for the image manifest");
    }
    String mediaType = givenType.orElseGet(() -> mediaType(manifest));
    String path = EcrRepositories.registryPath(account, name);
    List<RegistryImages.Image> all = images(account, name);
    for (RegistryImages.Image i : all) {
      boolean sameDigest = i.digest().equals(digest);
      boolean hasTag = tag.isPresent() && i.tags().contains(tag.get());
      if (sameDigest && (tag.isEmpty() || hasTag)) {
        throw AwsException.json(
            "ImageAlreadyExistsException",
            "Image with digest '"
                + digest
                + "' and tag '"
                + tag.orElse("null")
                + "' already exists in the repository with name '"
                + name
                + "' in registry with id '"
                + account
                + "'");
      }
      if (hasTag && r.imageTagMutability().equals("IMMUTABLE")) {
        throw AwsException.json(
            "ImageTagAlreadyExistsException",
            "The image tag '"
                + tag.get()
                + "' already exists in the '"
                + name
                + "' repository and cannot be overwritten because the repository is immutable.");
      }
    }
    String stored = registry.get().putManifest(path, tag, mediaType, body);
    store.recordImagePush(account, name, stored, clock.instant());
    ObjectNode out = NODES.objectNode();
    out.set(
        "image", image(account, name, new RegistryImages.Manifest(stored, mediaType, body), tag));
    return out;
  }

  /** The manifest's own {@code mediaType}, or Docker's schema 2 when it names none. */
  private static String mediaType(String manifest) {
    JsonNode node;
    try {
      node = JSON.readTree(manifest);
    } catch (IOException e) {
      throw AwsException.json(
          "InvalidParameterException",
          "Invalid parameter at 'imageManifest' failed to satisfy constraint: 'Invalid JSON"
              + " syntax'");
    }
    JsonNode type = node == null ? null : node.get("mediaType");
    return type != null && type.isTextual() ? type.textValue() : DEFAULT_MEDIA_TYPE;
  }

  private static ObjectNode image(
      String account, String name, RegistryImages.Manifest m, Optional<String> tag) {
    ObjectNode out = NODES.objectNode();
    out.put("registryId", account);
    out.put("repositoryName", name);
    out.set("imageId", new ImageId(Optional.of(m.digest()), tag).json());
    out.put("imageManifest", new String(m.body(), StandardCharsets.UTF_8));
    out.put("imageManifestMediaType", m.mediaType());
    return out;
  }

  /** The failure of an id that names neither a valid digest nor a valid tag, if it does not. */
  private static Optional<ObjectNode> invalid(ImageId id) {
    if (id.digest().isEmpty() && id.tag().isEmpty()) {
      return Optional.of(
          failure(
              id,
              "MissingDigestAndTag",
              "Invalid request parameters: both tag and digest" + " cannot be null"));
    }
    if (id.digest().isPresent()
        && (id.digest().get().length() > MAX_DIGEST_LENGTH
            || !DIGEST.matcher(id.digest().get()).matches())) {
      return Optional.of(failure(id, "InvalidImageDigest", "Invalid image digest"));
    }
    if (id.tag().isPresent() && !TAG.matcher(id.tag().get()).matches()) {
      return Optional.of(failure(id, "InvalidImageTag", "Invalid image tag"));
    }
    return Optional.empty();
  }

  private static ObjectNode failure(ImageId id, String code, String reason) {
    ObjectNode f = NODES.objectNode();
    f.set("imageId", id.json());
    f.put("failureCode", code);
    f.put("failureReason", reason);
    return f;
  }

  private static String token(int offset) {
    return EcrService.encodeToken(Integer.toString(offset));
  }

  private static int offset(String token) {
    try {
      int n = Integer.parseInt(EcrService.decodeToken(token));
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // Falls through: a token we did not issue.
    }
    throw AwsException.json(
        "InvalidParameterException",
        "Invalid parameter at 'nextToken' failed to satisfy constraint: 'Invalid pagination"
            + " token'");
  }

  private static String sha256(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in Java SE", e);
    }
  }
}
