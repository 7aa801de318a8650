package dev.crossrole.server.internal.registry;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

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
      Optional<Instant> pushedAt) {}

  /** Every image of a repository, newest first; empty when the registry has none. */
  List<Image> images(String repository);

  /** The manifest a tag or digest names. */
  Optional<Manifest> manifest(String repository, String reference);

  /** Stores a manifest under a tag (or only by digest when {@code tag} is empty); its digest. */
  String putManifest(String repository, Optional<String> tag, String mediaType, byte[] body);

  /** Deletes the manifest of {@code digest} and every tag that names it. */
  void deleteManifest(String repository, String digest);

  /** Deletes every image of a repository (DeleteRepository with force). */
  void deleteRepository(String repository);
}
