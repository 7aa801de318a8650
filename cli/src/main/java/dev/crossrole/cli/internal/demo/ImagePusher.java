package dev.crossrole.cli.internal.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.http.ResponseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;

/**
 * Builds the demo's small image (one file on an empty base, in OCI format) and pushes it with jib,
 * the way a build pushes with {@code docker} or {@code skopeo}: the registry sends it to
 * crossrole's token endpoint with the ECR password, and crossrole grants the push only where IAM
 * allows it.
 */
final class ImagePusher {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path workDirectory;

  /** Keeps the image's file and jib's layer caches under {@code workDirectory}. */
  ImagePusher(Path workDirectory) {
    this.workDirectory = Objects.requireNonNull(workDirectory, "workDirectory");
  }

  /**
   * Pushes the image to {@code reference} ({@code HOST:PORT/ACCOUNT/REPOSITORY:TAG}) logged in as
   * {@code user} with {@code password}, over plain HTTP as the loopback registry speaks it.
   *
   * @return the pushed manifest's digest
   * @throws StepRefusedException when the registry refuses the push
   */
  String push(String reference, String user, String password) {
    try {
      Path file = Files.createDirectories(workDirectory.resolve("image")).resolve("hello.txt");
      Files.writeString(file, "Pushed by crossrole demo.\n");
      Containerizer target =
          Containerizer.to(
                  RegistryImage.named(ImageReference.parse(reference))
                      .addCredential(user, password))
              .setAllowInsecureRegistries(true)
              .setBaseImageLayersCache(workDirectory.resolve("jib-cache/base"))
              .setApplicationLayersCache(workDirectory.resolve("jib-cache/application"))
              .setToolName("crossrole-demo");
      JibContainer pushed =
          SystemProperties.with(
              Map.of("sendCredentialsOverHttp", "true"), () -> containerize(file, target));
      return pushed.getDigest().toString();
    } catch (IOException e) {
      throw new DemoException("cannot write the image's file: " + e.getMessage(), e);
    } catch (InvalidImageReferenceException e) {
      throw new DemoException("not an image reference: " + reference, e);
    }
  }

  /**
   * The registry's refusal with its error code: the one its answer names in {@code errors}, else
   * the distribution API's code for the status ({@code UNAUTHORIZED} for 401, {@code DENIED} for
   * 403), since an answer to a HEAD request has no body.
   */
  private static StepRefusedException refusal(RegistryUnauthorizedException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ResponseException answer) {
        String code =
            errorOf(answer.getContent())
                .path("code")
                .asText(
                    switch (answer.getStatusCode()) {
                      case 401 -> "UNAUTHORIZED";
                      case 403 -> "DENIED";
                      default -> "HTTP " + answer.getStatusCode();
                    });
        return new StepRefusedException(code, e.getMessage(), e);
      }
    }
    return new StepRefusedException("UNAUTHORIZED", e.getMessage(), e);
  }

  private static JsonNode errorOf(String content) {
    if (content == null) {
      return MissingNode.getInstance();
    }
    try {
      return JSON.readTree(content).path("errors").path(0);
    } catch (JsonProcessingException notJson) {
      return MissingNode.getInstance();
    }
  }

  private static JibContainer containerize(Path file, Containerizer target) {
    try {
      return Jib.fromScratch()
          .setFormat(ImageFormat.OCI)
          .setCreationTime(Instant.EPOCH)
          .addLabel("org.opencontainers.image.title", "crossrole demo")
          .addLayer(List.of(file), AbsoluteUnixPath.get("/"))
          .containerize(target);
    } catch (RegistryUnauthorizedException e) {
      throw refusal(e);
    } catch (RegistryException | IOException | CacheDirectoryCreationException e) {
      throw new DemoException("cannot push the image: " + e.getMessage(), e);
    } catch (ExecutionException e) {
      throw new DemoException("cannot push the image: " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DemoException("interrupted while pushing the image", e);
    }
  }
}
