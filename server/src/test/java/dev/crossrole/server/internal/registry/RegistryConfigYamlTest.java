package dev.crossrole.server.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistryConfigYamlTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final URI REALM = URI.create("http://127.0.0.1:4747/registry/token");
  private static final URI EVENTS = URI.create("http://127.0.0.1:4747/registry/events");

  @Test
  void render_valuesWithLineBreaksAndQuotes_readBackWholeWithoutAddedKeys() throws Exception {
    String storage = "/srv/images\"\nhttp:\n  addr: \"0.0.0.0:80\"\n#";
    String secret = "s3cret\"]\nauth: {}\n\\";

    String text =
        RegistryConfigYaml.render(
            "127.0.0.1:5000",
            Path.of(storage),
            REALM,
            Path.of("/srv/token-signing.pem"),
            Optional.of(new RegistryConfigYaml.Notifications(EVENTS, secret)),
            Optional.empty());

    JsonNode config = YAML.readTree(text);
    assertThat(config.path("storage").path("filesystem").path("rootdirectory").asText())
        .isEqualTo(storage);
    assertThat(config.path("http").path("addr").asText()).isEqualTo("127.0.0.1:5000");
    assertThat(config.path("auth").path("token").path("realm").asText())
        .isEqualTo(REALM.toString());
    JsonNode endpoint = config.path("notifications").path("endpoints").path(0);
    assertThat(endpoint.path("headers").path("Authorization").path(0).asText())
        .isEqualTo("Bearer " + secret);
    assertThat(fieldNames(config))
        .containsExactly("version", "log", "storage", "http", "auth", "notifications");
  }

  @Test
  void render_noNotifications_theRegistrysSettingsAndNoEndpoint() throws Exception {
    JsonNode config =
        YAML.readTree(
            RegistryConfigYaml.render(
                "127.0.0.1:5000",
                Path.of("/srv/images"),
                REALM,
                Path.of("/srv/token-signing.pem"),
                Optional.empty(),
                Optional.empty()));

    assertThat(config.path("version").asText()).isEqualTo("0.1");
    assertThat(config.path("log").path("level").asText()).isEqualTo("info");
    assertThat(config.path("storage").path("delete").path("enabled").asBoolean()).isTrue();
    assertThat(config.path("auth").path("token").path("service").asText())
        .isEqualTo(RegistryTokens.SERVICE);
    assertThat(config.path("auth").path("token").path("issuer").asText())
        .isEqualTo(RegistryTokens.ISSUER);
    assertThat(config.path("auth").path("token").path("rootcertbundle").asText())
        .isEqualTo("/srv/token-signing.pem");
    assertThat(config.has("notifications")).isFalse();
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
