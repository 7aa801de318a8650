package dev.crossrole.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossrole.client.ClientException.Kind;
import dev.crossrole.client.internal.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A file registry clients read their logins from: docker's {@code config.json} or the containers
 * {@code auth.json} of skopeo, podman and buildah. Both keep them the same way — {@code "auths":
 * {"host:port": {"auth": base64(user:password)}}} — so one writer serves both; every other entry
 * and setting of the file is kept. The file is replaced atomically and readable by its owner only:
 * the password goes there and nowhere else (never on a command line).
 */
public final class RegistryAuthFile {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path path;

  private RegistryAuthFile(Path path) {
    this.path = path;
  }

  /**
   * The file to write: {@code authfile} when given, else {@code REGISTRY_AUTH_FILE} (the containers
   * tools' variable), else docker's {@code $DOCKER_CONFIG/config.json} or {@code
   * ~/.docker/config.json}.
   */
  public static RegistryAuthFile locate(
      Optional<Path> authfile, Map<String, String> environment, Path home) {
    if (authfile.isPresent()) {
      return new RegistryAuthFile(authfile.get());
    }
    String containers = environment.getOrDefault("REGISTRY_AUTH_FILE", "");
    if (!containers.isBlank()) {
      return new RegistryAuthFile(Path.of(containers));
    }
    String docker = environment.getOrDefault("DOCKER_CONFIG", "");
    Path dir = docker.isBlank() ? home.resolve(".docker") : Path.of(docker);
    return new RegistryAuthFile(dir.resolve("config.json"));
  }

  public Path path() {
    return path;
  }

  /**
   * Sets the login of each registry, keyed by its host as docker keys it.
   *
   * @throws ClientException of kind CONFIGURATION when the file is not a JSON object or cannot be
   *     read or written
   */
  public void write(List<RegistryCredentials> logins) {
    ObjectNode root = load();
    JsonNode existing = root.get("auths");
    ObjectNode auths = existing instanceof ObjectNode object ? object : root.putObject("auths");
    for (RegistryCredentials login : logins) {
      String pair = login.username() + ":" + login.password();
      auths
          .putObject(login.host())
          .put("auth", Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
    try {
      OwnerOnlyFiles.write(path, JSON.writeValueAsString(root) + "\n");
    } catch (IOException e) {
      throw ClientException.of(Kind.CONFIGURATION, "cannot write " + path + ": " + e, e);
    }
  }

  private ObjectNode load() {
    String text;
    try {
      text = OwnerOnlyFiles.read(path).orElse("");
    } catch (IOException e) {
      throw ClientException.of(Kind.CONFIGURATION, "cannot read " + path + ": " + e, e);
    }
    if (text.isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      if (JSON.readTree(text) instanceof ObjectNode object) {
        return object;
      }
    } catch (JsonProcessingException e) {
      // Reported below without the parser's message, which may quote the file's secrets.
    }
    throw ClientException.of(
        Kind.CONFIGURATION, path + " is not a JSON object: fix or remove it, then log in again");
  }
}
