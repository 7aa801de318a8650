package dev.crossrole.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@code /metrics} is by configuration: served or not, and the registry child's state when the
 * server runs one.
 */
class MetricsEndpointTest {
  @TempDir Path data;

  static Stream<Arguments> configurations() {
    Observability off = new Observability(Observability.Metrics.OFF, Observability.AccessLog.INFO);
    return Stream.of(
        Arguments.of(
            "metricsOff_notServed_refusedAsUnsigned",
            off,
            new RegistryMode.Off(),
            403,
            Optional.empty()),
        Arguments.of(
            "registryChildUp_servedWithRegistryUp",
            Observability.DEFAULT,
            new RegistryMode.Auto(),
            200,
            Optional.of(1.0)),
        Arguments.of(
            "noRegistry_servedWithoutRegistryState",
            Observability.DEFAULT,
            new RegistryMode.Off(),
            200,
            Optional.empty()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configurations")
  void metrics_configuration_servedAsConfigured(
      String name,
      Observability observability,
      RegistryMode registry,
      int status,
      Optional<Double> registryUp)
      throws Exception {
    try (CrossroleServer server =
        CrossroleServer.start(
            ServerConfig.builder(data)
                .port(0)
                .registry(registry)
                .observability(observability)
                .build())) {
      HttpResponse<String> scraped = get(server.endpoint() + "/metrics");

      assertThat(scraped.statusCode()).isEqualTo(status);
      if (status == 200) {
        assertThat(PrometheusText.parse(scraped.body()).value("crossrole_registry_up", Map.of()))
            .isEqualTo(registryUp);
      }
    }
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
