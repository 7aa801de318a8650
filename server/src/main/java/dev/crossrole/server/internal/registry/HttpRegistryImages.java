package dev.crossrole.server.internal.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.net.ssl.SSLContext;

/**
 * {@link RegistryImages} over the registry's HTTP API v2. crossrole is a client like any other,
 * with tokens it signs for itself granting pull, push and delete on the one repository a call
 * concerns. The registry's API lists tags, not untagged manifests, so {@link #images(String)} holds
 * the tagged images, and untagged ones are found only by the digests a caller knows; it has no push
 * times, so {@code pushedAt} is empty.
 */
public final class HttpRegistryImages implements RegistryImages {
  /** The manifest types crossrole asks for: OCI and Docker v2, single images and indexes. */
  static final String ACCEPT =
      String.join(
          ", ",
          "application/vnd.oci.image.manifest.v1+json",
          "application/vnd.oci.image.index.v1+json",
          "application/vnd.docker.distribution.manifest.v2+json",
          "application/vnd.docker.distribution.manifest.list.v2+json");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String SUBJECT = "crossrole";

  private final URI base;
  private final RegistryTokens tokens;
  private final HttpClient http;

  /**
   * The registry at {@code base}, reached with tokens from {@code tokens}; over HTTPS with {@code
   * tls} as the client's context when given, else with the JDK's default trust.
   */
  public HttpRegistryImages(URI base, RegistryTokens tokens, Optional<SSLContext> tls) {
    this.base = base;
    this.tokens = tokens;
    HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    tls.ifPresent(client::sslContext);
    this.http = client.build();
  }

  @Override
  public List<Image> images(String repository) {
    return images(repository, Set.of());
  }

  @Override
  public List<Image> images(String repository, Set<String> knownDigests) {
    Map<String, List<String>> tagsByDigest = new LinkedHashMap<>();
    Map<String, Manifest> manifests = new LinkedHashMap<>();
    HttpResponse<byte[]> tags = send(repository, "GET", "/tags/list", Optional.empty(), null);
    JsonNode names = JSON.missingNode();
    if (tags.statusCode() != 404) {
      expect(tags, 200);
      names = json(tags.body()).path("tags");
    }
    for (JsonNode name : names) {
      Optional<Manifest> manifest = manifest(repository, name.asText());
      if (manifest.isEmpty()) {
        continue; // untagged between the list and this read
      }
      manifests.putIfAbsent(manifest.get().digest(), manifest.get());
      tagsByDigest
          .computeIfAbsent(manifest.get().digest(), d -> new ArrayList<>())
          .add(name.asText());
    }
    for (String digest : knownDigests) {
      if (!manifests.containsKey(digest)) {
        manifest(repository, digest)
            .ifPresent(
                m -> {
                  manifests.put(m.digest(), m);
                  tagsByDigest.put(m.digest(), List.of());
                });
      }
    }
    List<Image> images = new ArrayList<>();
    for (Manifest m : manifests.values()) {
      JsonNode body = json(m.body());
      images.add(
          new Image(
              m.digest(),
              List.copyOf(new TreeSet<>(tagsByDigest.get(m.digest()))),
              size(body),
              m.mediaType(),
              artifactMediaType(body),
              Optional.<Instant>empty()));
    }
    return images;
  }

  @Override
  public Optional<Manifest> manifest(String repository, String reference) {
    HttpResponse<byte[]> r =
        send(repository, "GET", "/manifests/" + reference, Optional.empty(), null);
    if (r.statusCode() == 404) {
      return Optional.empty();
    }
    expect(r, 200);
    String digest =
        r.headers().firstValue("Docker-Content-Digest").orElseGet(() -> digest(r.body()));
    String type =
        r.headers()
            .firstValue("Content-Type")
            .orElseGet(() -> json(r.body()).path("mediaType").asText(""));
    return Optional.of(new Manifest(digest, type, r.body()));
  }

  @Override
  public String putManifest(
      String repository, Optional<String> tag, String mediaType, byte[] body) {
    String digest = digest(body);
    HttpResponse<byte[]> r =
        send(repository, "PUT", "/manifests/" + tag.orElse(digest), Optional.of(mediaType), body);
    expect(r, 201);
    return r.headers().firstValue("Docker-Content-Digest").orElse(digest);
  }

  @Override
  public void deleteManifest(String repository, String digest) {
    HttpResponse<byte[]> r =
        send(repository, "DELETE", "/manifests/" + digest, Optional.empty(), null);
    expect(r, 202);
  }

  @Override
  public void deleteRepository(String repository) {
    for (Image image : images(repository)) {
      try {
        deleteManifest(repository, image.digest());
      } catch (RegistryImagesException e) {
        if (e.status() != 404) {
          throw e;
        }
      }
    }
  }

  /** An image's size as ECR reports it: its config and layers, or an index's manifests. */
  static long size(JsonNode manifest) {
    long size = manifest.path("config").path("size").asLong(0);
    for (JsonNode layer : manifest.path("layers")) {
      size += layer.path("size").asLong(0);
    }
    for (JsonNode child : manifest.path("manifests")) {
      size += child.path("size").asLong(0);
    }
    return size;
  }

  private static Optional<String> artifactMediaType(JsonNode manifest) {
    JsonNode type = manifest.path("config").path("mediaType");
    return type.isTextual() ? Optional.of(type.asText()) : Optional.empty();
  }

  static String digest(byte[] body) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private HttpResponse<byte[]> send(
      String repository, String method, String suffix, Optional<String> type, byte[] body) {
    String token =
        tokens
            .issue(
                SUBJECT,
                List.of(
                    new RegistryTokens.Access(
                        "repository", repository, List.of("pull", "push", "delete"))),
                Instant.now().plus(RegistryTokens.LIFETIME))
            .token();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve("/v2/" + repository + suffix))
            .timeout(TIMEOUT)
            .header("Authorization", "Bearer " + token)
            .header("Accept", ACCEPT);
    type.ifPresent(t -> request.header("Content-Type", t));
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new RegistryImagesException(
          "UNAVAILABLE", 503, "the registry at " + base + " cannot be reached: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryImagesException("UNAVAILABLE", 503, "interrupted");
    }
  }

  private static void expect(HttpResponse<byte[]> r, int status) {
    if (r.statusCode() == status) {
      return;
    }
    JsonNode error = json(r.body()).path("errors").path(0);
    throw new RegistryImagesException(
        error.path("code").asText("UNKNOWN"),
        r.statusCode(),
        error.path("message").asText("the registry answered " + r.statusCode()));
  }

  private static JsonNode json(byte[] body) {
    if (body == null || body.length == 0) {
      return JSON.missingNode();
    }
    try {
      JsonNode node = JSON.readTree(body);
      return node == null ? JSON.missingNode() : node;
    } catch (IOException e) {
      return JSON.missingNode();
    }
  }

  @Override
  public String toString() {
    return "HttpRegistryImages[" + base + "]";
  }
}
