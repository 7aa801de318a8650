package dev.crossrole.server.internal.registry;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The images a registry holds, as ECR's image calls read and write them. Repositories are the
 * registry's paths {@code ACCOUNT-ID/REPOSITORY-NAME}. Implemented over the registry's HTTP API.
 */
public interface RegistryImages {

  /** A manifest as the registry serves it. */
  record Manifest(String digest, String mediaType, byte[] body) {}

  /** One image: its digest, its tags, its size (config and layers) and when it was pushed. */
  record Image(
      String digest,
      List<String> tags,
      long sizeInBytes,
      String manifestMediaType,
      Optional<String> artifactMediaType,
      Optional<Instant> pushedAt) {

    /** This image with its push time, as known elsewhere than in the registry. */
    public Image withPushedAt(Instant at) {
      return new Image(
          digest, tags, sizeInBytes, manifestMediaType, artifactMediaType, Optional.of(at));
    }
  }

  /** Every image of a repository, newest first; empty when the registry has none. */
  List<Image> images(String repository);

  /**
   * Every image of a repository as {@link #images(String)} lists it, and besides those the ones of
   * {@code knownDigests} the registry still holds without a tag. A registry whose API lists only
   * tags cannot find untagged images itself; one that can ignores the hint.
   */
  default List<Image> images(String repository, Set<String> knownDigests) {
    return images(repository);
  }

  /** The manifest a tag or digest names. */
  Optional<Manifest> manifest(String repository, String reference);

  /** Stores a manifest under a tag (or only by digest when {@code tag} is empty); its digest. */
  String putManifest(String repository, Optional<String> tag, String mediaType, byte[] body);

  /** Deletes the manifest of {@code digest} and every tag that names it. */
  void deleteManifest(String repository, String digest);

  /**
   * Removes one tag; the image it names keeps its other tags, and is deleted with its last one, as
   * ECR's BatchDeleteImage does. The registry's API deletes manifests, not tags, so this deletes
   * the manifest and puts the same bytes back under the remaining tags: the digest does not change,
   * though a pull of one of those tags in between finds nothing.
   *
   * @throws RegistryImagesException {@code MANIFEST_UNKNOWN} when no image has the tag
   */
  default void deleteTag(String repository, String tag) {
    Manifest manifest =
        manifest(repository, tag)
            .orElseThrow(() -> new RegistryImagesException("MANIFEST_UNKNOWN", 404, tag));
    List<String> remaining =
        images(repository).stream()
            .filter(i -> i.digest().equals(manifest.digest()))
            .flatMap(i -> i.tags().stream())
            .filter(t -> !t.equals(tag))
            .toList();
    deleteManifest(repository, manifest.digest());
    for (String other : remaining) {
      putManifest(repository, Optional.of(other), manifest.mediaType(), manifest.body());
    }
  }

  /** Deletes every image of a repository (DeleteRepository with force). */
  void deleteRepository(String repository);
}
